package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.branch.MemoryBranches;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.InstantEngine;
import io.strata.graph.Asset;
import io.strata.select.Selector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A model's unit tests run on the run's branch before it is built; one that fails keeps the model, and so the run, from going on. */
class UnitTestsInARunTest {
    @TempDir
    Path root;

    /** Builds at once, remembering what it built; its connections are to an empty in-memory SQL database, enough for unit tests. */
    private static final class RecordingEngine extends InstantEngine {
        final Set<AssetKey> built = ConcurrentHashMap.newKeySet();

        @Override
        public Connection connect(String branch) {
            try {
                return DriverManager.getConnection("jdbc:h2:mem:;DATABASE_TO_LOWER=TRUE");
            }
            catch (SQLException e) {
                throw new IllegalStateException("H2 in memory opens", e);
            }
        }

        @Override
        public io.strata.engine.Materialized materialize(String branch, Asset model, boolean fullRefresh) throws SQLException {
            built.add(model.key());
            return super.materialize(branch, model, fullRefresh);
        }
    }

    private RunResult run(String expectedTotal, RecordingEngine engine) {
        TestProject project = TestProject.in(root)
                .file("models/orders.sql", "select 1 as id, 10 as amount")
                .file("models/totals.sql", "select id, amount * 2 as total from {{ ref('orders') }}")
                .file("models/report.sql", "select count(*) as n from {{ ref('totals') }}")
                .file("models/schema.yml", """
                        unit_tests:
                          - name: doubles_amounts
                            model: totals
                            given:
                              - input: ref('orders')
                                rows: [{id: 1, amount: 10}, {id: 2, amount: 5}]
                            expect:
                              rows: [{id: 1, total: 20}, {id: 2, total: %s}]
                        """.formatted(expectedTotal));
        try (Compiler compiler = project.compiler()) {
            return new Runner(compiler, engine, new MemoryBranches(), Optional.empty()).run(
                    RunRequest.builder(Selector.all()).threads(1).retries(new RetryPolicy(1, Duration.ofMillis(1))).build(), new RunListener() {
                    });
        }
    }

    private static AssetRun asset(RunResult result, String key) {
        return result.assets().stream().filter(asset -> asset.key().equals(AssetKey.of(key))).findFirst().orElseThrow();
    }

    @Test
    void aModelWhoseUnitTestsPassIsBuiltAndTheRunMerges() {
        RecordingEngine engine = new RecordingEngine();

        RunResult result = run("10", engine);

        assertThat(asset(result, "totals").status()).isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(engine.built).contains(AssetKey.of("totals"), AssetKey.of("report"));
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.MERGED);
    }

    @Test
    void aFailedUnitTestKeepsItsModelUnbuiltSkipsWhatIsDownstreamAndKeepsMainUntouched() {
        RecordingEngine engine = new RecordingEngine();

        RunResult result = run("11", engine);

        AssetRun totals = asset(result, "totals");
        assertThat(totals.status()).isEqualTo(AssetRun.Status.FAILED);
        assertThat(totals.error().orElseThrow()).startsWith("models/totals.sql: unit test 'doubles_amounts' failed, so the model was not built")
                .contains("- | 2  | 11").contains("+ | 2  | 10");
        assertThat(engine.built).contains(AssetKey.of("orders")).doesNotContain(AssetKey.of("totals"), AssetKey.of("report"));
        assertThat(asset(result, "report").status()).isEqualTo(AssetRun.Status.SKIPPED);
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.KEPT);
    }
}
