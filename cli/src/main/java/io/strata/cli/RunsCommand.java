package io.strata.cli;

import io.strata.run.RunStatus;
import io.strata.run.RunStore;
import io.strata.service.RunDetail;
import io.strata.service.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code strata runs} and {@code strata runs show ID}: the run history of the project. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List recent runs, newest first.",
        subcommands = RunsCommand.Show.class)
final class RunsCommand implements Callable<Integer> {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Mixin
    StackCommand.StackOptions project;

    @Option(names = "--limit", paramLabel = "N", description = "How many runs (default 20).")
    int limit = 20;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace workspace = project.open(spec.commandLine().getErr())) {
            out.printf("%-25s %-20s %-10s %-19s %8s  %-40s %s%n", "RUN", "STATUS", "TRIGGER", "STARTED", "TIME", "ASSETS", "BRANCH");
            for (RunStore.RunSummary run : workspace.runs(limit)) {
                out.printf("%-25s %-20s %-10s %-19s %8s  %-40s %s%n", run.id(), run.status(), run.trigger(), TIME.format(run.startedAt()),
                        run.duration().map(RunsCommand::seconds).orElse("-"),
                        run.built() + " built, " + run.upToDate() + " up to date, " + run.failed() + " failed, " + run.skipped() + " skipped",
                        run.status() == RunStatus.MERGED ? "(merged)" : run.branch());
            }
        }
        return 0;
    }

    private static String seconds(java.time.Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one run: each asset and each check.")
    static final class Show implements Callable<Integer> {
        @Mixin
        StackCommand.StackOptions project;

        @Parameters(paramLabel = "ID", description = "The run's id, as strata runs lists it.")
        String id;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Workspace workspace = project.open(spec.commandLine().getErr())) {
                RunDetail detail = workspace.run(id);
                RunStore.RunSummary run = detail.run();
                out.println("Run " + run.id() + ": " + run.status() + " on branch " + run.branch() + ", started by " + run.trigger() + " at " + TIME.format(run.startedAt())
                        + run.duration().map(duration -> ", " + seconds(duration)).orElse(""));
                run.mergedCommit().ifPresent(commit -> out.println("Merged commit: " + commit));
                run.reason().ifPresent(reason -> out.println("Reason: " + reason));
                out.println();
                for (RunStore.MaterializationRecord asset : detail.assets()) {
                    out.printf("  %-8s %-40s %-12s %s%s%s%n", asset.status(), asset.assetKey(), asset.materialization(),
                            asset.rows().map(rows -> String.format("%,d rows", rows)).orElse(""),
                            asset.details().isEmpty() ? "" : " " + asset.details(),
                            asset.attempts() > 1 ? " (" + asset.attempts() + " attempts)" : "");
                    asset.error().ifPresent(error -> out.println("      " + error));
                }
                for (RunStore.CheckRecord check : detail.checks()) {
                    if (check.error().isPresent()) {
                        out.printf("  %-8s %s on %s: %s%n", "ERROR", check.name(), check.assetKey(), check.error().get());
                    }
                    else {
                        out.printf("  %-8s %s on %s: %d failing rows%n", check.outcome(), check.name(), check.assetKey(), check.failures());
                    }
                }
                List<RunStore.EventRecord> events = detail.events();
                if (!events.isEmpty()) {
                    out.println();
                    out.println("Log:");
                    for (RunStore.EventRecord event : events) {
                        out.printf("  %s %-5s %s%s%n", CLOCK.format(event.at()), event.level(), event.assetKey().map(key -> key + ": ").orElse(""),
                                event.message());
                    }
                }
            }
            return 0;
        }
    }
}
