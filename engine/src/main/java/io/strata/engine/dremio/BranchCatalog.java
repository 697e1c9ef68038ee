package io.strata.engine.dremio;

import io.strata.project.Relation;

import java.util.Optional;
import java.util.Set;

/**
 * What the Dremio engine asks the Nessie catalog rather than Dremio: which relations a branch holds (to qualify
 * the names a query reads), whether one is a table or a view, and the schemas (Nessie namespaces, Dremio folders)
 * the relations live in.
 */
interface BranchCatalog extends AutoCloseable {
    enum Kind { TABLE, VIEW }

    /** Every table and view on the branch. */
    Set<Relation> relations(String branch);

    /** Whether the relation is a table or a view on the branch; empty when it does not exist. */
    Optional<Kind> kind(String branch, Relation relation);

    /** Makes the schema on the branch unless it exists. */
    void createSchema(String branch, String schema);

    /** Frees what is held for the branch. */
    void release(String branch);

    @Override
    void close();
}
