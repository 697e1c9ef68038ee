package io.strata.engine.dremio;

import io.strata.project.Relation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A branch catalog in memory, for tests without a Nessie: the relations of each branch and their kind, and the
 * partition fingerprints recorded with its tables (kept, like table properties, only where a table is).
 */
final class MemoryBranchCatalog implements BranchCatalog {
    private final Map<String, Map<Relation, Kind>> branches = new ConcurrentHashMap<>();
    private final Map<Relation, Kind> everywhere = new ConcurrentHashMap<>();
    private final List<String> schemasMade = new CopyOnWriteArrayList<>();
    private final Map<String, Map<Relation, Map<String, String>>> partitions = new ConcurrentHashMap<>();

    /** A relation every branch holds (a run's branch has a name the test does not know beforehand). */
    MemoryBranchCatalog everywhere(Relation relation, Kind kind) {
        everywhere.put(relation, kind);
        return this;
    }

    MemoryBranchCatalog with(String branch, Relation relation, Kind kind) {
        branches.computeIfAbsent(branch, name -> new ConcurrentHashMap<>()).put(relation, kind);
        return this;
    }

    /** The schemas made, as {@code branch/schema}. */
    List<String> schemasMade() {
        return List.copyOf(schemasMade);
    }

    @Override
    public Set<Relation> relations(String branch) {
        Set<Relation> relations = new java.util.HashSet<>(everywhere.keySet());
        relations.addAll(branches.getOrDefault(branch, Map.of()).keySet());
        return Set.copyOf(relations);
    }

    @Override
    public Optional<Kind> kind(String branch, Relation relation) {
        return Optional.ofNullable(branches.getOrDefault(branch, Map.of()).get(relation)).or(() -> Optional.ofNullable(everywhere.get(relation)));
    }

    @Override
    public void createSchema(String branch, String schema) {
        schemasMade.add(branch + "/" + schema);
    }

    @Override
    public Map<String, String> partitionFingerprints(String branch, Relation relation) {
        if (kind(branch, relation).filter(kind -> kind == Kind.TABLE).isEmpty()) {
            return Map.of();
        }
        return new java.util.TreeMap<>(partitions.getOrDefault(branch, Map.of()).getOrDefault(relation, Map.of()));
    }

    @Override
    public void recordPartitions(String branch, Relation relation, Map<String, String> fingerprints) {
        if (kind(branch, relation).filter(kind -> kind == Kind.TABLE).isPresent()) {
            partitions.computeIfAbsent(branch, name -> new ConcurrentHashMap<>()).computeIfAbsent(relation, table -> new ConcurrentHashMap<>())
                    .putAll(fingerprints);
        }
    }

    @Override
    public void release(String branch) {
    }

    @Override
    public void close() {
    }
}
