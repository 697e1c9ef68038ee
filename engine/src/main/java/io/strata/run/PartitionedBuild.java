package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.compile.CompiledProject;
import io.strata.engine.Engine;
import io.strata.engine.Materialized;
import io.strata.graph.Asset;
import io.strata.partition.Partition;
import io.strata.partition.PartitionSelection;
import io.strata.partition.PartitionTokens;
import io.strata.partition.PartitionsDefinition;
import io.strata.select.SelectionException;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Builds the partitions of a partitioned model that a run asks for ({@link PartitionSelection}): which ones, from
 * their state on the branch; then each run of consecutive windows as one build (a quarter of days is one statement),
 * a static value alone. Partitions build one after another, since they write one table; the run builds other
 * assets beside them.
 */
final class PartitionedBuild {
    /** What is recorded for a partition built whose checks failed: no fingerprint equals it, so the partition is stale. */
    static final String CHECKS_FAILED = "checks failed";

    private final Engine engine;
    private final String branch;
    private final Fingerprints fingerprints;
    private final PartitionSelection selection;
    private final boolean rebuildAll;
    private final Instant now;
    private final boolean resumed;

    PartitionedBuild(Engine engine, String branch, Fingerprints fingerprints, PartitionSelection selection, boolean rebuildAll, boolean resumed,
                     Instant now) {
        this.resumed = resumed;
        this.engine = engine;
        this.branch = branch;
        this.fingerprints = fingerprints;
        this.selection = selection;
        this.rebuildAll = rebuildAll;
        this.now = now;
    }

    /** A model or a Java asset that declares partitions; an ingest asset's builder chooses its partitions itself. */
    static boolean isPartitioned(Asset asset) {
        return (asset.sql().isPresent() || asset.kind() == io.strata.graph.AssetKind.CODE) && PartitionsDefinition.declared(asset);
    }

    /**
     * Refuses, before any branch is made, a request for partitions that no selected asset has: a key or range that
     * is malformed or outside an asset's windows, or partitions asked of a selection with no partitioned asset.
     */
    static void validate(CompiledProject project, List<AssetKey> selected, PartitionSelection selection) {
        if (selection.isDefault()) {
            return;
        }
        List<Asset> partitioned = selected.stream().map(project.graph()::require).filter(PartitionsDefinition::declared).toList();
        if (partitioned.isEmpty()) {
            throw new SelectionException("--partition, --from, --to, --missing and --stale apply to partitioned assets, and the selection has none"
                    + " (a model declares partitions with config(partitioned_by=...), an ingest asset with partitioned_by: beside its source, a Java asset with partitionedBy(...))");
        }
        for (Asset asset : partitioned) {
            PartitionsDefinition definition = PartitionsDefinition.of(asset).orElseThrow();
            try {
                selection.partitions(definition, Instant.now());
            }
            catch (IllegalArgumentException e) {
                throw new SelectionException(asset.key() + " (" + asset.path() + "): " + e.getMessage());
            }
        }
    }

    /**
     * What a build of the asset will do: the partitions to build (in order) with the fingerprints to record once its
     * checks pass, and how many it leaves as they are.
     */
    record Plan(PartitionsDefinition definition, List<Partition> toBuild, Map<String, String> fingerprints, int upToDate) {
    }

    Plan plan(Asset asset) {
        PartitionsDefinition definition = PartitionsDefinition.of(asset).orElseThrow();
        List<Partition> requested = selection.partitions(definition, now);
        Optional<Map<String, String>> current = fingerprints.ofPartitions(asset, definition, requested);
        Map<String, String> recorded = engine.partitionFingerprints(branch, asset.relation().orElseThrow());
        boolean filtered = selection.missing() || selection.stale();
        // A resumed run keeps the partitions its branch built and checked: only those missing or stale there are built.
        boolean everyNamed = rebuildAll || selection.namesPartitions() && !filtered && !resumed;
        List<Partition> toBuild = new ArrayList<>();
        for (Partition partition : requested) {
            String was = recorded.get(partition.key());
            boolean missing = was == null;
            boolean stale = !missing && (current.isEmpty() || !was.equals(current.get().get(partition.key())));
            boolean wanted = everyNamed || (filtered ? selection.missing() && missing || selection.stale() && stale : missing || stale);
            if (wanted) {
                toBuild.add(partition);
            }
        }
        Map<String, String> toRecord = new LinkedHashMap<>();
        current.ifPresent(known -> toBuild.forEach(partition -> toRecord.put(partition.key(), known.get(partition.key()))));
        return new Plan(definition, List.copyOf(toBuild), toRecord, requested.size() - toBuild.size());
    }

    /** Builds the plan's partitions, consecutive windows together; the rows are those the builds wrote. */
    AssetBuilder.Built build(Asset asset, Plan plan) throws SQLException {
        String sql = asset.sql().orElseThrow();
        long rows = 0;
        boolean counted = true;
        // Every partition built (one window, as they follow each other): the table is made again from them, so a change
        // of the SQL's columns is taken.
        boolean everyPartition = plan.toBuild().equals(plan.definition().partitions(now));
        for (List<Partition> run : Partition.consecutive(plan.toBuild())) {
            Partition first = run.getFirst();
            Partition last = run.getLast();
            Materialized built = engine.replacePartitions(branch, asset, PartitionTokens.render(sql, plan.definition().rendering(first, last)),
                    plan.definition().condition(first, last), everyPartition);
            if (built.rows().isPresent()) {
                rows += built.rows().getAsLong();
            }
            else {
                counted = false;
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("partitions_built", (long) plan.toBuild().size());
        details.put("partitions_up_to_date", (long) plan.upToDate());
        details.put("partitions", Partition.describe(plan.toBuild()));
        return new AssetBuilder.Built(counted ? OptionalLong.of(rows) : OptionalLong.empty(), details, List.of());
    }
}
