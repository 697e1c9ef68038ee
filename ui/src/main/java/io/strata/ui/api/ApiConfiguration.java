package io.strata.ui.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** What the REST API needs besides its controllers: the threads of the live run logs, and the head of its OpenAPI document. */
@Configuration
class ApiConfiguration {
    static final String RUN_STREAM_EXECUTOR = "runStreamExecutor";

    /** Two threads poll the run store for every open live log (a poll is one small query); stopped with the server. */
    @Bean(name = RUN_STREAM_EXECUTOR, destroyMethod = "shutdownNow")
    ScheduledExecutorService runStreamExecutor() {
        return Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("strata-run-stream-", 0).daemon().factory());
    }

    @Bean
    OpenAPI strataOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Strata server").version("1")
                        .description("The REST API of strata serve: the project's assets and their lineage, runs (start, follow live, cancel),"
                                + " branches (review a diff, merge, drop), schedules and sensors (trigger, pause, resume)."
                                + " Calls that change something are POST or DELETE and carry the header"
                                + " X-Strata-Request. Errors are JSON: {error, message, location}."))
                .components(new Components().addSecuritySchemes("token", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("Needed when the server is bound beyond the loopback address (STRATA_SERVE_TOKEN)")))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }
}
