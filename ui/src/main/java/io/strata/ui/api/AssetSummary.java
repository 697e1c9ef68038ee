package io.strata.ui.api;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.run.RunStore;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One asset of the project as the lineage graph shows it.
 *
 * @param key the asset's key, segments joined by {@code /} ({@code erp/orders} for a source table)
 * @param kind source, seed, model, ingest or code
 * @param layer bronze, silver, gold…, when the asset has one
 * @param materialization how it exists in the engine: table, view, incremental, ephemeral, seed, source…
 * @param upstream the keys of the assets it reads
 * @param downstream the keys of the assets that read it
 * @param status where it stands after the recent runs; null when no recent run touched it
 */
@Schema(description = "One asset of the project, with its neighbours in the graph and its latest status.")
public record AssetSummary(String key, String name, String kind, String layer, String materialization, String description, List<String> tags,
                           List<String> upstream, List<String> downstream, AssetStatus status) {
    static AssetSummary of(Asset asset, AssetGraph graph, Map<String, RunStore.AssetStatusRecord> statuses) {
        return new AssetSummary(asset.key().toString(), asset.name(), asset.kind().label(), asset.layer().orElse(null),
                asset.materialization().label(), asset.description(), asset.tags().stream().sorted().toList(),
                keys(graph.parents(asset.key())), keys(graph.children(asset.key())),
                statuses.containsKey(asset.key().toString()) ? AssetStatus.of(statuses.get(asset.key().toString())) : null);
    }

    static List<String> keys(Collection<AssetKey> keys) {
        return keys.stream().sorted().map(AssetKey::toString).toList();
    }
}
