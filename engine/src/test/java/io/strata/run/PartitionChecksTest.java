package io.strata.run;

import io.strata.branch.MemoryBranches;
import io.strata.check.AssetChecks;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckQuery;
import io.strata.check.CheckResult;
import io.strata.check.CheckScope;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.InstantEngine;
import io.strata.graph.Asset;
import io.strata.partition.Partition;
import io.strata.partition.PartitionSelection;
import io.strata.partition.PartitionsDefinition;
import io.strata.project.Relation;
import io.strata.select.Selector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A partitioned model's row tests run on the partitions built, a failure narrowed to the partitions whose rows fail;
 * its tests across rows run over the table; the partitions that passed are recorded, so a resumed run builds the others.
 */
class PartitionChecksTest {
    private static final Relation DAILY = new Relation("marts", "daily");

    @TempDir
    Path root;

    /**
     * Builds at once and answers a test's count of failing rows as if the days in {@code nullTotals} had a null
     * {@code total}: a {@code total IS NULL} query finds one row per such day its condition covers, other queries none.
     */
    private static final class NullTotalsEngine extends InstantEngine {
        private static final Pattern RANGE = Pattern.compile(">= DATE '([0-9-]+)' AND \\S+ < DATE '([0-9-]+)'");

        volatile Set<LocalDate> nullTotals = Set.of();
        /** How many duplicate values a {@code unique} query finds. */
        volatile long duplicates;
        final List<String> queries = new CopyOnWriteArrayList<>();

        @Override
        public Connection connect(String branch) {
            Statement statement = jdbc(Statement.class, (method, arguments) -> switch (method) {
                case "executeQuery" -> {
                    String sql = (String) arguments[0];
                    queries.add(sql);
                    yield rows(sql.startsWith("SELECT count(*)") ? List.of(failures(sql)) : List.of());
                }
                default -> null;
            });
            return jdbc(Connection.class, (method, arguments) -> method.equals("createStatement") ? statement : null);
        }

        private long failures(String sql) {
            if (sql.contains("unique_field")) {
                return duplicates;
            }
            if (!sql.contains("total IS NULL")) {
                return 0;
            }
            Matcher range = RANGE.matcher(sql);
            long found = 0;
            while (range.find()) {
                LocalDate start = LocalDate.parse(range.group(1));
                LocalDate end = LocalDate.parse(range.group(2));
                found += nullTotals.stream().filter(day -> !day.isBefore(start) && day.isBefore(end)).count();
            }
            return found;
        }

        private static ResultSet rows(List<Long> counts) {
            int[] at = {0};
            return jdbc(ResultSet.class, (method, arguments) -> switch (method) {
                case "next" -> at[0]++ < counts.size();
                case "getLong" -> counts.get(at[0] - 1);
                default -> null;
            });
        }

        private interface Answer {
            Object answer(String method, Object[] arguments) throws Exception;
        }

