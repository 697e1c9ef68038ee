package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.branch.Branches;
import io.strata.branch.MemoryBranches;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.InstantEngine;
import io.strata.project.Relation;
import io.strata.select.Selector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which partitions a run builds from the fingerprints recorded with them (an engine that answers at once keeps them):
 * none when nothing changed; when an input partition changed, exactly the partitions whose windows overlap it.
 */
class PartitionStalenessTest {
    @TempDir
    Path root;

    private final InstantEngine engine = new InstantEngine();
    private final MemoryBranches branches = new MemoryBranches();

    private Compiler compiler() {
        return TestProject.in(root)
                .file("models/daily.sql", "{{ config(materialized='table', partitioned_by={'granularity': 'day', 'start': '2025-03-01', 'end': '2025-05-01',"
                        + " 'column': 'd'}) }}\nselect date '{{ partition.start }}' as d")
                .file("models/daily_copy.sql", "{{ config(materialized='table', partitioned_by={'granularity': 'day', 'start': '2025-03-01', 'end': '2025-05-01',"
                        + " 'column': 'd'}) }}\nselect d from {{ ref('daily') }} where d >= date '{{ partition.start }}' and d < date '{{ partition.end }}'")
                .file("models/monthly.sql", "{{ config(materialized='table', partitioned_by={'granularity': 'month', 'start': '2025-03-01', 'end': '2025-05-01',"
                        + " 'column': 'd'}) }}\nselect d from {{ ref('daily') }} where d >= date '{{ partition.start }}' and d < date '{{ partition.end }}'")
                .compiler();
    }

    private RunResult run(Compiler compiler, Selector selector) {
        RunResult result = new Runner(compiler, engine, branches, Optional.empty()).run(RunRequest.builder(selector).threads(2).build(), RunListener.SILENT);
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.MERGED);
        return result;
    }

    private static Object built(RunResult result, String asset) {
        return result.assets().stream().filter(run -> run.key().equals(AssetKey.of(asset))).findFirst().orElseThrow().details().get("partitions");
    }

    @Test
    void aSecondRunFindsEveryPartitionUpToDateAndAChangedInputPartitionMakesStaleThoseThatOverlapIt() {
        try (Compiler compiler = compiler()) {
            RunResult first = run(compiler, Selector.all());
            assertThat(built(first, "daily")).isEqualTo("2025-03-01..2025-04-30");
            assertThat(built(first, "monthly")).isEqualTo("2025-03-01..2025-04-01");

            RunResult second = run(compiler, Selector.all());
            assertThat(second.count(AssetRun.Status.UP_TO_DATE)).isEqualTo(3);

            Relation daily = compiler.compile().graph().require(AssetKey.of("daily")).relation().orElseThrow();
            engine.recordPartitions(Branches.MAIN, daily, Map.of("2025-04-10", "rebuilt from other data"));
            RunResult third = run(compiler, Selector.parse(java.util.List.of("daily_copy", "monthly"), java.util.List.of()));
            assertThat(built(third, "daily_copy")).isEqualTo("2025-04-10");
            assertThat(built(third, "monthly")).isEqualTo("2025-04-01");
        }
    }

    private Compiler offsetCompiler() {
        String daily = "{'granularity': 'day', 'start': '2025-02-01', 'end': '2025-05-01', 'column': 'd'";
        String monthly = "{'granularity': 'month', 'start': '2025-02-01', 'end': '2025-05-01', 'column': 'd'";
        String window = " where d >= date '{{ partition.start }}' - interval '1' day and d < date '{{ partition.end }}'";
        return TestProject.in(root)
                .file("models/daily.sql", "{{ config(materialized='table', partitioned_by=" + daily + "}) }}\nselect date '{{ partition.start }}' as d")
                .file("models/day_over_day.sql", "{{ config(materialized='table', partitioned_by=" + daily
                        + ", 'mapping': {'daily': {'start_offset': -1, 'end_offset': 0} } }) }}\nselect d from {{ ref('daily') }}" + window)
                .file("models/previous_month.sql", "{{ config(materialized='table', partitioned_by=" + monthly
                        + ", 'mapping': {'daily': {'offset': -1} } }) }}\nselect date '{{ partition.start }}' as d from {{ ref('daily') }} limit 1")
                .compiler();
    }

    private static Object count(RunResult result, String asset) {
        return result.assets().stream().filter(run -> run.key().equals(AssetKey.of(asset))).findFirst().orElseThrow().details().get("partitions_built");
    }

    @Test
    void aRebuiltInputDayMakesStaleTheDayAndTheDayAfterOfAModelThatReadsThePreviousDay() {
        try (Compiler compiler = offsetCompiler()) {
            run(compiler, Selector.all());
            assertThat(run(compiler, Selector.all()).count(AssetRun.Status.UP_TO_DATE)).isEqualTo(3);

            Relation daily = compiler.compile().graph().require(AssetKey.of("daily")).relation().orElseThrow();
            engine.recordPartitions(Branches.MAIN, daily, Map.of("2025-03-10", "rebuilt from other data"));
            RunResult afterMidMonth = run(compiler, Selector.parse(java.util.List.of("day_over_day", "previous_month"), java.util.List.of()));
            assertThat(built(afterMidMonth, "day_over_day")).isEqualTo("2025-03-10..2025-03-11");
            assertThat(count(afterMidMonth, "day_over_day")).isEqualTo(2L);
            assertThat(built(afterMidMonth, "previous_month")).as("April reads March").isEqualTo("2025-04-01");
            assertThat(count(afterMidMonth, "previous_month")).isEqualTo(1L);

            engine.recordPartitions(Branches.MAIN, daily, Map.of("2025-02-28", "rebuilt from other data"));
            RunResult afterFebruary = run(compiler, Selector.parse(java.util.List.of("day_over_day", "previous_month"), java.util.List.of()));
            assertThat(built(afterFebruary, "day_over_day")).isEqualTo("2025-02-28..2025-03-01");
            assertThat(built(afterFebruary, "previous_month")).as("March reads February").isEqualTo("2025-03-01");

            engine.recordPartitions(Branches.MAIN, daily, Map.of("2025-04-30", "rebuilt from other data"));
            RunResult afterTheLastDay = run(compiler, Selector.parse(java.util.List.of("day_over_day", "previous_month"), java.util.List.of()));
            assertThat(built(afterTheLastDay, "day_over_day")).as("May 1st is no window of the model").isEqualTo("2025-04-30");
            assertThat(afterTheLastDay.assets().stream().filter(run -> run.key().equals(AssetKey.of("previous_month"))).findFirst().orElseThrow().status())
                    .as("no month reads April").isEqualTo(AssetRun.Status.UP_TO_DATE);
        }
    }
}
