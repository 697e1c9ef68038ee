package io.strata.cli;

import io.strata.stack.LocalStack;
import io.strata.stack.Service;
import io.strata.stack.ServiceStatus;
import io.strata.lake.LakeEndpoints;
import io.strata.stack.StackSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code strata stack up|down|status|logs}: the local Trino + Nessie + object store. */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "The local stack: real Trino, Project Nessie and an S3-API object store (S3Proxy) as child processes.",
        subcommands = {StackCommand.Up.class, StackCommand.Down.class, StackCommand.Status.class, StackCommand.Logs.class})
final class StackCommand {
    /** The project whose stack it is: state lives in {@code <project>/.strata/stack}. */
    static final class StackOptions {
        @Option(names = "--project", paramLabel = "DIR", description = "The project folder (default: the current folder).")
        Path project = Path.of(".");

        @Option(names = "--profile", paramLabel = "NAME", description = "The profile (default: the project's 'profile:', else 'local');"
                + " its run_store: says where runs are recorded.")
        String profile;

        /** The project opened with its profile alone, for commands that compile nothing themselves. */
        io.strata.service.Workspace open(PrintWriter err) {
            return ProjectPlace.open(project, io.strata.compile.CompileOptions.defaults().withProfile(java.util.Optional.ofNullable(profile)), err);
        }

        LocalStack stack(PrintWriter err) {
            return new LocalStack(StackSettings.forProject(ProjectPlace.root(project), ProjectPlace.messages(err)));
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Start the stack (or reuse the running one) and wait until it answers.")
    static final class Up implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        StackOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            LakeEndpoints endpoints = options.stack(spec.commandLine().getErr()).up();
            PrintWriter out = spec.commandLine().getOut();
            out.println("trino   " + endpoints.trino());
            out.println("nessie  " + endpoints.nessie());
            out.println("s3      " + endpoints.objectStore());
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the processes Strata started; data stays unless --purge.")
    static final class Down implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        StackOptions options;

        @Option(names = "--purge", description = "Also delete the stack's data (tables, Nessie history, logs).")
        boolean purge;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<Service> stopped = options.stack(spec.commandLine().getErr()).down(purge);
            spec.commandLine().getOut().println(stopped.isEmpty() ? "Nothing was running" + (purge ? "; data removed" : "")
                    : "Stopped " + String.join(", ", stopped.stream().map(Service::id).toList()) + (purge ? "; data removed" : ""));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show each process: pid, port, version, health and memory.")
    static final class Status implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        StackOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<ServiceStatus> statuses = options.stack(spec.commandLine().getErr()).status();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-8s  %-8s  %-6s  %-7s  %-8s  %s%n", "PROCESS", "PID", "PORT", "VERSION", "HEALTH", "MEMORY");
            for (ServiceStatus status : statuses) {
                String health = status.healthy() ? "healthy" : status.running() ? "starting" : "stopped";
                out.printf("%-8s  %-8s  %-6s  %-7s  %-8s  %s%n", status.service().id(), status.pid().map(String::valueOf).orElse("-"),
                        status.port().map(String::valueOf).orElse("-"), status.version(), health,
                        status.residentBytes().map(bytes -> (bytes >> 20) + " MB").orElse("-"));
            }
            return statuses.stream().allMatch(ServiceStatus::healthy) ? 0 : 1;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print the end of a process's log.")
    static final class Logs implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        StackOptions options;

        @Parameters(paramLabel = "PROCESS", description = "s3proxy, nessie or trino.")
        String process;

        @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "How many lines (default 50).")
        int lines = 50;

        @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
        boolean follow;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            LocalStack stack = options.stack(spec.commandLine().getErr());
            Service service = Service.byId(process);
            PrintWriter out = spec.commandLine().getOut();
            out.println(stack.tail(service, lines));
            out.flush();
            if (follow) {
                Path log = stack.logFile(service);
                long position = Files.exists(log) ? Files.size(log) : 0;
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(500);
                    long size = Files.exists(log) ? Files.size(log) : 0;
                    if (size > position) {
                        try (var channel = Files.newByteChannel(log)) {
                            channel.position(position);
                            var buffer = java.nio.ByteBuffer.allocate((int) Math.min(size - position, 1 << 20));
                            channel.read(buffer);
                            out.print(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
                            out.flush();
                            position += buffer.position();
                        }
                    }
                }
            }
            return 0;
        }
    }
}
