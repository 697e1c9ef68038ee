package io.strata.ui.api;

import io.strata.api.AssetKey;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.project.Materialization;
import io.strata.run.AssetRun;
import io.strata.run.RunResult;
import io.strata.run.RunStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Runs written into a run store as the runner writes them: started, events, finished. */
final class SeededRuns {
    private final RunStore store;

    SeededRuns(RunStore store) {
        this.store = store;
    }

    void started(String id, Instant at, String trigger) {
        store.started(id, "run-" + id, "orders revenue", at, trigger);
    }

    void event(String id, long sequence, Instant at, Optional<String> asset, Optional<String> assetStatus, String message) {
        store.event(id, sequence, at, asset.isPresent() && assetStatus.isEmpty() ? "WARN" : "INFO", asset, assetStatus, message);
    }

    void assetEvent(String id, long sequence, Instant at, String asset, String assetStatus) {
        event(id, sequence, at, Optional.of(asset), Optional.of(assetStatus), asset + " is " + assetStatus);
    }

    void finished(String id, RunResult.Outcome outcome, List<AssetRun> assets) {
        store.finished(new RunResult(id, "run-" + id, outcome, assets, List.of(),
                outcome == RunResult.Outcome.MERGED ? Optional.of("c0ffee" + id.hashCode()) : Optional.empty(),
                outcome == RunResult.Outcome.KEPT ? Optional.of("a check failed") : Optional.empty(), Duration.ofSeconds(5)));
    }

    static AssetRun built(String key, Materialization materialization, long rows, long millis, CheckResult... checks) {
        return new AssetRun(AssetKey.parse(key), AssetRun.Status.SUCCESS, materialization, OptionalLong.of(rows), Duration.ofMillis(millis),
                Optional.empty(), List.of(checks), List.of(), 1, Map.of());
    }

    static AssetRun skipped(String key, Materialization materialization, String reason) {
        return new AssetRun(AssetKey.parse(key), AssetRun.Status.SKIPPED, materialization, OptionalLong.empty(), Duration.ZERO,
                Optional.of(reason), List.of(), List.of(), 1, Map.of());
    }

    static CheckResult check(String name, String asset, CheckOutcome outcome, long failures) {
        return new CheckResult(name, AssetKey.parse(asset), outcome, failures, failures == 0 ? List.of() : List.of(Map.of("id", 1)),
                "select 1", Optional.empty());
    }
}
