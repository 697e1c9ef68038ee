package io.strata.engine.dremio;

import io.strata.project.Relation;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the Dremio engine asks the Nessie catalog rather than Dremio: which relations a branch holds (to qualify
 * the names a query reads), whether one is a table or a view, the schemas (Nessie namespaces, Dremio folders)
 * the relations live in, and the fingerprints of a partitioned table's partitions, kept as its table properties
 * ({@code strata.partition.<key>}) so that they are merged with its data.
 */
interface BranchCatalog extends AutoCloseable {
    enum Kind { TABLE, VIEW }

    /** Every table and view on the branch. */
    Set<Relation> relations(String branch);

    /** Whether the relation is a table or a view on the branch; empty when it does not exist. */
    Optional<Kind> kind(String branch, Relation relation);

    /** Makes the schema on the branch unless it exists. */
    void createSchema(String branch, String schema);

    /** The fingerprints recorded with the table's partitions on the branch, by partition key; none when it is no table. */
    Map<String, String> partitionFingerprints(String branch, Relation relation);

    /** Records the fingerprints of partitions just built with the table on the branch, in one commit; nothing when it is no table. */
    void recordPartitions(String branch, Relation relation, Map<String, String> fingerprints);

    /** Frees what is held for the branch. */
    void release(String branch);

    @Override
    void close();
}
