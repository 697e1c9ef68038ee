package io.strata.run;

import io.strata.branch.MemoryBranches;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.InstantEngine;
import io.strata.project.Profile;
import io.strata.select.Selector;
import io.strata.stack.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The run store's PostgreSQL crashes in the middle of a run (a cluster of its own, stopped at once as a crash would
 * stop it, then started again). The run stops naming the database, its branch is merged only if its merge was
 * recorded as started, and once the database is back the run's outcome is written as it happened.
 */
class RunStoreDownIT {
    private static PostgresCluster cluster;

    @TempDir
    Path root;

    @BeforeAll
    static void start() {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @AfterEach
    void noFault() {
        FaultPoints.clear();
    }

    private RunStore store() {
        Profile profile = new Profile("team", "trino", "analytics", Map.of("run_store", Map.of("url", cluster.createDatabase(),
                "user", PostgresCluster.USER)));
        return RunStore.forProfile(profile, root, variable -> null);
    }

    private Compiler compiler() {
        return TestProject.in(root)
                .file("models/orders.sql", "select 1 as id")
                .file("models/totals.sql", "select count(*) as orders from {{ ref('orders') }}")
                .compiler();
    }

    private static RunRequest oneAtATime() {
        return RunRequest.builder(Selector.all()).threads(1).build();
    }

    @Test
    void theDatabaseCrashingWhileARunBuildsStopsTheRunNamingItAndTheFailureIsRecordedWhenItIsBack() {
        MemoryBranches branches = new MemoryBranches();
        String mainBefore = branches.main().hash();
        List<String> started = new ArrayList<>();
        FaultPoints.install((point, asset) -> {
            if (point == FaultPoints.Point.CHECKING && asset.equals("orders")) {
                cluster.crash();
            }
        });
        try (RunStore store = store(); Compiler compiler = compiler()) {
            RunException failure = catchThrowableOfType(RunException.class, () -> new Runner(compiler, new InstantEngine(), branches, Optional.of(store))
                    .run(oneAtATime(), new RunListener() {
                        @Override
                        public void started(io.strata.graph.Asset asset) {
                            started.add(asset.name());
                        }
                    }));

            assertThat(failure).as("the run fails").isNotNull();
            assertThat(failure.getMessage()).contains("the run store (PostgreSQL at 127.0.0.1:").contains("stopped answering")
                    .contains("main is unchanged").contains("is kept");
            assertThat(started).as("no asset starts once the store stopped answering").containsExactly("orders");
            assertThat(branches.main().hash()).isEqualTo(mainBefore);
            String id = branches.list().stream().map(branch -> branch.name()).filter(name -> name.startsWith("run-")).findFirst().orElseThrow()
                    .substring("run-".length());

            cluster.restart();
            RunStore.RunSummary recorded = onceItAnswers(store, id);
            assertThat(recorded.status()).as("the outcome is written once the database is back").isEqualTo(RunStatus.FAILED);
            assertThat(recorded.reason().orElseThrow()).contains("the run store (PostgreSQL at 127.0.0.1:");
        }
        finally {
            ensureRunning();
        }
    }

    @Test
    void theDatabaseCrashingRightAfterTheMergeLeavesTheRunMergedOnceItIsBack() {
        MemoryBranches branches = new MemoryBranches();
        FaultPoints.install((point, branch) -> {
            if (point == FaultPoints.Point.MERGED) {
                cluster.crash();
            }
        });
        try (RunStore store = store(); Compiler compiler = compiler()) {
            RunException failure = catchThrowableOfType(RunException.class,
                    () -> new Runner(compiler, new InstantEngine(), branches, Optional.of(store)).run(oneAtATime(), RunListener.SILENT));

            assertThat(failure).isNotNull();
            String merged = branches.main().hash();
            assertThat(failure.getMessage()).contains("merged into main at " + merged).contains("the run store (PostgreSQL at 127.0.0.1:")
                    .contains("records the run as merged");
            String id = branches.runMerges(10).keySet().iterator().next();

            cluster.restart();
            RunStore.RunSummary recorded = onceItAnswers(store, id);
            assertThat(recorded.status()).isEqualTo(RunStatus.MERGED);
            assertThat(recorded.mergedCommit()).contains(merged);
            assertThat(recorded.built()).as("what it built is recorded too").isEqualTo(2);
        }
        finally {
            ensureRunning();
        }
    }

    /**
     * The run as the store reads it once the database answers again: the pool may give up on the first tries while the
     * restarted server recovers from its log.
     */
    private static RunStore.RunSummary onceItAnswers(RunStore store, String id) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return store.find(id).orElseThrow();
            }
            catch (RunException stillDown) {
                if (System.nanoTime() > deadline) {
                    throw stillDown;
                }
            }
        }
    }

    /** A failed assertion must not leave the next test without a database. */
    private static void ensureRunning() {
        try (var connection = java.sql.DriverManager.getConnection(cluster.url("postgres"), PostgresCluster.USER, "")) {
            connection.isValid(1);
        }
        catch (java.sql.SQLException e) {
            cluster.restart();
        }
    }
}
