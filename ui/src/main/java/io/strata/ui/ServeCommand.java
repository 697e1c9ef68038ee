package io.strata.ui;

import io.strata.compile.CompileOptions;
import io.strata.lake.LakeLocator;
import io.strata.stack.Profiles;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code strata serve}: the REST API and the web lineage UI over one project. Binds the loopback address by
 * default; bound to any other address it requires the token in {@code STRATA_SERVE_TOKEN} and will not start
 * without one.
 */
@Command(name = "strata serve", mixinStandardHelpOptions = true,
        description = "Serves the REST API (/api) and the web lineage UI of a project.")
public final class ServeCommand implements Callable<Integer> {
    /** The environment variable holding the access token. */
    public static final String TOKEN_VARIABLE = "STRATA_SERVE_TOKEN";

    @Option(names = "--project", paramLabel = "DIR", description = "The project folder (holding strata.yml or dbt_project.yml). Default: the current folder.")
    Path project = Path.of(".");

    @Option(names = "--profile", paramLabel = "NAME", description = "The profile to use (default: the project's 'profile:', else 'local').")
    String profile;

    @Option(names = "--port", paramLabel = "PORT", description = "The port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 3000;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "The address to bind (default: ${DEFAULT-VALUE}). Any other than the"
            + " loopback address needs " + TOKEN_VARIABLE + ".")
    String host = "127.0.0.1";

    public static void main(String[] args) {
        int exit = new CommandLine(new ServeCommand()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
        // Started: the server's threads keep the process alive until it is stopped.
    }

    @Override
    public Integer call() {
        ServerSettings settings;
        try {
            settings = ServerSettings.of(project, CompileOptions.defaults().withProfile(Optional.ofNullable(profile)), host, port,
                    Optional.ofNullable(System.getenv(TOKEN_VARIABLE)).filter(token -> !token.isBlank()));
        }
        catch (IllegalArgumentException e) {
            System.err.println("strata serve: " + e.getMessage());
            return 2;
        }
        start(settings, (profile, root) -> Profiles.endpoints(profile, root, System.err));
        return 0;
    }

    /**
     * Starts the server on the settings' project, finding its servers with {@code locator} (for {@code strata serve}:
     * the local stack, started or reused, for a local profile; the servers a remote profile names otherwise). It runs
     * until the context is closed.
     */
    public static ConfigurableApplicationContext start(ServerSettings settings, LakeLocator locator) {
        SpringApplication application = new SpringApplication(StrataServer.class);
        application.setDefaultProperties(Map.of(
                "server.address", settings.host(),
                "server.port", String.valueOf(settings.port())));
        application.addInitializers(context -> {
            context.getBeanFactory().registerSingleton("serverSettings", settings);
            context.getBeanFactory().registerSingleton("lakeLocator", locator);
        });
        return application.run();
    }
}