        private static <T> T jdbc(Class<T> type, Answer answer) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, arguments) -> answer.answer(method.getName(), arguments)));
        }
    }

    private TestProject project(String totalTests) {
        return TestProject.in(root)
                .file("models/marts/daily.sql", "{{ config(materialized='table', partitioned_by={'granularity': 'day', 'start': '2025-03-01',"
                        + " 'end': '2025-04-01', 'column': 'day'}) }}\nselect date '{{ partition.start }}' as day, 1 as total")
                .file("models/marts/schema.yml", "version: 2\nmodels:\n  - name: daily\n    columns:\n"
                        + "      - {name: day, tests: [not_null, unique]}\n      - {name: total, tests: " + totalTests + "}\n");
    }

    private static RunResult run(TestProject project, NullTotalsEngine engine, MemoryBranches branches, String from, String to,
                                 Optional<String> resume) {
        return run(project, engine, branches, "daily", from, to, resume);
    }

    private static RunResult run(TestProject project, NullTotalsEngine engine, MemoryBranches branches, String select, String from, String to,
                                 Optional<String> resume) {
        try (Compiler compiler = project.compiler()) {
            return new Runner(compiler, engine, branches, Optional.empty()).run(RunRequest.builder(Selector.parse(select, null)).threads(1)
                    .partitions(new PartitionSelection(Optional.empty(), Optional.of(from), Optional.of(to), false, false)).resume(resume).build(),
                    RunListener.SILENT);
        }
    }

    private static AssetRun daily(RunResult result) {
        return result.assets().stream().filter(run -> run.key().name().equals("daily")).findFirst().orElseThrow();
    }

    @Test
    void aBackfillWithOneBadDayRecordsTheOtherDaysAndAResumedRunBuildsThatDayAlone() {
        TestProject project = project("[not_null]");
        NullTotalsEngine engine = new NullTotalsEngine();
        MemoryBranches branches = new MemoryBranches();
        engine.nullTotals = Set.of(LocalDate.parse("2025-03-17"));

        RunResult backfill = run(project, engine, branches, "2025-03-01", "2025-03-31", Optional.empty());

        assertThat(backfill.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(daily(backfill).checks()).extracting(check -> check.name() + " " + check.outcome()).containsExactly(
                "not_null_daily_day PASS", "not_null_daily_total[2025-03-17] FAIL", "unique_daily_day PASS");
        assertThat(daily(backfill).details()).containsEntry("partitions_built", 31L).containsEntry("partitions_failed", "2025-03-17");
        assertThat(backfill.reason().orElseThrow()).contains("not_null_daily_total[2025-03-17]");
        assertThat(engine.partitionFingerprints(backfill.branch(), DAILY)).as("every day's fingerprint recorded but the failed one's")
                .hasSize(31).containsEntry("2025-03-17", PartitionedBuild.CHECKS_FAILED)
                .allSatisfy((key, fingerprint) -> assertThat(fingerprint.equals(PartitionedBuild.CHECKS_FAILED)).isEqualTo(key.equals("2025-03-17")));
        assertThat(engine.partitionFingerprints("main", DAILY)).isEmpty();
        List<String> counts = engine.queries.stream().filter(query -> query.startsWith("SELECT count(*)")).toList();
        assertThat(counts.stream().filter(query -> query.contains("unique_field"))).as("unique reads the whole table, once")
                .singleElement().asString().contains("FROM marts.daily AS tested").doesNotContain("DATE '");
        assertThat(counts.stream().filter(query -> query.contains("total IS NULL"))).as("the rows built, then halves of what failed")
                .hasSizeLessThanOrEqualTo(11).first().asString()
                .contains("(SELECT * FROM marts.daily WHERE day >= DATE '2025-03-01' AND day < DATE '2025-04-01') AS tested WHERE total IS NULL");

        engine.nullTotals = Set.of();
        RunResult resumed = run(project, engine, branches, "2025-03-01", "2025-03-31", Optional.of(backfill.branch()));

        assertThat(resumed.outcome()).as(resumed.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(daily(resumed).details()).containsEntry("partitions", "2025-03-17").containsEntry("partitions_built", 1L)
                .containsEntry("partitions_up_to_date", 30L).doesNotContainKey("partitions_failed");
        assertThat(engine.partitionFingerprints("main", DAILY)).hasSize(31);
    }

    @Test
    void aFailureOverTheTableRecordsNoPartitionEvenThoseThatPassedTheirOwnChecks() {
        NullTotalsEngine engine = new NullTotalsEngine();
        engine.nullTotals = Set.of(LocalDate.parse("2025-03-17"));
        engine.duplicates = 1;

        RunResult backfill = run(project("[not_null]"), engine, new MemoryBranches(), "2025-03-01", "2025-03-31", Optional.empty());

        assertThat(backfill.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(daily(backfill).checks()).extracting(check -> check.name() + " " + check.outcome()).containsExactly(
                "not_null_daily_day PASS", "not_null_daily_total[2025-03-17] FAIL", "unique_daily_day FAIL");
        assertThat(daily(backfill).details()).containsEntry("partitions_failed", "2025-03-17");
        assertThat(engine.partitionFingerprints(backfill.branch(), DAILY)).as("no fingerprint: every day built is marked failed").hasSize(31)
                .allSatisfy((key, fingerprint) -> assertThat(fingerprint).isEqualTo(PartitionedBuild.CHECKS_FAILED));
    }

    @Test
    void aDayThatFailsOnARebuildIsBuiltAndCheckedAgainWhenResumedThoughMainHadRecordedIt() {
        TestProject project = project("[not_null]");
        NullTotalsEngine engine = new NullTotalsEngine();
        MemoryBranches branches = new MemoryBranches();
        assertThat(run(project, engine, branches, "2025-03-01", "2025-03-03", Optional.empty()).outcome()).isEqualTo(RunResult.Outcome.MERGED);

        // The same days named again are built again, whatever their state: the second one's rows now fail.
        engine.nullTotals = Set.of(LocalDate.parse("2025-03-02"));
        RunResult rebuilt = run(project, engine, branches, "2025-03-01", "2025-03-03", Optional.empty());
        assertThat(rebuilt.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        RunResult resumed = run(project, engine, branches, "2025-03-01", "2025-03-03", Optional.of(rebuilt.branch()));

        assertThat(resumed.outcome()).as("not merged unchecked with main's fingerprint").isEqualTo(RunResult.Outcome.KEPT);
        assertThat(daily(resumed).details()).containsEntry("partitions", "2025-03-02").containsEntry("partitions_failed", "2025-03-02");
    }

    @Test
    void aRelationshipsTestReadsTheWholeTableWhenItsParentWasRebuiltInTheRun() {
        TestProject project = TestProject.in(root)
                .file("models/marts/regions.sql", "select 'north' as region")
                .file("models/marts/daily.sql", "{{ config(materialized='table', partitioned_by={'granularity': 'day', 'start': '2025-03-01',"
                        + " 'column': 'day'}) }}\nselect date '{{ partition.start }}' as day, region, 1 as total from {{ ref('regions') }}")
                .file("models/marts/schema.yml", "version: 2\nmodels:\n  - name: daily\n    columns:\n"
                        + "      - {name: total, tests: [not_null]}\n"
                        + "      - {name: region, tests: [{relationships: {to: \"ref('regions')\", field: region}}]}\n");
        NullTotalsEngine engine = new NullTotalsEngine();

        RunResult result = run(project, engine, new MemoryBranches(), "regions daily", "2025-03-01", "2025-03-03", Optional.empty());

        assertThat(result.outcome()).as(result.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        List<String> counts = engine.queries.stream().filter(query -> query.startsWith("SELECT count(*)")).toList();
        assertThat(counts).filteredOn(query -> query.contains("from_field")).singleElement().asString()
                .contains("FROM marts.daily AS child").doesNotContain("DATE '");
        assertThat(counts).filteredOn(query -> query.contains("total IS NULL")).singleElement().asString()
                .contains("WHERE day >= DATE '2025-03-01' AND day < DATE '2025-03-04'");
    }

    @Test
    void aTestThatFailsOnlyInTotalFailsEveryPartitionBuilt() {
        CompiledProject project = project("[{not_null: {config: {error_if: '> 1'}}}]").compile();
        Asset daily = TestProject.asset(project, "daily");
        PartitionsDefinition definition = PartitionsDefinition.of(daily).orElseThrow();
        List<Partition> built = definition.range(definition.partition("2025-03-01"), definition.partition("2025-03-08"));
        NullTotalsEngine engine = new NullTotalsEngine();
        engine.nullTotals = Set.of(LocalDate.parse("2025-03-02"), LocalDate.parse("2025-03-07"));
        AssetChecks checks = new AssetChecks(engine, "run", project, false);

        PartitionChecks.Checked checked = new PartitionChecks((check, rows, store) -> checks.run(daily, check, rows, store), definition)
                .run(daily.checks().stream().filter(check -> CheckScope.of(check) == CheckScope.PARTITION).toList(), built);

        assertThat(checked.results()).extracting(CheckResult::name, CheckResult::outcome, CheckResult::failures).containsExactly(
                tuple("not_null_daily_day", CheckOutcome.PASS, 0L), tuple("not_null_daily_total[2025-03-01..2025-03-08]", CheckOutcome.FAIL, 2L));
        assertThat(checked.failed()).isEqualTo(built);
    }

    @Test
    void theRowsOfPartitionsApartAreOneRangeOfWindowsPerRunOfConsecutiveDays() {
        Asset daily = TestProject.asset(project("[not_null]").compile(), "daily");
        PartitionsDefinition definition = PartitionsDefinition.of(daily).orElseThrow();
        PartitionChecks checks = new PartitionChecks((check, rows, store) -> Optional.empty(), definition);

        List<Partition> apart = List.of(definition.partition("2025-03-01"), definition.partition("2025-03-02"), definition.partition("2025-03-05"));

        assertThat(checks.condition(apart))
                .isEqualTo("(day >= DATE '2025-03-01' AND day < DATE '2025-03-03') OR (day >= DATE '2025-03-05' AND day < DATE '2025-03-06')");
        assertThat(CheckQuery.name(daily.checks().getFirst(), daily)).isEqualTo("not_null_daily_day");
    }
}
