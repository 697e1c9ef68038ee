package io.strata.engine;

import io.strata.branch.Branches;
import io.strata.graph.Asset;
import io.strata.project.Materialization;
import io.strata.project.Relation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An engine that builds nothing and answers at once, with no data behind it: for measuring and testing the
 * orchestration alone. Every model and seed "builds" with zero rows; nothing exists; there is no connection.
 * Partitions "build" with zero rows too, and their fingerprints are kept in memory, so a second run finds them up
 * to date: a branch sees main's until it records its own, and they become main's when the branch is readied for
 * its merge (branches without data always merge).
 */
public class InstantEngine implements Engine {
    /** Partition fingerprints by branch, then relation, then partition key. */
    private final Map<String, Map<Relation, Map<String, String>>> partitions = new ConcurrentHashMap<>();

    @Override
    public Connection connect(String branch) {
        throw new UnsupportedOperationException("an instant engine has no data to test");
    }

    @Override
    public Materialized materialize(String branch, Asset model, boolean fullRefresh) throws SQLException {
        return new Materialized(model.key(), model.materialization(), List.of(), OptionalLong.of(0), Duration.ZERO);
    }

    @Override
    public Materialized loadSeed(String branch, Asset seed, SeedData data) {
        return new Materialized(seed.key(), Materialization.SEED, List.of(), OptionalLong.of(0), Duration.ZERO);
    }

    @Override
    public Materialized replacePartitions(String branch, Asset model, String sql, String condition, boolean everyPartition) {
        return new Materialized(model.key(), model.materialization(), List.of(), OptionalLong.of(0), Duration.ZERO);
    }

    @Override
    public Map<String, String> partitionFingerprints(String branch, Relation relation) {
        return Collections.unmodifiableMap(recorded(branch, relation));
    }

    @Override
    public void recordPartitions(String branch, Relation relation, Map<String, String> fingerprints) {
        // A new map each time: one handed out earlier never changes under its reader.
        partitions.computeIfAbsent(branch, name -> new ConcurrentHashMap<>()).compute(relation, (key, own) -> {
            Map<String, String> updated = new TreeMap<>(own != null ? own : recorded(Branches.MAIN, relation));
            updated.putAll(fingerprints);
            return updated;
        });
    }

    /** What the branch holds for the relation: its own record, else main's (a branch starts as main). */
    private Map<String, String> recorded(String branch, Relation relation) {
        Map<String, String> own = partitions.getOrDefault(branch, Map.of()).get(relation);
        if (own != null) {
            return own;
        }
        return partitions.getOrDefault(Branches.MAIN, Map.of()).getOrDefault(relation, Map.of());
    }

    @Override
    public boolean exists(String branch, Relation relation) {
        return false;
    }

    @Override
    public void prepareMerge(String branch, Collection<Relation> views) {
        if (!branch.equals(Branches.MAIN)) {
            partitions.getOrDefault(branch, Map.of()).forEach((relation, fingerprints) ->
                    partitions.computeIfAbsent(Branches.MAIN, name -> new ConcurrentHashMap<>()).put(relation, fingerprints));
        }
    }

    @Override
    public void release(String branch) {
        if (!branch.equals(Branches.MAIN)) {
            partitions.remove(branch);
        }
    }

    @Override
    public void close() {
    }
}
