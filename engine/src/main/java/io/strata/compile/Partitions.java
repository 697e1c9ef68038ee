package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.partition.PartitionMapping;
import io.strata.partition.PartitionTokens;
import io.strata.partition.PartitionsDefinition;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.Materialization;
import io.strata.template.Suggestions;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks every model's partitioning when the project compiles: a malformed {@code partitioned_by}, a partitioned
 * model that is not built into a table, SQL that reads {@code partition.*} without declaring partitions, or a
 * {@code mapping} with offsets that names no input or one not partitioned in time is an error at the model's file; a
 * partitioned model whose SQL ignores its window is a warning.
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
            checkMappings(graph, asset, partitions.get(), file, diagnostics);
        }
    }

    /** Each mapping names one of the model's inputs, and both the model and that input are partitioned in time. */
    private static void checkMappings(AssetGraph graph, Asset asset, PartitionsDefinition partitions, Location file, Diagnostics diagnostics) {
        List<PartitionMapping> mappings;
        try {
            mappings = PartitionMapping.declared(asset);
        }
        catch (IllegalArgumentException e) {
            diagnostics.add(Diagnostic.error(file, e.getMessage()));
            return;
        }
        if (mappings.isEmpty()) {
            return;
        }
        if (partitions instanceof PartitionsDefinition.StaticValues values) {
            diagnostics.add(Diagnostic.error(file, PartitionsDefinition.CONFIG + " '" + PartitionMapping.CONFIG + "': offsets apply to time windows,"
                    + " and the model is partitioned by static values (" + String.join(", ", values.values()) + "): remove the mapping"));
            return;
        }
        List<AssetKey> inputs = graph.parents(asset.key()).stream().sorted().toList();
        Set<AssetKey> mapped = new HashSet<>();
        for (PartitionMapping mapping : mappings) {
            String where = mapping.declaration();
            List<AssetKey> named = inputs.stream().filter(mapping::names).toList();
            if (named.isEmpty()) {
                List<String> names = inputs.stream().map(AssetKey::toString).toList();
                diagnostics.add(Diagnostic.error(file, where + ": the model reads no '" + mapping.input() + "'; "
                        + (names.isEmpty() ? "it reads no ref() or source() at all" : "its inputs are " + String.join(", ", names))
                        + Suggestions.didYouMean(mapping.input(), inputs.stream().map(AssetKey::name).toList())));
                continue;
            }
            if (named.size() > 1) {
                diagnostics.add(Diagnostic.error(file, where + " names " + named.size() + " inputs, "
                        + String.join(" and ", named.stream().map(AssetKey::toString).toList()) + ": write the key of the one meant, as in '"
                        + named.getFirst() + "'"));
                continue;
            }
            if (!mapped.add(named.getFirst())) {
                diagnostics.add(Diagnostic.error(file, where + ": " + named.getFirst() + " is mapped twice, by its name and by its key: keep one"));
                continue;
            }
            Optional<PartitionsDefinition> input;
            try {
                input = PartitionsDefinition.of(graph.require(named.getFirst()));
            }
            catch (IllegalArgumentException e) {
                // The input's own malformed partitioned_by is an error at its file.
                continue;
            }
            String timeWindows = where + ": offsets apply to time windows, and " + named.getFirst() + " is ";
            if (input.isEmpty()) {
                diagnostics.add(Diagnostic.error(file, timeWindows + "not partitioned: remove its mapping"));
            }
            else if (input.get() instanceof PartitionsDefinition.StaticValues values) {
                diagnostics.add(Diagnostic.error(file, timeWindows + "partitioned by static values (" + String.join(", ", values.values())
                        + "): remove its mapping"));
            }
        }
    }
}
