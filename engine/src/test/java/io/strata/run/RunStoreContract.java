package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.project.Materialization;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What every run store does, on H2 ({@link RunStoreTest}) and on PostgreSQL ({@link PostgresRunStoreIT}). */
abstract class RunStoreContract {
    /** A new, empty store; opening it again later must show what was written. */
    abstract RunStore open();

    private static RunResult kept(String id) {
        AssetRun orders = new AssetRun(AssetKey.of("orders"), AssetRun.Status.SUCCESS, Materialization.TABLE, OptionalLong.of(42), Duration.ofMillis(1200),
                Optional.empty(), List.of(new CheckResult("not_null_orders_id", AssetKey.of("orders"), CheckOutcome.FAIL, 3,
                List.of(Map.of("id", "null")), "select …", Optional.empty())), List.of());
        AssetRun revenue = new AssetRun(AssetKey.of("revenue"), AssetRun.Status.SKIPPED, Materialization.VIEW, OptionalLong.empty(), Duration.ZERO,
                Optional.of("skipped: orders did not build cleanly"), List.of(), List.of());
        orders = new AssetRun(orders.key(), orders.status(), orders.materialization(), orders.rows(), orders.duration(), orders.error(),
                orders.checks(), orders.unrunChecks(), 1, Map.of("rows_read", 45L, "rows_rejected", 3L, "auc", 0.796, "model", "logistic, 7 features", "retrained", true));
        return new RunResult(id, "run-" + id, RunResult.Outcome.KEPT, List.of(orders, revenue), List.of(), Optional.empty(),
                Optional.of("check not_null_orders_id failed (3 rows)"), Duration.ofSeconds(3));
    }

    @Test
    void eachPartitionOnMainIsAttributedToTheMergedRunThatLastChangedIt() {
        Instant first = Instant.parse("2026-03-01T10:00:00Z");
        Instant second = Instant.parse("2026-03-02T10:00:00Z");
        try (RunStore store = open()) {
            store.started("p1", "run-p1", "daily_sales", first);
            store.started("p2", "run-p2", "daily_sales", second);
            store.recordPartitions("daily_sales", Map.of("2026-01-01", "a", "2026-01-02", "b"), "p1", first);
            // The second merge rebuilt both days; only the second came out different.
            store.recordPartitions("daily_sales", Map.of("2026-01-01", "a", "2026-01-02", "c"), "p2", second);
        }
        try (RunStore again = open()) {
            Map<String, RunStore.PartitionBuild> builds = again.partitionBuilds("daily_sales");
            assertThat(builds).containsOnlyKeys("2026-01-01", "2026-01-02");
            assertThat(builds.get("2026-01-01")).isEqualTo(new RunStore.PartitionBuild("p1", first, "a"));
            assertThat(builds.get("2026-01-02")).isEqualTo(new RunStore.PartitionBuild("p2", second, "c"));
            assertThat(again.partitionBuilds("other")).isEmpty();
        }
    }

    @Test
    void aCheckWhoseQueryFailedKeepsTheEnginesMessage() {
        try (RunStore store = open()) {
            store.started("3", "run-3", "orders", Instant.now());
            CheckResult errored = CheckResult.errored("accepted_values_orders_status", AssetKey.of("orders"), "select …",
                    "Cannot find common type between bigint and varchar");
            AssetRun orders = new AssetRun(AssetKey.of("orders"), AssetRun.Status.SUCCESS, Materialization.TABLE, OptionalLong.of(1), Duration.ZERO,
                    Optional.empty(), List.of(errored), List.of());
            store.finished(new RunResult("3", "run-3", RunResult.Outcome.KEPT, List.of(orders), List.of(), Optional.empty(),
                    Optional.of("check errored"), Duration.ofSeconds(1)));

            assertThat(store.checks("3")).singleElement().satisfies(check -> {
                assertThat(check.outcome()).isEqualTo(CheckOutcome.FAIL);
                assertThat(check.error()).contains("Cannot find common type between bigint and varchar");
            });
        }
    }

