package io.strata.compile;

import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.partition.PartitionTokens;
import io.strata.partition.PartitionsDefinition;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.Materialization;

import java.util.Optional;

/**
 * Checks every model's partitioning when the project compiles: a malformed {@code partitioned_by}, a partitioned
 * model that is not built into a table, or SQL that reads {@code partition.*} without declaring partitions is an
 * error at the model's file; a partitioned model whose SQL ignores its window is a warning.
 */
final class Partitions {
    private Partitions() {
    }

    static void check(AssetGraph graph, Diagnostics diagnostics) {
        for (Asset asset : graph.assets()) {
            if (asset.sql().isEmpty()) {
                continue;
            }
            Location file = Location.of(asset.path());
            Optional<PartitionsDefinition> partitions;
            try {
                partitions = PartitionsDefinition.of(asset);
            }
            catch (IllegalArgumentException e) {
                diagnostics.add(Diagnostic.error(file, e.getMessage()));
                continue;
            }
            boolean readsWindow = PartitionTokens.used(asset.sql().get());
            if (partitions.isEmpty()) {
                if (readsWindow) {
                    diagnostics.add(Diagnostic.error(file, "the SQL reads partition.start, partition.end or partition.key, but the model declares no"
                            + " partitions: add config(partitioned_by={'granularity': 'day', 'start': '2025-01-01', 'column': '...'})"));
                }
                continue;
            }
            if (asset.materialization() != Materialization.TABLE && asset.materialization() != Materialization.INCREMENTAL) {
                diagnostics.add(Diagnostic.error(file, "a partitioned model is built window by window into a table: materialized must be"
                        + " table or incremental, not " + asset.materialization().label()));
            }
            if (!readsWindow) {
                diagnostics.add(Diagnostic.warning(file, "the model declares partitions (" + partitions.get() + ") but its SQL does not read"
                        + " partition.start, partition.end or partition.key: every build would give all its rows, and rows outside the"
                        + " window built fail the build"));
            }
        }
    }
}
