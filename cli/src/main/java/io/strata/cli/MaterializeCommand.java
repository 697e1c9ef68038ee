package io.strata.cli;

import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.compile.CompileOptions;
import io.strata.partition.PartitionSelection;
import io.strata.run.AssetRun;
import io.strata.run.RetryPolicy;
import io.strata.run.RunHandle;
import io.strata.run.RunListener;
import io.strata.run.RunRequest;
import io.strata.run.RunResult;
import io.strata.service.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code strata materialize} (or {@code build}): builds the selection on its own branch and merges it only when every check passed. */
@Command(name = "materialize", aliases = "build", mixinStandardHelpOptions = true,
        description = "Build the selected assets on a new branch, run their checks, and merge into main only if all passed.")
final class MaterializeCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions project;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--branch", paramLabel = "NAME", description = "Build on this dev branch (kept, never merged automatically).")
    String branch;

    @Option(names = "--full-refresh", description = "Rebuild incremental models from scratch (and every other model).")
    boolean fullRefresh;

    @Option(names = "--rebuild", description = "Build every selected model and seed, also those up to date (SQL, configuration and inputs"
            + " unchanged since they were last built and tested).")
    boolean rebuild;

    @Option(names = "--fail-fast", description = "Start no more assets after the first failure.")
    boolean failFast;

    @Option(names = "--partition", paramLabel = "KEY", description = "Build this partition of the selected partitioned models"
            + " (2025-03-01 for a day, a week or a month, 2025-03-01T05:00 for an hour, or a static value; latest: each one's latest ended"
            + " window), whatever its state.")
    String partition;

    @Option(names = "--from", paramLabel = "KEY", description = "Backfill: build the partitions from this one (inclusive) on, all on one branch,"
            + " merged once.")
    String from;

    @Option(names = "--to", paramLabel = "KEY", description = "Backfill: build the partitions up to this one (inclusive).")
    String to;

    @Option(names = "--missing", description = "Only partitions never built (of those named, or of all).")
    boolean missing;

    @Option(names = "--stale", description = "Only partitions built before their SQL or an input partition changed (of those named, or of all).")
    boolean stale;

    @Option(names = "--resume", paramLabel = "RUN", description = "Build again on the branch a kept run left (strata runs lists them): what it"
            + " built and checked that is still up to date is kept, the rest is built, and the branch merges into main once everything passes."
            + " Give the selection and partitions of the run resumed.")
    String resume;

    enum OnConflict { fail, retry }

    /** How often {@code --on-conflict retry} builds again after a conflicting merge. */
    static final int CONFLICT_RETRIES = 3;

    @Option(names = "--on-conflict", paramLabel = "WHAT", description = "When another run changed the same tables first: fail (default,"
            + " keep the branch and name the tables) or retry (build again on a fresh branch from the new main, up to 3 times).")
    OnConflict onConflict = OnConflict.fail;

    @Option(names = "--retries", paramLabel = "N", description = "How many times an asset is built again after a transient engine error"
            + " (the engine busy, starting or losing a worker; never a wrong statement), waiting 2 s, 4 s, … in between (default 2).")
    int retries = 2;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CompileOptions options = project.compileOptions();
        PartitionSelection partitions;
        try {
            partitions = new PartitionSelection(Optional.ofNullable(partition), Optional.ofNullable(from), Optional.ofNullable(to), missing, stale);
        }
        catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (resume != null && branch != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resume builds on the kept run's branch; --branch names a dev branch:"
                    + " give one or the other");
        }
        try (Workspace workspace = project.open(err)) {
            RunRequest request = RunRequest.builder(selection.selector())
                    .threads(options.threads())
                    .devBranch(Optional.ofNullable(branch))
                    .resume(Optional.ofNullable(resume).map(workspace::branchToResume))
                    .fullRefresh(fullRefresh)
                    .failFast(failFast)
                    .conflictRetries(onConflict == OnConflict.retry ? CONFLICT_RETRIES : 0)
                    .retries(new RetryPolicy(retries + 1, RetryPolicy.DEFAULT.firstBackoff()))
                    .rebuild(rebuild)
                    .partitions(partitions)
                    .build();
            RunResult result = follow(workspace.materialize(request, new Progress(out)), err);
            summarize(out, result);
            return exitCode(result);
        }
    }

    /** Waits for the run to end; Ctrl-C meanwhile cancels it: no asset starts after it, the run is recorded as cancelled, its branch kept. */
    static RunResult follow(RunHandle handle, PrintWriter err) {
        Thread cancelOnInterrupt = new Thread(() -> {
            if (!handle.isDone()) {
                err.println("strata: cancelling run " + handle.id() + " (assets building now finish first)...");
                err.flush();
                handle.cancel();
                handle.await(CANCEL_GRACE);
            }
        }, "strata-cancel");
        Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
        try {
            return handle.await();
        }
        finally {
            removeHook(cancelOnInterrupt);
        }
    }

    /** The exit code of a run that ended: 0 when it merged (or built on its dev branch). */
    static int exitCode(RunResult result) {
        return switch (result.outcome()) {
            case MERGED, BUILT_ON_DEV_BRANCH -> 0;
            case KEPT -> StrataCommand.NOT_MERGED;
            case CANCELLED -> StrataCommand.CANCELLED;
        };
    }

    /** How long Ctrl-C waits for the assets building at that moment. */
    private static final java.time.Duration CANCEL_GRACE = java.time.Duration.ofSeconds(30);

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (IllegalStateException shuttingDown) {
            // The JVM is already stopping: the hook runs.
        }
    }

    /** One line per asset as it finishes. */
    record Progress(PrintWriter out) implements RunListener {
        @Override
        public void branchReady(String branch) {
            out.println("Building on branch " + branch);
            out.flush();
        }

        @Override
        public void retrying(String branch, java.util.List<String> tables) {
            out.println("Merge conflicted: another run changed " + String.join(", ", tables) + " first; branch " + branch
                    + " is kept, building again from the new main");
            out.flush();
        }

        @Override
        public synchronized void retryingAsset(io.strata.graph.Asset asset, int attempt, String error, java.time.Duration wait) {
            out.printf("  %-12s %-40s attempt %d: transient engine error, trying again in %.1f s: %s%n", "RETRY", asset.key(), attempt,
                    wait.toMillis() / 1000.0, error);
            out.flush();
        }

        @Override
        public synchronized void finished(AssetRun run) {
            String status = switch (run.status()) {
                case SUCCESS -> run.checks().stream().anyMatch(check -> check.outcome() == CheckOutcome.FAIL) ? "CHECK FAILED" : "OK";
                case UP_TO_DATE -> run.checks().stream().anyMatch(check -> check.outcome() == CheckOutcome.FAIL) ? "CHECK FAILED" : "UP TO DATE";
                case FAILED -> "FAILED";
                case SKIPPED -> "SKIPPED";
            };
            StringBuilder line = new StringBuilder(String.format("  %-12s %-40s %-12s", status, run.key(), run.materialization().label()));
            run.rows().ifPresent(rows -> line.append(String.format(" %,d rows", rows)));
            if (run.details().containsKey("rows_rejected")) {
                line.append(String.format(" (%,d read, %,d rejected)", run.details().getOrDefault("rows_read", 0L), run.details().get("rows_rejected")));
            }
            if (run.details().get("partitions_built") instanceof Number built && built.longValue() > 0) {
                Object upToDate = run.details().getOrDefault("partitions_up_to_date", 0);
                line.append(" in partitions ").append(run.details().get("partitions")).append(" (").append(run.details().get("partitions_built"))
                        .append(" built, ").append(upToDate).append(" up to date");
                if (run.details().containsKey("partitions_failed")) {
                    line.append(", failed: ").append(run.details().get("partitions_failed"));
                }
                line.append(")");
            }
            if (run.status() != AssetRun.Status.SKIPPED) {
                line.append(String.format(" %.1f s", run.duration().toMillis() / 1000.0));
            }
            out.println(line.toString().stripTrailing());
            run.error().ifPresent(error -> out.println("      " + error));
            for (CheckResult check : run.checks()) {
                if (check.outcome() != CheckOutcome.PASS) {
                    out.println(check.error().map(error -> "      ERROR " + check.name() + ": " + error)
                            .orElse("      " + check.outcome() + " " + check.name() + ": " + check.failures() + " failing rows"
                                    + (check.sample().isEmpty() ? "" : ", e.g. " + check.sample().getFirst())));
                }
            }
            run.unrunChecks().forEach(name -> out.println("      NOT RUN " + name + ": custom generic tests are not run yet"));
            out.flush();
        }
    }

    static void summarize(PrintWriter out, RunResult result) {
        for (CheckResult check : result.singularChecks()) {
            if (check.outcome() != CheckOutcome.PASS) {
                out.println(check.error().map(error -> "  ERROR test " + check.name() + ": " + error)
                        .orElse("  " + check.outcome() + " test " + check.name() + ": " + check.failures() + " failing rows"));
            }
        }
        out.printf("%nDone in %.1f s: %d built, %d up to date, %d failed, %d skipped; checks: %d passed, %d warned, %d failed%n",
                result.duration().toMillis() / 1000.0, result.count(AssetRun.Status.SUCCESS), result.count(AssetRun.Status.UP_TO_DATE),
                result.count(AssetRun.Status.FAILED),
                result.count(AssetRun.Status.SKIPPED), result.count(CheckOutcome.PASS), result.count(CheckOutcome.WARN), result.count(CheckOutcome.FAIL));
        switch (result.outcome()) {
            case MERGED -> out.println("Run " + result.id() + " merged into main at " + result.mergedCommit().orElseThrow()
                    + result.reason().map(leftOver -> "; warning: " + leftOver).orElse("; branch " + result.branch() + " deleted"));
            case BUILT_ON_DEV_BRANCH -> out.println("Built on dev branch " + result.branch() + " (not merged)");
            case KEPT -> out.println("Run " + result.id() + " not merged: " + result.reason().orElse("") + ". Main is unchanged; branch " + result.branch()
                    + " is kept for inspection (strata query --ref " + result.branch() + " \"...\")");
            case CANCELLED -> out.println("Run " + result.id() + " cancelled. Main is unchanged; branch " + result.branch() + " is kept for inspection");
        }
        out.flush();
    }
}
