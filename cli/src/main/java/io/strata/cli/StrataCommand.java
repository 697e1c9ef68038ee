package io.strata.cli;

import io.strata.project.ProjectException;
import io.strata.project.StrataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Optional;

/** The {@code strata} command. */
@Command(name = "strata", mixinStandardHelpOptions = true, versionProvider = StrataCommand.Version.class,
        description = "Asset orchestration with dbt-style SQL models on Iceberg, Nessie and Trino.",
        subcommands = {CompileCommand.class, DepsCommand.class, LsCommand.class, GraphCommand.class, LineageCommand.class, PlanCommand.class, MaterializeCommand.class, PartitionsCommand.class, TestCommand.class, RunsCommand.class, BranchesCommand.class, DiffCommand.class, SchedulesCommand.class,
                StackCommand.class, QueryCommand.class, InferSchemaCommand.class,
                CommandLine.HelpCommand.class})
public final class StrataCommand {
    /** Exit code of a project or input the user must fix. */
    static final int USER_ERROR = 1;
    /** Exit code of a command line picocli cannot read. */
    static final int USAGE_ERROR = 2;
    /** Exit code of a fault in Strata itself. */
    static final int INTERNAL_ERROR = 3;
    /** Exit code when the project is fine but its environment is not (engine, Nessie, object store, run store). */
    static final int ENVIRONMENT_ERROR = 4;
    /** Exit code of a merge that conflicted with another run's. */
    static final int CONFLICT = 5;
    /** Exit code of a run that built but was not merged (failures, failed checks, conflict). */
    static final int NOT_MERGED = 6;
    /** Exit code when an error-severity test failed. */
    static final int TESTS_FAILED = 7;
    /** Exit code of a run the user cancelled (as a shell reports Ctrl-C). */
    static final int CANCELLED = 130;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    public static void main(String[] args) {
        // Libraries that log through java.util.logging (Tribuo in Java assets, for one) say only what went wrong, as slf4j's do.
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        java.util.logging.Logger.getLogger("").setLevel(debug ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
        // Libraries log through slf4j (the Nessie client, Iceberg, the AWS SDK): their lines reach the user with --debug
        // only; what went wrong reaches the user as Strata's own message. Strata's own warnings stay.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "error");
        System.setProperty("org.slf4j.simpleLogger.log.io.strata", debug ? "debug" : "warn");
        if (debug) {
            // strata serve: the server's libraries log at info too (its application.properties keeps them to errors).
            System.setProperty("logging.level.root", "INFO");
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** The {@code --project} folder of the command run (the current folder by default). */
    private static java.nio.file.Path projectFolder(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult command = parseResult;
        while (command.subcommand() != null) {
            command = command.subcommand();
        }
        return command.matchedOptionValue("--project", java.nio.file.Path.of("."));
    }

    /** Runs the command line with the given output streams and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        StrataCommand root = new StrataCommand();
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(exception -> switch (exception) {
            case CommandLine.ParameterException parameter -> USAGE_ERROR;
            case StrataException strata -> exitCode(strata.kind());
            default -> INTERNAL_ERROR;
        });
        commandLine.getCommandSpec().exitCodeOnInvalidInput(USAGE_ERROR);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            boolean debug = root.debug || parseResult.originalArgs().contains("--debug");
            PrintWriter errors = line.getErr();
            if (exception instanceof ProjectException project) {
                Console.printDiagnostics(errors, project.diagnostics(), projectFolder(parseResult));
                int count = project.errors().size();
                errors.println("strata: " + count + (count == 1 ? " error" : " errors") + "; nothing was written");
            }
            else if (exception instanceof StrataException strata) {
                errors.println("error: " + strata.getMessage());
            }
            else if (io.strata.lake.LakeException.lostConnection(exception).isPresent()) {
                errors.println("error: a service of the lakehouse stopped answering (" + io.strata.lake.LakeException.lostConnection(exception).get() + "); on the local stack,"
                        + " the next command restarts what stopped (strata stack status says what runs)");
            }
            else {
                errors.println("strata: internal error: " + exception + (debug ? "" : " (run with --debug for the stack trace)"));
            }
            if (debug) {
                exception.printStackTrace(errors);
            }
            errors.flush();
            return exception instanceof StrataException strata ? exitCode(strata.kind())
                    : io.strata.lake.LakeException.lostConnection(exception).isPresent() ? ENVIRONMENT_ERROR : INTERNAL_ERROR;
        });
        return commandLine.execute(args);
    }

    /** The documented exit code of each kind of error. */
    static int exitCode(StrataException.Kind kind) {
        return switch (kind) {
            case PROJECT, NOT_FOUND -> USER_ERROR;
            case ENVIRONMENT -> ENVIRONMENT_ERROR;
            case CONFLICT -> CONFLICT;
            case CHECKS_FAILED -> TESTS_FAILED;
            case CANCELLED -> CANCELLED;
            case INTERNAL -> INTERNAL_ERROR;
        };
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = StrataCommand.class.getPackage().getImplementationVersion();
            return new String[] {"strata " + (version == null ? "development build" : version)};
        }
    }
}
