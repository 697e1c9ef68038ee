package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.graph.GraphBuilder;
import io.strata.project.ProjectException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the asset graph, keeping the previous graph's edges when no asset's dependencies changed. */
final class GraphBuilding {
    private GraphBuilding() {
    }

    /** The graph, or null when it has cycles (reported to {@code diagnostics}). */
    static AssetGraph build(Map<AssetKey, Asset> assets, AssetGraph previous, Diagnostics diagnostics) {
        List<Asset> known = new ArrayList<>(assets.size());
        for (Asset asset : assets.values()) {
            // Unknown deps were reported with the refs; leave them out so the rest of the graph can still be checked.
            Set<AssetKey> deps = new LinkedHashSet<>(asset.deps());
            deps.retainAll(assets.keySet());
            known.add(deps.size() == asset.deps().size() ? asset : asset.withDeps(deps));
        }
        if (previous != null && previous.size() == known.size() && known.stream().allMatch(asset ->
                previous.asset(asset.key()).map(before -> before == asset || before.deps().equals(asset.deps())).orElse(false))) {
            return previous.withAssets(known);
        }
        try {
            return GraphBuilder.build(known);
        }
        catch (ProjectException e) {
            diagnostics.addAll(e.diagnostics());
            return null;
        }
    }
}
