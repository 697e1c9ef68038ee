package io.strata.ui;

import io.strata.compile.CompileOptions;
import io.strata.lake.LakeLocator;
import io.strata.project.StrataException;
import io.strata.schedule.ScheduleReader;
import io.strata.service.Workspace;
import io.strata.stack.Profiles;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
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

    @Option(names = "--no-schedules", description = "Do not fire the project's schedules and sensors (another server fires them).")
    boolean noSchedules;

    @Option(names = "--ignore-invalid-schedules", description = "Start even when some schedules or sensors are invalid: fire the others and"
            + " say which were left out.")
    boolean ignoreInvalidSchedules;

    @Option(names = "--no-validate", description = "Do not check the column names of the models' SQL (see docs/lineage.md).")
    boolean noValidate;

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
            settings = ServerSettings.of(project.toAbsolutePath().normalize(), CompileOptions.defaults().withProfile(Optional.ofNullable(profile)).withValidation(!noValidate),
                    host, port,
                    Optional.ofNullable(System.getenv(TOKEN_VARIABLE)).filter(token -> !token.isBlank()))
                    .withSchedules(noSchedules ? ServerSettings.Schedules.OFF
                            : ignoreInvalidSchedules ? ServerSettings.Schedules.IGNORE_INVALID : ServerSettings.Schedules.ON);
        }
        catch (IllegalArgumentException e) {
            System.err.println("strata serve: " + e.getMessage());
            return 2;
        }
        try {
            LakeLocator locator = (profile, root) -> Profiles.endpoints(profile, root, System.err);
            // The project, its profile and its schedules are read once before the server starts: an error is said plainly,
            // not as a failed start.
            try (Workspace workspace = Workspace.open(settings.project(), settings.options(), locator)) {
                if (settings.schedules() != ServerSettings.Schedules.OFF) {
                    ScheduleReader.Review review = workspace.reviewSchedules();
                    if (!review.errors().isEmpty() && settings.schedules() == ServerSettings.Schedules.ON) {
                        review.errors().forEach(error -> System.err.println(error));
                        System.err.println("strata serve: " + review.errors().size() + " invalid schedule(s) or sensor(s); fix them, or start with"
                                + " --ignore-invalid-schedules to fire the others");
                        return 1;
                    }
                    review.errors().forEach(error -> System.err.println(error + " (left out)"));
                }
            }
            ConfigurableApplicationContext context = start(settings, locator);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            Workspace workspace = context.getBean(Workspace.class);
            String address = "http://" + (settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host()) + ":" + port;
            System.out.println("Strata serves " + workspace.root() + " (profile " + workspace.profile().name() + ") at " + address
                    + "/  (REST API: " + address + "/api, its documentation: " + address + "/api/docs)" + (settings.token().isPresent()
                    ? "; open " + address + "/?token=<" + TOKEN_VARIABLE + "> once in a browser" : ""));
            return 0;
        }
        catch (RuntimeException e) {
            // The project could not be opened (no project file, a broken profile): said as the CLI says it, without Spring's trace.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof StrataException strata) {
                    System.err.println("strata serve: " + strata.getMessage());
                    return 1;
                }
            }
            throw e;
        }
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
