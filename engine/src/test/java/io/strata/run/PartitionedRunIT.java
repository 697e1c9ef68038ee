package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.branch.Branches;
import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.trino.TrinoEngine;
import io.strata.lake.LakeEndpoints;
import io.strata.partition.PartitionSelection;
import io.strata.select.SelectionException;
import io.strata.select.Selector;
import io.strata.stack.testing.LocalStackExtension;
import io.strata.stack.testing.TestSql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Partitioned models on the real stack: an hourly model over a seed and a daily model over it, built window range by
 * window range on a run's branch, merged once; partition state kept with the tables.
 */
@ExtendWith(LocalStackExtension.class)
class PartitionedRunIT {
    @TempDir
    Path root;

    private final String layer = "p_" + UUID.randomUUID().toString().substring(0, 8);

    private static final String EVENTS = """
            event_at,amount
            2025-03-01 10:00:00,1
            2025-03-01 11:00:00,2
            2025-03-02 09:00:00,5
            2025-03-03 12:00:00,7
            2025-03-04 01:00:00,11
            2025-03-05 08:00:00,13
            """;

    private static String hourly(String amount) {
        return "{{ config(materialized='table', partitioned_by={'granularity': 'hour', 'start': '2025-03-01', 'end': '2025-03-06',"
                + " 'column': 'event_hour'}) }}\n"
                + "select date_trunc('hour', event_at) as event_hour, " + amount + " as amount\n"
                + "from {{ ref('events') }}\n"
                + "where event_at >= timestamp '{{ partition.start }}' and event_at < timestamp '{{ partition.end }}'\n"
                + "group by 1\n";
    }

    private static String daily(String end) {
        return "{{ config(materialized='table', partitioned_by={'granularity': 'day', 'start': '2025-03-01', 'end': '" + end + "', 'column': 'day'}) }}\n"
                + "select cast(event_hour as date) as day, sum(amount) as total\n"
                + "from {{ ref('hourly_events') }}\n"
                + "where event_hour >= cast(date '{{ partition.start }}' as timestamp) and event_hour < cast(date '{{ partition.end }}' as timestamp)\n"
                + "group by 1\n";
    }

    private TestProject project(String hourlySql, String dailySql, String totalTests) {
        return TestProject.in(root)
                .file("seeds/" + layer + "/events.csv", EVENTS)
                .file("models/" + layer + "/hourly_events.sql", hourlySql)
                .file("models/" + layer + "/daily_totals.sql", dailySql)
                .file("models/" + layer + "/schema.yml", "version: 2\nmodels:\n  - name: daily_totals\n    columns:\n"
                        + "      - {name: day, tests: [not_null]}\n      - {name: total, tests: " + totalTests + "}\n");
    }

    private static RunResult run(TestProject project, LakeEndpoints endpoints, Branches branches, String select, PartitionSelection partitions) {
        try (Compiler compiler = new Compiler(project.root(), CompileOptions.defaults(), List.of(), List.of())) {
            Runner runner = new Runner(compiler, new TrinoEngine(endpoints), branches, Optional.empty());
            return runner.run(RunRequest.builder(select == null ? Selector.all() : Selector.parse(select, null)).threads(2).partitions(partitions).build(),
                    RunListener.SILENT);
        }
    }

    private static PartitionSelection only(String key) {
        return new PartitionSelection(Optional.of(key), Optional.empty(), Optional.empty(), false, false);
    }

    private static final PartitionSelection STALE = new PartitionSelection(Optional.empty(), Optional.empty(), Optional.empty(), false, true);
    private static final PartitionSelection MISSING = new PartitionSelection(Optional.empty(), Optional.empty(), Optional.empty(), true, false);

    /** The states of an asset's partitions on a branch, as ranges: {@code 2025-03-01..2025-03-04 BUILT}. */
    private List<String> states(TestProject project, LakeEndpoints endpoints, String asset, String branch) {
        try (Compiler compiler = new Compiler(project.root(), CompileOptions.defaults(), List.of(), List.of());
             TrinoEngine engine = new TrinoEngine(endpoints)) {
            CompiledProject compiled = compiler.compile();
            return PartitionStates.ranges(PartitionStates.of(engine, compiled, branch, compiled.graph().require(AssetKey.of(asset)),
                            Instant.parse("2026-01-01T00:00:00Z"))).stream()
                    .map(range -> (range.first().equals(range.last()) ? range.first() : range.first() + ".." + range.last()) + " " + range.status())
                    .toList();
        }
    }

    private List<String> totals(LakeEndpoints endpoints) throws SQLException {
        try (Connection main = new TrinoEngine(endpoints).connect(Branches.MAIN)) {
            return TestSql.rows(main, "select day, total from " + layer + ".daily_totals order by day");
        }
    }