    @Test
    void runsAreListedByStatusAndPagedByStartWithWhoStartedThem() {
        try (RunStore store = open()) {
            Instant now = Instant.now();
            store.started("a", "run-a", "orders", now.minusSeconds(30), RunRequest.CLI);
            store.started("b", "run-b", "orders", now.minusSeconds(20), RunRequest.UI);
            store.finished(kept("b"));
            store.started("c", "run-c", "orders", now.minusSeconds(10), "schedule:nightly");

            assertThat(store.list(new RunStore.RunQuery(Optional.empty(), Optional.empty(), Optional.empty(), 2))).extracting(RunStore.RunSummary::id)
                    .containsExactly("c", "b");
            assertThat(store.list(new RunStore.RunQuery(Optional.empty(), Optional.of(now.minusSeconds(20)), Optional.empty(), 10)))
                    .extracting(RunStore.RunSummary::id).containsExactly("a");
            assertThat(store.list(new RunStore.RunQuery(Optional.of(RunStatus.KEPT), Optional.empty(), Optional.empty(), 10)))
                    .singleElement().satisfies(run -> {
                        assertThat(run.id()).isEqualTo("b");
                        assertThat(run.trigger()).isEqualTo(RunRequest.UI);
                    });
            assertThat(store.find("c").orElseThrow().trigger()).isEqualTo("schedule:nightly");
            assertThat(store.find("a").orElseThrow().selection()).isEqualTo("orders");
        }
    }

    @Test
    void anAssetsHistoryLatestChecksAndLatestStatusComeFromItsRuns() {
        try (RunStore store = open()) {
            Instant now = Instant.now();
            store.started("old", "run-old", "orders", now.minusSeconds(60), RunRequest.CLI);
            store.event("old", 1, now.minusSeconds(60), "INFO", Optional.of("orders"), Optional.of(RunStore.AssetStatusRecord.RUNNING), "started");
            store.event("old", 2, now.minusSeconds(59), "ERROR", Optional.of("orders"), Optional.of(RunStore.AssetStatusRecord.CHECK_FAILED), "built");
            store.finished(kept("old"));
            store.started("new", "run-new", "orders", now.minusSeconds(10), RunRequest.UI);
            store.event("new", 1, now.minusSeconds(10), "INFO", Optional.of("orders"), Optional.of(RunStore.AssetStatusRecord.RUNNING), "started");
            store.event("new", 2, now.minusSeconds(9), "INFO", Optional.empty(), "a line without an asset");

            assertThat(store.history("orders", 10)).singleElement().satisfies(record -> {
                assertThat(record.runId()).isEqualTo("old");
                assertThat(record.rows()).contains(42L);
                assertThat(record.runStatus()).isEqualTo(RunStatus.KEPT);
            });
            assertThat(store.latestChecks("orders")).hasValueSatisfying(checked -> {
                assertThat(checked.checks()).extracting(RunStore.CheckRecord::name).containsExactly("not_null_orders_id");
                assertThat(checked.runId()).isEqualTo("old");
            });
            assertThat(store.latestChecks("revenue")).isEmpty();
            // Building now in the newest run; once that run ends without finishing it, the asset counts as failed.
            assertThat(store.assetStatuses(10).get("orders")).satisfies(status -> {
                assertThat(status.status()).isEqualTo(RunStore.AssetStatusRecord.RUNNING);
                assertThat(status.runId()).isEqualTo("new");
            });
            store.failed("new", "the engine went away");
            assertThat(store.assetStatuses(10).get("orders").status()).isEqualTo(AssetRun.Status.FAILED.name());
            assertThat(store.events("new", 1, 10)).singleElement().satisfies(event -> {
                assertThat(event.sequence()).isEqualTo(2);
                assertThat(event.assetStatus()).isEmpty();
            });
            assertThat(store.events("old", 0, 1)).extracting(RunStore.EventRecord::assetStatus)
                    .containsExactly(Optional.of(RunStore.AssetStatusRecord.RUNNING));
        }
    }

    @Test
    void anUpToDateAssetIsCountedApartFromTheBuiltOnes() {
        try (RunStore store = open()) {
            store.started("2", "run-2", "orders", Instant.now());
            AssetRun orders = new AssetRun(AssetKey.of("orders"), AssetRun.Status.UP_TO_DATE, Materialization.TABLE, OptionalLong.empty(), Duration.ZERO,
                    Optional.empty(), List.of(), List.of());
            store.finished(new RunResult("2", "run-2", RunResult.Outcome.MERGED, List.of(orders), List.of(), Optional.of("abc"),
                    Optional.empty(), Duration.ofSeconds(1)));

            RunStore.RunSummary run = store.find("2").orElseThrow();
            assertThat(run.upToDate()).isEqualTo(1);
            assertThat(run.built()).isZero();
            assertThat(store.materializations("2")).singleElement().satisfies(asset -> assertThat(asset.status()).isEqualTo(AssetRun.Status.UP_TO_DATE));
        }
    }

