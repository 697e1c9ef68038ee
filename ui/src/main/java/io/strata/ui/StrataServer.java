package io.strata.ui;

import io.strata.service.Workspace;
import io.strata.lake.LakeLocator;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/** The Spring application behind {@code strata serve}: one {@link Workspace} that every controller calls. */
@SpringBootApplication
public class StrataServer {
    /** The project, its servers found by the locator {@link ServeCommand#start} was given. */
    @Bean(destroyMethod = "close")
    Workspace workspace(ServerSettings settings, LakeLocator locator) {
        return Workspace.open(settings.project(), settings.options(), locator);
    }

    @Bean
    FilterRegistrationBean<AccessFilter> accessFilter(ServerSettings settings) {
        FilterRegistrationBean<AccessFilter> registration = new FilterRegistrationBean<>(new AccessFilter(settings.token()));
        registration.addUrlPatterns("/*");
        registration.setOrder(0);
        return registration;
    }
}
