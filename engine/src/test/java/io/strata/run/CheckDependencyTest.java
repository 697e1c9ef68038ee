package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.branch.MemoryBranches;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
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
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A model whose relationships test reads another model is tested only after that model is built, even with threads to spare. */
class CheckDependencyTest {
    @TempDir
    Path root;

    /** Builds vehicles slowly (or not at all), everything else at once. */
    private static final class SlowVehicles extends InstantEngine {
        private final boolean vehiclesFail;

        SlowVehicles(boolean vehiclesFail) {
            this.vehiclesFail = vehiclesFail;
        }

        @Override
        public Materialized materialize(String branch, Asset model, boolean fullRefresh) throws SQLException {
            if (model.name().equals("vehicles")) {
                try {
                    Thread.sleep(300);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (vehiclesFail) {
                    throw new SQLException("Query failed (#1): line 1:8: Column 'modle' cannot be resolved");
                }
            }
            return super.materialize(branch, model, fullRefresh);
        }
    }

    private record Order(List<String> events) implements RunListener {
        @Override
        public void started(Asset asset) {
            events.add("started " + asset.name());
        }

        @Override
        public void finished(AssetRun run) {
            events.add("finished " + run.key());
        }
    }

    private RunResult run(boolean vehiclesFail, List<String> events) {
        TestProject project = TestProject.in(root)
                .file("models/vehicles.sql", "select 'Volt' as model")
                .file("models/reviews.sql", "select 'Volt' as vehicle_model")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: reviews
                            columns:
                              - name: vehicle_model
                                tests:
                                  - relationships: {to: ref('vehicles'), field: model}
                        """);
        try (Compiler compiler = project.compiler()) {
            return new Runner(compiler, new SlowVehicles(vehiclesFail), new MemoryBranches(), Optional.empty()).run(
                    RunRequest.builder(Selector.all()).threads(4).retries(new RetryPolicy(1, Duration.ofMillis(1))).build(), new Order(events));
        }
    }

    @Test
    void theTestedModelWaitsForTheModelItsRelationshipsTestReads() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());

        run(false, events);

        assertThat(events).containsSubsequence("finished vehicles", "started reviews");
    }

    @Test
    void aFailedReferencedModelDoesNotSkipTheTestedModel() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());

        RunResult result = run(true, events);

        AssetRun reviews = result.assets().stream().filter(asset -> asset.key().equals(AssetKey.of("reviews"))).findFirst().orElseThrow();
        assertThat(reviews.status()).as("built: only its test depends on vehicles").isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.KEPT);
    }
}
