package io.strata.ingestion;

import io.strata.api.AssetKey;
import io.strata.compile.CompileOptions;
import io.strata.compile.TestProject;
import io.strata.lake.LakeEndpoints;
import io.strata.run.RunListener;
import io.strata.run.RunRequest;
import io.strata.run.RunResult;
import io.strata.run.RunStatus;
import io.strata.run.RunStore;
import io.strata.schedule.Firing;
import io.strata.select.Selector;
import io.strata.service.Workspace;
import io.strata.stack.testing.LocalStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file sensor on the real local stack: it starts a run when the watched ingest asset's source holds a file main has
 * not ingested, none while nothing is new, and never a second run for the same new files, also when the first was not
 * merged.
 */
@ExtendWith(LocalStackExtension.class)
class SensorIT {
    @TempDir
    Path root;

    private final String layer = "sen_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String HEADER = "sale_id,sale_date,price\n";
    /** Sales files appended; one row that does not parse fails the run. */
    private static final String SALES = """
            version: 2
            ingest:
              - name: sales
                source: {path: "data/sales*.csv", format: csv, header: true}
                columns:
                  - {name: sale_id, type: bigint}
                  - {name: sale_date, type: date}
                  - {name: price, type: "decimal(12,2)"}
                mode: append
                max_rejects: 0
            """;

    @Test
    void aNewFileStartsOneRunNothingNewStartsNoneAndFilesOfAFailedRunAreNotRunAgain(LakeEndpoints endpoints) throws Exception {
        TestProject project = TestProject.empty(root).file("strata.yml", """
                name: sensed
                profile: local
                profiles:
                  local: {type: trino, schema: %s}
                sensors:
                  - {name: new_sales, watch: sales, every: 1s, select: "sales+"}
                """.formatted(layer))
                .file("models/ingest.yml", SALES)
                .file("data/sales_01.csv", HEADER + "1,2026-01-05,100.50\n");
        List<Firing.Tick> ticks = new CopyOnWriteArrayList<>();
        try (Workspace workspace = Workspace.open(root, CompileOptions.defaults(), (profile, projectRoot) -> endpoints)) {
            assertThat(workspace.materialize(RunRequest.builder(Selector.all()).build(), RunListener.SILENT).await().outcome())
                    .isEqualTo(RunResult.Outcome.MERGED);
            assertThat(workspace.pendingFiles(AssetKey.of("sales"))).isEmpty();

            workspace.syncSchedules(workspace.schedules());
            workspace.startSchedules(ticks::add);
            waitFor(() -> ticks.size() >= 3, Duration.ofSeconds(30));
            assertThat(ticks).extracting(Firing.Tick::message).allMatch(message -> message.startsWith("nothing new"));
            assertThat(sensorRuns(workspace)).isEmpty();

            project.file("data/sales_02.csv", HEADER + "2,2026-01-06,20.00\n");
            waitFor(() -> sensorRuns(workspace).size() == 1 && ended(workspace), Duration.ofSeconds(120));
            int seen = ticks.size();
            waitFor(() -> ticks.size() >= seen + 3, Duration.ofSeconds(30));
            assertThat(sensorRuns(workspace)).singleElement().satisfies(run -> {
                assertThat(run.status()).isEqualTo(RunStatus.MERGED);
                assertThat(run.trigger()).isEqualTo("sensor:new_sales");
            });
            assertThat(ticks.subList(seen, ticks.size())).extracting(Firing.Tick::message).allMatch(message -> message.startsWith("nothing new"));

            // A file with a row that does not parse: max_rejects 0 fails the run, which keeps its branch.
            project.file("data/sales_03.csv", HEADER + "3,2026-01-07,30.00\n4,not a date,40.00\n");
            waitFor(() -> sensorRuns(workspace).size() == 2 && ended(workspace), Duration.ofSeconds(120));
            int after = ticks.size();
            waitFor(() -> ticks.size() >= after + 3, Duration.ofSeconds(30));
            workspace.pauseSchedule("new_sales");

            assertThat(sensorRuns(workspace)).as("no second run for the same new file").hasSize(2).first()
                    .satisfies(run -> assertThat(run.status()).isEqualTo(RunStatus.KEPT));
            assertThat(ticks.subList(after, ticks.size())).extracting(Firing.Tick::message).allMatch(message -> message.contains("already had a run"));
            assertThat(workspace.pendingFiles(AssetKey.of("sales"))).singleElement().asString().startsWith("data/sales_03.csv");
            assertThat(workspace.query("select count(*) from sales", "main", 1).rows()).as("main holds the merged files only")
                    .containsExactly(List.of(2L));
        }
    }

    @Test
    void aSensorWithAFreshnessLimitRunsWhenTheWatchedAssetIsOlderThanThatAndAtMostOncePerLimit(LakeEndpoints endpoints) throws Exception {
        TestProject.empty(root).file("strata.yml", """
                name: fresh
                profile: local
                profiles:
                  local: {type: trino, schema: %s}
                sensors:
                  - {name: keep_fresh, watch: sales, every: 1s, freshness: 6s}
                """.formatted(layer))
                .file("models/ingest.yml", SALES)
                .file("data/sales_01.csv", HEADER + "1,2026-01-05,100.50\n");
        try (Workspace workspace = Workspace.open(root, CompileOptions.defaults(), (profile, projectRoot) -> endpoints)) {
            assertThat(workspace.materialize(RunRequest.builder(Selector.all()).build(), RunListener.SILENT).await().outcome())
                    .isEqualTo(RunResult.Outcome.MERGED);
            Instant built = workspace.runs(1).getFirst().startedAt();

            workspace.syncSchedules(workspace.schedules());
            workspace.startSchedules(tick -> {
            });
            waitFor(() -> runs(workspace, "sensor:keep_fresh").size() >= 2 && runs(workspace, "sensor:keep_fresh").stream()
                    .noneMatch(run -> run.status() == RunStatus.RUNNING), Duration.ofSeconds(120));
            workspace.pauseSchedule("keep_fresh");

            List<RunStore.RunSummary> runs = runs(workspace, "sensor:keep_fresh").reversed();
            assertThat(runs.getFirst().startedAt()).as("not before the asset was 6 s old").isAfterOrEqualTo(built.plusSeconds(6));
            assertThat(runs.get(1).startedAt()).as("at most one run per 6 s").isAfterOrEqualTo(runs.getFirst().startedAt().plusSeconds(6));
            assertThat(runs).extracting(RunStore.RunSummary::status).containsOnly(RunStatus.MERGED);
            assertThat(runs).extracting(RunStore.RunSummary::selection).containsOnly("sales");
        }
    }

    private static List<RunStore.RunSummary> runs(Workspace workspace, String trigger) {
        return workspace.runs(new RunStore.RunQuery(Optional.empty(), Optional.empty(), Optional.of(trigger), 10));
    }

    /** The sensor's runs, newest first. */
    private static List<RunStore.RunSummary> sensorRuns(Workspace workspace) {
        return workspace.runs(new RunStore.RunQuery(Optional.empty(), Optional.empty(), Optional.of("sensor:new_sales"), 10));
    }

    private static boolean ended(Workspace workspace) {
        return sensorRuns(workspace).stream().noneMatch(run -> run.status() == RunStatus.RUNNING);
    }

    private static void waitFor(BooleanSupplier condition, Duration limit) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited %s", limit).isBefore(end);
            Thread.sleep(200);
        }
    }
}
