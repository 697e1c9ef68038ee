package io.strata.run;

import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.partition.Partition;
import io.strata.partition.PartitionSelection;
import io.strata.partition.PartitionsDefinition;
import io.strata.select.SelectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a run asks of partitions, refused before any branch when it names partitions no selected model has. */
class PartitionedBuildTest {
    @TempDir
    Path root;

    private CompiledProject project() {
        return TestProject.in(root)
                .file("models/daily.sql", "{{ config(materialized='table', partitioned_by={'granularity': 'day', 'start': '2025-03-01', 'end': '2025-04-01',"
                        + " 'column': 'd'}) }}\nselect date '{{ partition.start }}' as d")
                .file("models/plain.sql", "select 1 as x")
                .compile();
    }

    private static PartitionSelection range(String from, String to) {
        return new PartitionSelection(Optional.empty(), Optional.ofNullable(from), Optional.ofNullable(to), false, false);
    }

    @Test
    void partitionsAskedOfASelectionWithoutPartitionedModelsOrOutsideTheirWindowsAreRefused() {
        CompiledProject project = project();
        List<io.strata.api.AssetKey> plain = List.of(io.strata.api.AssetKey.of("plain"));
        List<io.strata.api.AssetKey> both = List.of(io.strata.api.AssetKey.of("plain"), io.strata.api.AssetKey.of("daily"));

        assertThatThrownBy(() -> PartitionedBuild.validate(project, plain, range("2025-03-01", null))).isInstanceOf(SelectionException.class)
                .hasMessageStartingWith("--partition, --from, --to, --missing and --stale apply to partitioned assets, and the selection has none");
        assertThatThrownBy(() -> PartitionedBuild.validate(project, both, range("2025-03-10", "2025-03-02")))
                .hasMessage("daily (models/daily.sql): --from 2025-03-10 comes after --to 2025-03-02");
        assertThatThrownBy(() -> PartitionedBuild.validate(project, both, range("2025-02-01", null)))
                .hasMessage("daily (models/daily.sql): partition '2025-02-01' comes before the first window, 2025-03-01");
        PartitionedBuild.validate(project, both, range("2025-03-01", "2025-03-31"));
        PartitionedBuild.validate(project, plain, PartitionSelection.DEFAULT);
        assertThatThrownBy(() -> new PartitionSelection(Optional.of("2025-03-01"), Optional.of("2025-03-01"), Optional.empty(), false, false))
                .hasMessage("--partition names one partition; --from and --to a range: give one or the other");
    }

    @Test
    void partitionsAreDescribedAsRangesOfConsecutiveWindows() {
        PartitionsDefinition daily = PartitionsDefinition.of(project().graph().require(io.strata.api.AssetKey.of("daily"))).orElseThrow();
        List<Partition> partitions = List.of(daily.partition("2025-03-01"), daily.partition("2025-03-02"), daily.partition("2025-03-03"),
                daily.partition("2025-03-05"), daily.partition("2025-03-07"), daily.partition("2025-03-08"));

        assertThat(io.strata.partition.Partition.describe(partitions)).isEqualTo("2025-03-01..2025-03-03, 2025-03-05, 2025-03-07..2025-03-08");
    }
}
