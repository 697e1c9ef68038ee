package io.strata.run;

import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.graph.Asset;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Writes a run's events to the run store as they happen, and passes them on to the caller's listener. */
final class RunLog implements RunListener {
    private final RunStore store;
    private final String runId;
    private final RunListener next;
    private final AtomicLong sequence = new AtomicLong();
    /** Why the store took no more events, once a write failed: the run stops starting assets, as for a dead engine. */
    private volatile Optional<String> storeDown = Optional.empty();

    RunLog(RunStore store, String runId, RunListener next) {
        this.store = store;
        this.runId = runId;
        this.next = next;
    }

    // Synchronized: events come from several threads, and a reader that follows the log by sequence must never see
    // event n+1 before event n is written.
    private synchronized void log(String level, Optional<String> asset, String message) {
        log(level, asset, Optional.empty(), message);
    }

    /** An event that also says where the asset stands now. */
    private synchronized void log(String level, String asset, String status, String message) {
        log(level, Optional.of(asset), Optional.of(status), message);
    }

    private synchronized void log(String level, Optional<String> asset, Optional<String> status, String message) {
        if (storeDown.isPresent()) {
            return;
        }
        try {
            store.event(runId, sequence.incrementAndGet(), Instant.now(), level, asset, status, message);
        }
        catch (RunException e) {
            // The caller's listener still hears every event; the run ends as soon as it can, naming the store.
            storeDown = Optional.of(e.getMessage());
        }
    }

    /** The run store's failure, once writing an event failed. */
    Optional<String> storeDown() {
        return storeDown;
    }

    @Override
    public void branchReady(String branch) {
        log("INFO", Optional.empty(), "building on branch " + branch);
        next.branchReady(branch);
    }

    @Override
    public void started(Asset asset) {
        log("INFO", asset.key().toString(), RunStore.AssetStatusRecord.RUNNING, "started (" + asset.materialization().label() + ")");
        next.started(asset);
    }

    @Override
    public void logged(Asset asset, String message) {
        log("INFO", Optional.of(asset.key().toString()), message);
        next.logged(asset, message);
    }

    @Override
    public void warned(Asset asset, String message) {
        log("WARN", Optional.of(asset.key().toString()), message);
        next.warned(asset, message);
    }

    @Override
    public void finished(AssetRun run) {
        Optional<String> asset = Optional.of(run.key().toString());
        String key = run.key().toString();
        String status = run.checks().stream().anyMatch(check -> check.outcome() == CheckOutcome.FAIL)
                ? RunStore.AssetStatusRecord.CHECK_FAILED : run.status().name();
        switch (run.status()) {
            case SUCCESS -> log("INFO", key, status, "built in " + run.duration().toMillis() + " ms"
                    + (run.rows().isPresent() ? ", " + run.rows().getAsLong() + " rows" : "")
                    + (run.details().isEmpty() ? "" : " " + run.details())
                    + (run.attempts() > 1 ? " (attempt " + run.attempts() + ")" : ""));
            case UP_TO_DATE -> log("INFO", key, status, "up to date: its SQL and inputs are unchanged");
            case FAILED -> log("ERROR", key, status, "failed: " + run.error().orElse("?"));
            case SKIPPED -> log("WARN", key, status, run.error().orElse("skipped"));
        }
        for (CheckResult check : run.checks()) {
            if (check.outcome() != CheckOutcome.PASS) {
                log(check.outcome() == CheckOutcome.FAIL ? "ERROR" : "WARN", asset,
                        "check " + check.name() + check.error().map(error -> " errored: " + error)
                                .orElse(" " + check.outcome().name().toLowerCase() + " (" + check.failures() + " rows)"));
            }
        }
        next.finished(run);
    }

    @Override
    public void retryingAsset(Asset asset, int attempt, String error, Duration wait) {
        log("WARN", Optional.of(asset.key().toString()), "attempt " + attempt + " failed with a transient engine error, trying again in "
                + wait.toMillis() + " ms: " + error);
        next.retryingAsset(asset, attempt, error, wait);
    }

    @Override
    public void retrying(String branch, List<String> tables) {
        log("WARN", Optional.empty(), "merge conflicted on " + String.join(", ", tables) + "; building again from the new main");
        next.retrying(branch, tables);
    }

    @Override
    public void ended(RunResult result) {
        switch (result.outcome()) {
            case MERGED -> log("INFO", Optional.empty(), "merged into main at " + result.mergedCommit().orElse("?"));
            case BUILT_ON_DEV_BRANCH -> log("INFO", Optional.empty(), "built on dev branch " + result.branch() + ", not merged");
            case KEPT -> log("ERROR", Optional.empty(), "not merged, branch " + result.branch() + " kept: " + result.reason().orElse("?"));
        }
        next.ended(result);
    }
}
