package io.strata.run;

import io.strata.check.CheckResult;
import io.strata.graph.Asset;
import io.strata.partition.PartitionSelection;
import io.strata.project.AssetDeclaration;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Builds assets that are not SQL: bronze ingest assets (the {@code ingestion} module) and, later, Java
 * assets. The runner calls it on the run's branch like any model; the asset's checks run after it, and
 * whatever it wrote reaches main only with the run's merge.
 */
public interface AssetBuilder {
    /** Whether this builder builds the asset. */
    boolean builds(Asset asset);

    Built build(Context context) throws Exception;

    /**
     * What the asset's source holds that the context's branch has not taken in yet: one line per new, changed or gone
     * file or object (its name, size and time), empty when nothing is new. A sensor asks this of main.
     *
     * @throws UnsupportedOperationException when the builder's sources cannot tell
     */
    default List<String> pending(Context context) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot tell what is new in the source of " + context.asset().key());
    }

    /**
     * The fingerprints of the asset's partitions as its source holds them now, by key, for those the source has data
     * for; a partition whose recorded fingerprint differs is stale. Empty when the asset is not partitioned.
     */
    default Map<String, String> partitionFingerprints(Context context) throws Exception {
        return Map.of();
    }

    /**
     * @param declaration the declaration reader's parsed form of the asset, if it was declared in YAML
     * @param threads how many threads the builder may use
     * @param partitions which partitions of a partitioned asset the run asks for
     */
    record Context(Asset asset, Optional<AssetDeclaration> declaration, String branch, String runId, Path projectRoot, boolean fullRefresh,
                   int threads, PartitionSelection partitions) {
        public Context(Asset asset, Optional<AssetDeclaration> declaration, String branch, String runId, Path projectRoot, boolean fullRefresh,
                       int threads) {
            this(asset, declaration, branch, runId, projectRoot, fullRefresh, threads, PartitionSelection.DEFAULT);
        }
    }

    /**
     * @param rows rows written
     * @param details counts for the report and the run store ({@code rows_read}, {@code rows_rejected}, {@code files}, …)
     * @param checks checks the builder ran itself (an ingest asset's {@code max_rejects})
     * @param partitions the fingerprints of the partitions built, recorded on the branch once the asset's checks pass
     */
    record Built(OptionalLong rows, Map<String, Object> details, List<CheckResult> checks, Map<String, String> partitions) {
        public Built {
            details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
            checks = List.copyOf(checks);
            partitions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(partitions));
        }

        public Built(OptionalLong rows, Map<String, Object> details, List<CheckResult> checks) {
            this(rows, details, checks, Map.of());
        }
    }
}