    private static AssetRun asset(RunResult result, String name) {
        return result.assets().stream().filter(run -> run.key().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void partitionsBuildByWindowStayUpToDateRebuildOnlyWhatChangedAndAFailedBackfillLeavesMainAsItWas(LakeEndpoints endpoints, Branches branches)
            throws SQLException {
        TestProject project = project(hourly("sum(amount)"), daily("2025-03-05"), "[not_null]");

        // Every window built, each model's windows in one range: 120 hours, 4 days.
        RunResult first = run(project, endpoints, branches, null, PartitionSelection.DEFAULT);
        assertThat(first.outcome()).as(first.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(asset(first, "hourly_events").details()).containsEntry("partitions_built", 120L).containsEntry("partitions",
                "2025-03-01T00:00..2025-03-05T23:00");
        assertThat(asset(first, "daily_totals").details()).containsEntry("partitions_built", 4L).containsEntry("partitions", "2025-03-01..2025-03-04");
        assertThat(totals(endpoints)).containsExactly("2025-03-01,3", "2025-03-02,5", "2025-03-03,7", "2025-03-04,11");
        assertThat(states(project, endpoints, "daily_totals", Branches.MAIN)).containsExactly("2025-03-01..2025-03-04 BUILT");

        // Nothing changed: nothing is built.
        RunResult again = run(project, endpoints, branches, null, PartitionSelection.DEFAULT);
        assertThat(asset(again, "hourly_events").status()).isEqualTo(AssetRun.Status.UP_TO_DATE);
        assertThat(asset(again, "daily_totals").status()).isEqualTo(AssetRun.Status.UP_TO_DATE);

        // One hour rebuilt with new SQL: the day it maps to (one of 24 hours) is stale, no other.
        project.file("models/" + layer + "/hourly_events.sql", hourly("sum(amount) * 10"));
        RunResult hour = run(project, endpoints, branches, "hourly_events", only("2025-03-02T09:00"));
        assertThat(hour.outcome()).as(hour.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(asset(hour, "hourly_events").details()).containsEntry("partitions_built", 1L);
        assertThat(states(project, endpoints, "hourly_events", Branches.MAIN)).containsExactly("2025-03-01T00:00..2025-03-02T08:00 STALE",
                "2025-03-02T09:00 BUILT", "2025-03-02T10:00..2025-03-05T23:00 STALE");
        assertThat(states(project, endpoints, "daily_totals", Branches.MAIN)).containsExactly("2025-03-01 BUILT", "2025-03-02 STALE",
                "2025-03-03..2025-03-04 BUILT");

        // --stale rebuilds that day alone, replacing its row and no other.
        RunResult stale = run(project, endpoints, branches, "daily_totals", STALE);
        assertThat(asset(stale, "daily_totals").details()).containsEntry("partitions", "2025-03-02").containsEntry("partitions_up_to_date", 3L);
        assertThat(totals(endpoints)).containsExactly("2025-03-01,3", "2025-03-02,50", "2025-03-03,7", "2025-03-04,11");

        // A day more declared: --missing builds only it (the others are stale now, their config changed).
        project.file("models/" + layer + "/daily_totals.sql", daily("2025-03-06"));
        RunResult missing = run(project, endpoints, branches, "daily_totals", MISSING);
        assertThat(asset(missing, "daily_totals").details()).containsEntry("partitions", "2025-03-05").containsEntry("partitions_built", 1L);
        assertThat(totals(endpoints)).containsExactly("2025-03-01,3", "2025-03-02,50", "2025-03-03,7", "2025-03-04,11", "2025-03-05,13");
        assertThat(states(project, endpoints, "daily_totals", Branches.MAIN)).containsExactly("2025-03-01..2025-03-04 STALE", "2025-03-05 BUILT");

        // A backfill of every day whose checks fail on one of them: nothing reaches main, and main's partition state is as it was.
        project.file("models/" + layer + "/schema.yml", "version: 2\nmodels:\n  - name: daily_totals\n    columns:\n"
                + "      - {name: day, tests: [not_null]}\n      - name: total\n        tests: [{accepted_values: {values: [3, 50, 7, 11]}}]\n");
        String mainBefore = branches.main().hash();
        RunResult backfill = run(project, endpoints, branches, "daily_totals",
                new PartitionSelection(Optional.empty(), Optional.of("2025-03-01"), Optional.of("2025-03-05"), false, false));
        assertThat(backfill.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(asset(backfill, "daily_totals").details()).containsEntry("partitions_built", 5L);
        assertThat(branches.main().hash()).isEqualTo(mainBefore);
        assertThat(states(project, endpoints, "daily_totals", Branches.MAIN)).containsExactly("2025-03-01..2025-03-04 STALE", "2025-03-05 BUILT");
        assertThat(asset(backfill, "daily_totals").details()).containsEntry("partitions_failed", "2025-03-05");
        assertThat(states(project, endpoints, "daily_totals", backfill.branch()))
                .as("the days that passed their checks are recorded, the failed one marked failed").containsExactly("2025-03-01..2025-03-04 BUILT", "2025-03-05 STALE");

        // --resume on that branch, the check fixed: what failed is built again there, and the branch merges.
        project.file("models/" + layer + "/schema.yml", "version: 2\nmodels:\n  - name: daily_totals\n    columns:\n"
                + "      - {name: day, tests: [not_null]}\n      - name: total\n        tests: [{accepted_values: {values: [3, 50, 7, 11, 13]}}]\n");
        RunResult resumed;
        try (Compiler compiler = new Compiler(project.root(), CompileOptions.defaults(), List.of(), List.of())) {
            resumed = new Runner(compiler, new TrinoEngine(endpoints), branches, Optional.empty()).run(RunRequest.builder(Selector.parse("daily_totals", null))
                    .threads(2).partitions(new PartitionSelection(Optional.empty(), Optional.of("2025-03-01"), Optional.of("2025-03-05"), false, false))
                    .resume(Optional.of(backfill.branch())).build(), RunListener.SILENT);
        }
        assertThat(resumed.outcome()).as(resumed.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(resumed.branch()).isEqualTo(backfill.branch());
        assertThat(asset(resumed, "daily_totals").details()).as("only the day that failed is built again")
                .containsEntry("partitions", "2025-03-05").containsEntry("partitions_built", 1L).containsEntry("partitions_up_to_date", 4L);
        assertThat(branches.find(backfill.branch())).as("merged, then deleted").isEmpty();
        assertThat(states(project, endpoints, "daily_totals", Branches.MAIN)).containsExactly("2025-03-01..2025-03-05 BUILT");

        // SQL that forgot its window gives rows of other days: the build fails, nothing is written, main keeps every day.
        List<String> totalsBefore = totals(endpoints);
        String mainBeforeStray = branches.main().hash();
        project.file("models/" + layer + "/daily_totals.sql", daily("2025-03-06").replace(
                "where event_hour >= cast(date '{{ partition.start }}' as timestamp) and event_hour < cast(date '{{ partition.end }}' as timestamp)\n",
                "-- forgot the window {{ partition.key }}\n"));
        RunResult stray = run(project, endpoints, branches, "daily_totals", only("2025-03-02"));
        assertThat(stray.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(asset(stray, "daily_totals").status()).isEqualTo(AssetRun.Status.FAILED);
        assertThat(asset(stray, "daily_totals").error()).get().asString().contains("its SQL gave 4 rows outside the partitions built")
                .contains("nothing was written");
        assertThat(branches.main().hash()).isEqualTo(mainBeforeStray);
        assertThat(totals(endpoints)).isEqualTo(totalsBefore);
        try (Connection kept = new TrinoEngine(endpoints).connect(stray.branch())) {
            assertThat(TestSql.rows(kept, "select day, total from " + layer + ".daily_totals order by day")).as("nor on the kept branch")
                    .isEqualTo(totalsBefore);
        }
        project.file("models/" + layer + "/daily_totals.sql", daily("2025-03-06"));

        // A column added: a build of one day would leave the other days without it, so it fails naming the change; a run
        // of every day (each is stale, its SQL changed) makes the table again with the new column.
        project.file("models/" + layer + "/daily_totals.sql", daily("2025-03-06").replace("sum(amount) as total", "sum(amount) as total, count(*) as events"));
        String mainBeforeColumn = branches.main().hash();
        RunResult oneDay = run(project, endpoints, branches, "daily_totals", only("2025-03-02"));
        assertThat(oneDay.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(asset(oneDay, "daily_totals").error()).get().asString().contains("its columns changed (new: events)")
                .contains("nothing was written").contains("--full-refresh");
        assertThat(branches.main().hash()).isEqualTo(mainBeforeColumn);
        RunResult everyDay = run(project, endpoints, branches, "daily_totals", PartitionSelection.DEFAULT);
        assertThat(everyDay.outcome()).as(everyDay.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(asset(everyDay, "daily_totals").details()).containsEntry("partitions_built", 5L);
        try (Connection main = new TrinoEngine(endpoints).connect(Branches.MAIN)) {
            assertThat(TestSql.rows(main, "select day, total, events from " + layer + ".daily_totals order by day"))
                    .containsExactly("2025-03-01,3,2", "2025-03-02,50,1", "2025-03-03,7,1", "2025-03-04,11,1", "2025-03-05,13,1");
        }

        // A key no window starts is refused before any branch is made.
        int branchesBefore = branches.list().size();
        assertThatThrownBy(() -> run(project, endpoints, branches, "daily_totals", only("2025-03-07"))).isInstanceOf(SelectionException.class)
                .hasMessage("daily_totals (models/" + layer + "/daily_totals.sql): partition '2025-03-07' comes after the last window, which ends at 2025-03-06");
        assertThat(branches.list()).hasSize(branchesBefore);
    }

    @Test
    void aBackfillWithOneBadDayFailsNamingItRecordsTheOtherDaysOnItsBranchAndAResumeBuildsThatDayAloneOnceItsDataIsFixed(LakeEndpoints endpoints,
            Branches branches) throws SQLException {
        // The hour 2025-03-03T12:00 loses its amount (7 becomes null): that day's total is null, no other day's.
        TestProject project = project(hourly("nullif(sum(amount), 7)"), daily("2025-03-05"), "[not_null]")
                .file("models/" + layer + "/schema.yml", "version: 2\nmodels:\n  - name: daily_totals\n    columns:\n"
                        + "      - {name: day, tests: [not_null, unique]}\n      - {name: total, tests: [not_null]}\n");
        RunResult upstream = run(project, endpoints, branches, "events hourly_events", PartitionSelection.DEFAULT);
        assertThat(upstream.outcome()).as(upstream.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        PartitionSelection days = new PartitionSelection(Optional.empty(), Optional.of("2025-03-01"), Optional.of("2025-03-04"), false, false);
        String mainBefore = branches.main().hash();

        RunResult backfill = run(project, endpoints, branches, "daily_totals", days);

        assertThat(backfill.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(branches.main().hash()).isEqualTo(mainBefore);
        AssetRun built = asset(backfill, "daily_totals");
        assertThat(built.details()).containsEntry("partitions", "2025-03-01..2025-03-04").containsEntry("partitions_built", 4L)
                .containsEntry("partitions_failed", "2025-03-03");
        assertThat(built.checks()).as("row tests on the days built, then unique over the table").extracting(check -> check.name() + " "
                + check.outcome() + " " + check.failures()).containsExactly("not_null_daily_totals_day PASS 0",
                "not_null_daily_totals_total[2025-03-03] FAIL 1", "unique_daily_totals_day PASS 0");
        assertThat(backfill.reason().orElseThrow()).contains("not_null_daily_totals_total[2025-03-03]");
        assertThat(states(project, endpoints, "daily_totals", backfill.branch())).as("the other days' fingerprints recorded on the branch")
                .containsExactly("2025-03-01..2025-03-02 BUILT", "2025-03-03 STALE", "2025-03-04 BUILT");

        // The hour's amount corrected on the kept branch, as an engineer would fix the upstream data there; the hourly
        // model's recorded partitions are as they were, so the other days stay up to date.
        try (TrinoEngine engine = new TrinoEngine(endpoints); Connection kept = engine.connect(backfill.branch());
             java.sql.Statement statement = kept.createStatement()) {
            statement.executeUpdate("delete from " + layer + ".hourly_events where amount is null");
            statement.executeUpdate("insert into " + layer + ".hourly_events values (timestamp '2025-03-03 12:00:00', 7)");
        }
        RunResult resumed;
        try (Compiler compiler = new Compiler(project.root(), CompileOptions.defaults(), List.of(), List.of())) {
            resumed = new Runner(compiler, new TrinoEngine(endpoints), branches, Optional.empty()).run(RunRequest.builder(Selector.parse("daily_totals", null))
                    .threads(2).partitions(days).resume(Optional.of(backfill.branch())).build(), RunListener.SILENT);
        }

        assertThat(resumed.outcome()).as(resumed.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(resumed.branch()).isEqualTo(backfill.branch());
        assertThat(asset(resumed, "daily_totals").details()).containsEntry("partitions", "2025-03-03").containsEntry("partitions_built", 1L)
                .containsEntry("partitions_up_to_date", 3L).doesNotContainKey("partitions_failed");
        assertThat(totals(endpoints)).containsExactly("2025-03-01,3", "2025-03-02,5", "2025-03-03,7", "2025-03-04,11");
        assertThat(states(project, endpoints, "daily_totals", Branches.MAIN)).containsExactly("2025-03-01..2025-03-04 BUILT");
        assertThat(branches.find(backfill.branch())).as("merged, then deleted").isEmpty();
    }
}
