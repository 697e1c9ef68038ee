package io.strata.run;

import io.strata.compile.CompiledProject;
import io.strata.engine.Engine;
import io.strata.graph.Asset;
import io.strata.partition.Partition;
import io.strata.partition.PartitionsDefinition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The state of each partition of a partitioned asset on a branch: built (up to date), stale (built before its SQL or
 * an input partition it maps to changed), or missing (never built there). Read from the fingerprints kept with the
 * table, so main's state is what merged runs left and a failed run's branch marks nothing on main.
 */
public final class PartitionStates {
    public enum Status { BUILT, STALE, MISSING }

    /**
     * One partition and its state.
     *
     * @param lastRun the merged run that last changed the partition on main, as the run store's summary says
     * @param lastMerged when that run merged
     */
    public record State(String key, Status status, Optional<String> lastRun, Optional<Instant> lastMerged) {
        public State {
            requireNonNull(key, "key");
            requireNonNull(status, "status");
            requireNonNull(lastRun, "lastRun");
            requireNonNull(lastMerged, "lastMerged");
        }

        public State(String key, Status status) {
            this(key, status, Optional.empty(), Optional.empty());
        }

        /** The same partition, with the merged run that last changed it. */
        public State builtBy(RunStore.PartitionBuild build) {
            return new State(key, status, Optional.of(build.runId()), Optional.of(build.mergedAt()));
        }
    }

    /** A range of consecutive partitions of one state, as {@code strata partitions} shows them, with the latest merged run among them. */
    public record Range(String first, String last, Status status, int count, Optional<String> lastRun, Optional<Instant> lastMerged) {
    }

    private PartitionStates() {
    }

    /** Every partition of a partitioned model there is now, in order, with its state on the branch; empty when the asset is not partitioned. */
    public static List<State> of(Engine engine, CompiledProject project, String branch, Asset asset, Instant now) {
        return of(engine, project, branch, asset, now, List.of());
    }

    /**
     * Every partition there is now, in order, with its state on the branch; empty when the asset is not partitioned. The
     * partitions of an asset that is not SQL (an ingest asset) are as its builder finds its source.
     */
    public static List<State> of(Engine engine, CompiledProject project, String branch, Asset asset, Instant now, List<AssetBuilder> builders) {
        Optional<PartitionsDefinition> definition = PartitionsDefinition.of(asset);
        if (definition.isEmpty() || asset.relation().isEmpty()) {
            return List.of();
        }
        List<Partition> partitions = definition.get().partitions(now);
        Map<String, String> recorded = engine.partitionFingerprints(branch, asset.relation().get());
        Optional<Map<String, String>> current;
        if (asset.sql().isPresent()) {
            current = new Fingerprints(project.graph(), engine, branch, project.root()).ofPartitions(asset, definition.get(), partitions);
        }
        else {
            AssetBuilder builder = builders.stream().filter(candidate -> candidate.builds(asset)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no builder for " + asset.kind().label() + " asset " + asset.key()));
            try {
                current = Optional.of(builder.partitionFingerprints(new AssetBuilder.Context(asset,
                        Optional.ofNullable(project.declarations().get(asset.key())), branch, "", project.root(), false, 1)));
            }
            catch (Exception e) {
                throw new IllegalStateException("cannot list the source of " + asset.key() + ": " + e.getMessage(), e);
            }
        }
        List<State> states = new ArrayList<>();
        for (Partition partition : partitions) {
            String was = recorded.get(partition.key());
            Status status = was == null ? Status.MISSING
                    : current.isPresent() && was.equals(current.get().get(partition.key())) ? Status.BUILT : Status.STALE;
            states.add(new State(partition.key(), status));
        }
        return states;
    }

    /** The states as ranges of consecutive partitions of one state, in order. */
    public static List<Range> ranges(List<State> states) {
        List<Range> ranges = new ArrayList<>();
        for (State state : states) {
            Range last = ranges.isEmpty() ? null : ranges.getLast();
            if (last != null && last.status() == state.status()) {
                boolean later = state.lastMerged().isPresent() && (last.lastMerged().isEmpty() || state.lastMerged().get().isAfter(last.lastMerged().get()));
                ranges.set(ranges.size() - 1, new Range(last.first(), state.key(), state.status(), last.count() + 1,
                        later ? state.lastRun() : last.lastRun(), later ? state.lastMerged() : last.lastMerged()));
            }
            else {
                ranges.add(new Range(state.key(), state.key(), state.status(), 1, state.lastRun(), state.lastMerged()));
            }
        }
        return ranges;
    }
}
