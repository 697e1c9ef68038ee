package io.strata.schedule;

import io.strata.compile.CompileOptions;
import io.strata.compile.TestProject;
import io.strata.project.Diagnostic;
import io.strata.project.ProjectException;
import io.strata.project.ProjectFile;
import io.strata.service.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleReaderTest {
    @TempDir
    Path root;

    private static Schedules read(String yaml) {
        return ScheduleReader.read(ProjectFile.parse("strata.yml", "name: shop\n" + yaml));
    }

    @Test
    void aScheduleAndASensorAreReadWithTheirDefaultsAndTheScheduleKnowsWhenItFiresNext() {
        Schedules declared = read("""
                schedules:
                  - {name: gold_every_10m, cron: "0 0/10 * * * ?", timezone: Europe/Berlin, select: "+layer:gold", overlap: queue}
                  - {name: nightly_full, cron: "0 0 2 * * ?", select: "*", full_refresh: true, enabled: false, misfire: skip}
                sensors:
                  - {name: new_sales_files, watch: "ingest:sales_files", every: 60s, freshness: 2h}
                """);

        Schedule gold = declared.schedules().getFirst();
        assertThat(gold.timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(gold.overlap()).isEqualTo(Schedule.Overlap.QUEUE);
        assertThat(gold.misfire()).isEqualTo(Schedule.Misfire.RUN_ONCE);
        assertThat(gold.trigger()).isEqualTo("schedule:gold_every_10m");
        assertThat(gold.nextFire(Instant.parse("2026-12-01T10:03:00Z"))).contains(Instant.parse("2026-12-01T10:10:00Z"));
        Schedule nightly = declared.schedules().get(1);
        assertThat(nightly.timezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(nightly.fullRefresh()).isTrue();
        assertThat(nightly.enabled()).isFalse();
        assertThat(nightly.nextFire(Instant.parse("2026-12-01T10:03:00Z"))).contains(Instant.parse("2026-12-02T02:00:00Z"));
        Sensor sensor = declared.sensors().getFirst();
        assertThat(sensor.watch().toString()).isEqualTo("sales_files");
        assertThat(sensor.every()).isEqualTo(Duration.ofSeconds(60));
        assertThat(sensor.freshness()).contains(Duration.ofHours(2));
        assertThat(sensor.select()).as("by default the watched asset and what reads it").isEqualTo("sales_files+");
    }

    @Test
    void everyMalformedDeclarationIsReportedAtOnceWithItsNameAndLine() {
        assertThatThrownBy(() -> read("""
                schedules:
                  - {name: a, cron: "every ten minutes"}
                  - {name: b, cron: "0 0 2 * * ?", timezone: Mars/Olympus}
                  - {name: a, cron: "0 0 2 * * ?"}
                  - {name: c, cron: "0 0 2 * * ?", overlap: sometimes, colour: red}
                sensors:
                  - {name: d, watch: sales_files, every: soon}
                """))
                .isInstanceOfSatisfying(ProjectException.class, e -> {
                    List<String> messages = e.errors().stream().map(error -> error.location().line() + ": " + error.message()).toList();
                    assertThat(messages).anySatisfy(message -> assertThat(message).startsWith("3: ").contains("schedule 'a'")
                            .contains("not a Quartz cron expression"));
                    assertThat(messages).anySatisfy(message -> assertThat(message).startsWith("4: ").contains("unknown time zone 'Mars/Olympus'"));
                    assertThat(messages).anySatisfy(message -> assertThat(message).startsWith("5: ").contains("'a' is declared twice"));
                    assertThat(messages).anySatisfy(message -> assertThat(message).startsWith("6: ").contains("must be one of [skip, queue]"));
                    assertThat(messages).anySatisfy(message -> assertThat(message).startsWith("6: ").contains("unknown key 'colour'"));
                    assertThat(messages).anySatisfy(message -> assertThat(message).startsWith("8: ").contains("sensor 'd'")
                            .contains("30s, 5m, 2h or 1d"));
                    assertThat(e.errors()).extracting(Diagnostic::location).allSatisfy(location -> assertThat(location.file()).isEqualTo("strata.yml"));
                });
    }

    @Test
    void theWorkspaceChecksSelectionsAndWatchedAssetsAgainstTheProject() {
        TestProject.empty(root).file("strata.yml", """
                name: shop
                schedules:
                  - {name: orders_hourly, cron: "0 0 * * * ?", select: "orders+"}
                  - {name: nothing, cron: "0 0 * * * ?", select: "no_such_model"}
                sensors:
                  - {name: orders_sensor, watch: orders, every: 5m}
                """).file("models/orders.sql", "select 1 as id");
        try (Workspace workspace = Workspace.open(root, CompileOptions.defaults(), (profile, projectRoot) -> {
            throw new AssertionError("reading schedules needs no lake");
        })) {
            assertThatThrownBy(workspace::schedules).isInstanceOfSatisfying(ProjectException.class, e -> {
                assertThat(e.errors()).hasSize(2);
                assertThat(e.errors().getFirst().location().line()).isEqualTo(4);
                assertThat(e.errors().getFirst().message()).contains("schedule 'nothing'");
                assertThat(e.errors().get(1).location().line()).isEqualTo(6);
                assertThat(e.errors().get(1).message()).contains("a model; a sensor watches the source of an ingest asset");
            });
        }
    }

    @Test
    void aScheduleMayBuildTheLatestWindowOfItsPartitionedAssetsAndItsPartitionIsCheckedAgainstThem() {
        TestProject.empty(root).file("strata.yml", """
                name: shop
                schedules:
                  - {name: daily, cron: "0 0 1 * * ?", select: "daily_orders", partition: latest}
                  - {name: unpartitioned, cron: "0 0 1 * * ?", select: "orders", partition: latest}
                  - {name: too_early, cron: "0 0 1 * * ?", select: "daily_orders", partition: "2024-12-31"}
                """).file("models/orders.sql", "select 1 as id, date '2025-03-01' as day")
                .file("models/daily_orders.sql", "{{ config(materialized='table', partitioned_by={'granularity': 'day', 'start': '2025-03-01',"
                        + " 'column': 'day'}) }}\nselect day, count(*) as orders from {{ ref('orders') }}"
                        + " where day >= date '{{ partition.start }}' and day < date '{{ partition.end }}' group by 1");
        try (Workspace workspace = Workspace.open(root, CompileOptions.defaults(), (profile, projectRoot) -> {
            throw new AssertionError("reading schedules needs no lake");
        })) {
            assertThatThrownBy(workspace::schedules).isInstanceOfSatisfying(ProjectException.class, e -> {
                assertThat(e.errors()).extracting(error -> error.location().line() + ": " + error.message()).containsExactly(
                        "4: schedule 'unpartitioned' builds partition 'latest', but it selects no partitioned asset",
                        "5: schedule 'too_early': daily_orders: partition '2024-12-31' comes before the first window, 2025-03-01"
                                + " (partition: latest builds each asset's latest ended window)");
            });
        }
        Schedule daily = read("schedules:\n  - {name: daily, cron: \"0 0 1 * * ?\", select: daily_orders, partition: latest}\n").schedules().getFirst();
        assertThat(daily.partition()).contains("latest");
    }

    @Test
    void theLatestPartitionIsEachAssetsLatestEndedWindow() {
        io.strata.partition.PartitionsDefinition days = io.strata.partition.PartitionsDefinition.parse(
                Map.of("granularity", "day", "start", "2025-03-01", "column", "day")).orElseThrow();
        io.strata.partition.PartitionSelection latest = new io.strata.partition.PartitionSelection(Optional.of("latest"), Optional.empty(),
                Optional.empty(), false, false);

        assertThat(latest.partitions(days, Instant.parse("2025-03-05T10:00:00Z"))).extracting(io.strata.partition.Partition::key)
                .containsExactly("2025-03-04");
        assertThat(latest.partitions(days, Instant.parse("2025-03-01T10:00:00Z"))).as("no window has ended yet").isEmpty();
    }

    @Test
    void aProjectWithoutSchedulesHasNone() {
        assertThat(read("vars: {a: 1}\n").isEmpty()).isTrue();
    }
}
