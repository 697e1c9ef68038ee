package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.compile.CompiledProject;
import io.strata.engine.Engine;
import io.strata.graph.Asset;
import io.strata.partition.Partition;
import io.strata.partition.PartitionSelection;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Planning alone: the partitions a run asking for {@code selection} would build of each partitioned asset, in the
 * order it builds the assets, decided as a run decides them (the same checks of the request, the same plan from the
 * fingerprints recorded on the branch) with nothing built. For measuring what planning a backfill costs
 * ({@code PartitionBenchmark}); a run plans each asset itself, just before building it.
 */
public final class PartitionPlanning {
    private PartitionPlanning() {
    }

    /** The partitions to build, in order, by partitioned asset in the order a run builds them. */
    public static Map<AssetKey, List<Partition>> plan(CompiledProject project, Engine engine, String branch, PartitionSelection selection,
                                                      Instant now) {
        List<AssetKey> order = project.graph().topologicalOrder();
        PartitionedBuild.validate(project, order, selection);
        PartitionedBuild partitioned = new PartitionedBuild(engine, branch, new Fingerprints(project.graph(), engine, branch, project.root()),
                selection, false, false, now);
        Map<AssetKey, List<Partition>> plans = new LinkedHashMap<>();
        for (AssetKey key : order) {
            Asset asset = project.graph().require(key);
            if (PartitionedBuild.isPartitioned(asset)) {
                plans.put(key, partitioned.plan(asset).toBuild());
            }
        }
        return plans;
    }
}
