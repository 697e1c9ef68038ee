package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.branch.MemoryBranches;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.Failure;
import io.strata.engine.InstantEngine;
import io.strata.engine.Materialized;
import io.strata.graph.Asset;
import io.strata.select.Selector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Transient engine errors are retried with backoff; wrong statements and ambiguous appends are not. */
class TransientRetryTest {
    @TempDir
    Path root;

    /** An engine whose builds fail with a given kind of error a given number of times per model, then succeed. */
    private static final class FlakyEngine extends InstantEngine {
        final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();
        final Map<String, Integer> calls = new ConcurrentHashMap<>();
        final Failure kind;

        FlakyEngine(Failure kind, Map<String, Integer> failures) {
            this.kind = kind;
            failuresLeft.putAll(failures);
        }

        @Override
        public Materialized materialize(String branch, Asset model, boolean fullRefresh) throws SQLException {
            calls.merge(model.name(), 1, Integer::sum);
            if (failuresLeft.getOrDefault(model.name(), 0) > 0) {
                failuresLeft.merge(model.name(), -1, Integer::sum);
                throw new SQLException("Query failed (#1): " + kind + " for " + model.name());
            }
            return super.materialize(branch, model, fullRefresh);
        }

        @Override
        public Failure classify(SQLException error) {
            return kind;
        }
    }

    private record Heard(List<String> retries) implements RunListener {
        @Override
        public void retryingAsset(Asset asset, int attempt, String error, Duration wait) {
            retries.add(asset.name() + "#" + attempt);
        }
    }

    private RunResult run(FlakyEngine engine, Heard heard, Optional<RunStore> store) {
        TestProject project = TestProject.in(root)
                .file("models/orders.sql", "select 1 as id")
                .file("models/events.sql", "{{ config(materialized='incremental') }} select 1 as id")
                .file("models/report.sql", "select * from {{ ref('orders') }}");
        try (Compiler compiler = project.compiler()) {
            return new Runner(compiler, engine, new MemoryBranches(), store).run(RunRequest.builder(Selector.all()).threads(1)
                    .retries(new RetryPolicy(3, Duration.ofMillis(1))).build(), heard);
        }
    }

    private static AssetRun asset(RunResult result, String name) {
        return result.assets().stream().filter(run -> run.key().equals(AssetKey.of(name))).findFirst().orElseThrow();
    }

    @Test
    void aTransientErrorIsRetriedUntilTheBuildSucceedsAndTheAttemptsAreRecorded() {
        FlakyEngine engine = new FlakyEngine(Failure.TRANSIENT, Map.of("orders", 2));
        Heard heard = new Heard(new ArrayList<>());
        try (RunStore store = RunStore.open(root.resolve(".strata"))) {
            RunResult result = run(engine, heard, Optional.of(store));

            assertThat(result.outcome()).isEqualTo(RunResult.Outcome.MERGED);
            assertThat(engine.calls.get("orders")).isEqualTo(3);
            assertThat(asset(result, "orders").attempts()).isEqualTo(3);
            assertThat(heard.retries()).containsExactly("orders#1", "orders#2");
            assertThat(store.materializations(result.id())).filteredOn(record -> record.assetKey().equals("orders"))
                    .singleElement().extracting(RunStore.MaterializationRecord::attempts).isEqualTo(3);
            assertThat(store.events(result.id())).extracting(RunStore.EventRecord::message)
                    .anySatisfy(message -> assertThat(message).startsWith("attempt 1 failed with a transient engine error"))
                    .anySatisfy(message -> assertThat(message).startsWith("merged into main at"));
        }
    }

    @Test
    void aTransientErrorOnEveryAttemptFailsTheAssetAndKeepsTheBranch() {
        FlakyEngine engine = new FlakyEngine(Failure.TRANSIENT, Map.of("orders", 5));
        RunResult result = run(engine, new Heard(new ArrayList<>()), Optional.empty());

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(engine.calls.get("orders")).isEqualTo(3);
        assertThat(asset(result, "orders").error().orElseThrow()).contains("transient engine error, 3 attempts");
        assertThat(asset(result, "report").status()).isEqualTo(AssetRun.Status.SKIPPED);
    }

    @Test
    void aPermanentErrorIsNotRetried() {
        FlakyEngine engine = new FlakyEngine(Failure.PERMANENT, Map.of("orders", 1));
        RunResult result = run(engine, new Heard(new ArrayList<>()), Optional.empty());

        assertThat(engine.calls.get("orders")).isEqualTo(1);
        assertThat(asset(result, "orders").status()).isEqualTo(AssetRun.Status.FAILED);
    }

    @Test
    void aLostConnectionIsRetriedForAReplaceButNotForAnAppendThatMayHaveCommitted() {
        FlakyEngine engine = new FlakyEngine(Failure.CONNECTION_LOST, Map.of("orders", 1, "events", 1));
        RunResult result = run(engine, new Heard(new ArrayList<>()), Optional.empty());

        assertThat(engine.calls.get("orders")).as("a view is rebuilt the same way").isEqualTo(2);
        assertThat(asset(result, "orders").status()).isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(engine.calls.get("events")).as("an append is not repeated").isEqualTo(1);
        assertThat(asset(result, "events").status()).isEqualTo(AssetRun.Status.FAILED);
    }
}