    @Test
    void aRunIsRecordedWithItsAssetsAndChecksAndReadBackAfterReopening() {
        try (RunStore store = open()) {
            store.started("1", "run-1", "orders revenue", Instant.now());
            store.event("1", 1, Instant.now(), "ERROR", Optional.of("orders"), "check not_null_orders_id fail (3 rows)");
            store.finished(kept("1"));
        }
        try (RunStore store = open()) {
            RunStore.RunSummary run = store.find("1").orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.KEPT);
            assertThat(run.branch()).isEqualTo("run-1");
            assertThat(run.reason()).contains("check not_null_orders_id failed (3 rows)");
            assertThat(run.built()).isEqualTo(1);
            assertThat(run.skipped()).isEqualTo(1);
            assertThat(run.checksFailed()).isEqualTo(1);
            assertThat(store.materializations("1")).extracting(RunStore.MaterializationRecord::assetKey, RunStore.MaterializationRecord::rows)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("orders", Optional.of(42L)), org.assertj.core.groups.Tuple.tuple("revenue", Optional.empty()));
            assertThat(store.checks("1")).singleElement().satisfies(check -> {
                assertThat(check.outcome()).isEqualTo(CheckOutcome.FAIL);
                assertThat(check.failures()).isEqualTo(3);
            });
            assertThat(store.latestOnBranch("run-1")).isPresent();
            assertThat(store.events("1")).singleElement().satisfies(event -> {
                assertThat(event.level()).isEqualTo("ERROR");
                assertThat(event.assetKey()).contains("orders");
                assertThat(event.message()).contains("not_null_orders_id");
            });
            assertThat(store.materializations("1")).first().extracting(RunStore.MaterializationRecord::details)
                    .isEqualTo(Map.of("rows_read", 45L, "rows_rejected", 3L, "auc", 0.796, "model", "logistic, 7 features", "retrained", true));
        }
    }

    @Test
    void aRunWhoseProcessDiedIsMarkedAbandonedAndNewestRunsComeFirst() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (RunStore store = open()) {
            store.started("old", "run-old", "all", Instant.now().minusSeconds(60), gone.pid());
            store.started("live", "run-live", "all", Instant.now());

            assertThat(store.abandonDead()).isEqualTo(1);

            assertThat(store.list(10)).extracting(RunStore.RunSummary::id, RunStore.RunSummary::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("live", RunStatus.RUNNING), org.assertj.core.groups.Tuple.tuple("old", RunStatus.ABANDONED));
            assertThat(store.find("old").orElseThrow().reason().orElseThrow()).contains("main was not changed");
        }
    }

    @Test
    void aDeadRunThatStartedItsMergeIsLeftForMainsLogToSettle() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (RunStore store = open()) {
            store.started("merging", "run-merging", "all", Instant.now().minusSeconds(60), gone.pid());
            store.merging("merging");
            store.started("doubt", "run-doubt", "all", Instant.now().minusSeconds(30));
            store.merging("doubt");
            store.failed("doubt", "the merge got no answer");
            store.started("recorded", "run-recorded", "all", Instant.now());
            store.merging("recorded");
            store.finished(new RunResult("recorded", "run-recorded", RunResult.Outcome.MERGED, List.of(), List.of(), Optional.of("c1"),
                    Optional.empty(), Duration.ofSeconds(1)));

            assertThat(store.abandonDead()).isZero();
            assertThat(store.unsettledMerges()).containsExactlyInAnyOrder("merging", "doubt");

            assertThat(store.mergedLate("merging", "c0")).isTrue();
            assertThat(store.notMerged("doubt")).isTrue();
            assertThat(store.mergedLate("doubt", "c2")).as("settled already").isFalse();
        }
        try (RunStore again = open()) {
            assertThat(again.unsettledMerges()).isEmpty();
            assertThat(again.find("merging").orElseThrow().status()).isEqualTo(RunStatus.MERGED);
            assertThat(again.find("merging").orElseThrow().mergedCommit()).contains("c0");
            assertThat(again.find("doubt").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
            assertThat(again.find("doubt").orElseThrow().reason()).contains("the merge got no answer");
        }
    }

    @Test
    void aRunIsFoundByIdAndABranchByItsNewestRun() {
        try (RunStore store = open()) {
            store.started("first", "dev-anna", "all", Instant.now().minusSeconds(120));
            store.started("second", "dev-anna", "all", Instant.now().minusSeconds(60));
            store.started("other", "dev-ben", "all", Instant.now());

            assertThat(store.latestOnBranch("dev-anna").orElseThrow().id()).isEqualTo("second");
            assertThat(store.find("first").orElseThrow().branch()).isEqualTo("dev-anna");
            assertThat(store.find("missing")).isEmpty();
            assertThat(store.latestOnBranch("dev-carl")).isEmpty();
        }
    }

    @Test
    void aRunTheUserStoppedIsRecordedCancelledWithTheReason() {
        try (RunStore store = open()) {
            store.started("3", "run-3", "orders", Instant.now().minusSeconds(5));
            store.cancelled("3", "cancelled by anna from the web UI");

            RunStore.RunSummary run = store.find("3").orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(run.reason()).contains("cancelled by anna from the web UI");
            assertThat(run.duration()).as("a cancelled run has ended").isPresent();
        }
    }

    @Test
    void writersAndReadersAtOnceLoseNothingAndNoReaderSeesAHalfWrittenRun() throws Exception {
        int writers = 4;
        int runsEach = 12;
        int eventsEach = 10;
        int readers = 3;
        try (RunStore store = open()) {
            ExecutorService threads = Executors.newFixedThreadPool(writers + readers);
            try {
                CountDownLatch start = new CountDownLatch(1);
                CountDownLatch writing = new CountDownLatch(writers);
                List<Future<?>> work = new ArrayList<>();
                for (int writer = 0; writer < writers; writer++) {
                    String name = "w" + writer;
                    work.add(threads.submit(() -> {
                        start.await();
                        try {
                            for (int run = 0; run < runsEach; run++) {
                                String id = name + "-" + run;
                                store.started(id, "run-" + id, "orders revenue", Instant.now());
                                for (int sequence = 1; sequence <= eventsEach; sequence++) {
                                    store.event(id, sequence, Instant.now(), "INFO", Optional.of("orders"), "event " + sequence + " of " + id);
                                }
                                if (run % 3 == 2) {
                                    store.cancelled(id, "stopped by anna");
                                }
                                else {
                                    store.finished(kept(id));
                                }
                            }
                        }
                        finally {
                            writing.countDown();
                        }
                        return null;
                    }));
                }
                for (int reader = 0; reader < readers; reader++) {
                    work.add(threads.submit(() -> {
                        start.await();
                        int reads = 0;
                        do {
                            List<RunStore.RunSummary> runs = store.list(1000);
                            for (RunStore.RunSummary run : runs) {
                                if (run.status() == RunStatus.KEPT) {
                                    // The status, the assets and the checks of a finished run are one write.
                                    assertThat(List.of(run.built(), run.skipped(), run.checksFailed())).as("run %s as read", run.id())
                                            .containsExactly(1L, 1L, 1L);
                                }
                            }
                            if (!runs.isEmpty()) {
                                String id = runs.get(reads++ % runs.size()).id();
                                List<Long> sequences = store.events(id).stream().map(RunStore.EventRecord::sequence).toList();
                                assertThat(sequences).as("events of %s, written in order", id)
                                        .isEqualTo(LongStream.rangeClosed(1, sequences.size()).boxed().toList());
                            }
                        }
                        while (writing.getCount() > 0);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> each : work) {
                    each.get(2, TimeUnit.MINUTES);
                }
            }
            finally {
                threads.shutdownNow();
            }

            List<RunStore.RunSummary> runs = store.list(1000);
            assertThat(runs).hasSize(writers * runsEach);
            assertThat(runs).filteredOn(run -> run.status() == RunStatus.CANCELLED).hasSize(writers * runsEach / 3)
                    .allSatisfy(run -> assertThat(run.reason()).contains("stopped by anna"));
            assertThat(runs).filteredOn(run -> run.status() == RunStatus.KEPT).hasSize(writers * runsEach / 3 * 2).allSatisfy(run -> {
                assertThat(store.materializations(run.id())).hasSize(2);
                assertThat(store.checks(run.id())).hasSize(1);
            });
            assertThat(runs).allSatisfy(run -> assertThat(store.events(run.id())).hasSize(eventsEach));
        }
    }
}
