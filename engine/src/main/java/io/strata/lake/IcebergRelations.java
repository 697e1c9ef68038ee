package io.strata.lake;

import io.strata.project.Relation;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What every engine over Nessie and Iceberg shares: a relation's state on a branch (a table's snapshot, a
 * view's version) and the fingerprint of the build that made it, kept as a table or view property, so it is
 * versioned and merged with the data. Reads and writes through the branch's Iceberg REST catalog, one per
 * branch, kept until the branch is released.
 */
public final class IcebergRelations implements AutoCloseable {
    private final LakeEndpoints endpoints;

    public IcebergRelations(LakeEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** The table property (or view property) holding the fingerprint of the build that made the current version. */
    public static final String FINGERPRINT = "strata.fingerprint";
    /** The snapshot a table had when its fingerprint was recorded: a later change by anyone else makes it stale. */
    public static final String FINGERPRINT_SNAPSHOT = "strata.fingerprint.snapshot";

    private final java.util.Map<String, org.apache.iceberg.rest.RESTCatalog> catalogs = new ConcurrentHashMap<>();

    private org.apache.iceberg.rest.RESTCatalog catalog(String branch) {
        return catalogs.computeIfAbsent(branch, name -> IcebergCatalogs.forBranch(endpoints, name));
    }

    /** The table or the view on the branch, with one catalog call for a table; empty when neither exists. */
    private java.util.Optional<Object> load(String branch, Relation relation) {
        var catalog = catalog(branch);
        var id = org.apache.iceberg.catalog.TableIdentifier.of(relation.schema(), relation.identifier());
        try {
            return java.util.Optional.of(catalog.loadTable(id));
        }
        catch (org.apache.iceberg.exceptions.NoSuchTableException notATable) {
            try {
                return java.util.Optional.of(catalog.loadView(id));
            }
            catch (org.apache.iceberg.exceptions.NoSuchViewException notAView) {
                return java.util.Optional.empty();
            }
        }
    }

    private static String snapshotOf(org.apache.iceberg.Table table) {
        return table.currentSnapshot() == null ? "none" : Long.toString(table.currentSnapshot().snapshotId());
    }

    /** The relation's state on the branch: its version, and its fingerprint while nothing changed it since it was recorded. */
    public java.util.Optional<RelationState> state(String branch, Relation relation) {
        return load(branch, relation).flatMap(loaded -> switch (loaded) {
            case org.apache.iceberg.Table table -> {
                String snapshot = snapshotOf(table);
                java.util.Optional<String> fingerprint = java.util.Optional.ofNullable(table.properties().get(FINGERPRINT))
                        .filter(any -> snapshot.equals(table.properties().get(FINGERPRINT_SNAPSHOT)));
                yield java.util.Optional.of(new RelationState("snapshot " + snapshot, fingerprint));
            }
            // A view's data is its definition: without a recorded fingerprint its version is unknown.
            case org.apache.iceberg.view.View view -> java.util.Optional.ofNullable(view.properties().get(FINGERPRINT))
                    .map(fingerprint -> new RelationState("view " + fingerprint, java.util.Optional.of(fingerprint)));
            default -> java.util.Optional.empty();
        });
    }

    /** Records the fingerprint with the relation's current version on the branch; it reaches main with the merge, like the data. */
    public void recordFingerprint(String branch, Relation relation, String fingerprint) {
        load(branch, relation).ifPresent(loaded -> {
            switch (loaded) {
                case org.apache.iceberg.Table table -> table.updateProperties().set(FINGERPRINT, fingerprint)
                        .set(FINGERPRINT_SNAPSHOT, snapshotOf(table)).commit();
                case org.apache.iceberg.view.View view -> view.updateProperties().set(FINGERPRINT, fingerprint).commit();
                default -> {
                }
            }
        });
    }

    /** The table properties holding the fingerprints of a partitioned table's partitions: {@code strata.partition.<key>}. */
    public static final String PARTITION_PREFIX = "strata.partition.";

    /** The fingerprints of the table's partitions on the branch, by key; none when it is no table. */
    public java.util.Map<String, String> partitionFingerprints(String branch, Relation relation) {
        return load(branch, relation).map(loaded -> {
            java.util.Map<String, String> found = new java.util.TreeMap<>();
            if (loaded instanceof org.apache.iceberg.Table table) {
                table.properties().forEach((name, value) -> {
                    if (name.startsWith(PARTITION_PREFIX)) {
                        found.put(name.substring(PARTITION_PREFIX.length()), value);
                    }
                });
            }
            return (java.util.Map<String, String>) found;
        }).orElse(java.util.Map.of());
    }

    /** Records partitions' fingerprints as properties of the table on the branch, in one commit. */
    public void recordPartitions(String branch, Relation relation, java.util.Map<String, String> fingerprints) {
        load(branch, relation).ifPresent(loaded -> {
            if (loaded instanceof org.apache.iceberg.Table table && !fingerprints.isEmpty()) {
                var update = table.updateProperties();
                fingerprints.forEach((key, fingerprint) -> update.set(PARTITION_PREFIX + key, fingerprint));
                update.commit();
            }
        });
    }

    private static void closeQuietly(org.apache.iceberg.rest.RESTCatalog catalog) {
        try {
            catalog.close();
        }
        catch (java.io.IOException e) {
            // Closing frees HTTP clients only; nothing to report.
        }
    }

    /** Frees the branch's catalog client. */
    public void release(String branch) {
        var catalog = catalogs.remove(branch);
        if (catalog != null) {
            closeQuietly(catalog);
        }
    }

    @Override
    public void close() {
        catalogs.values().forEach(IcebergRelations::closeQuietly);
        catalogs.clear();
    }
}
