package io.strata.engine;

import io.strata.lake.RelationState;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The SQL engine a project runs on, seen per branch: a connection whose default catalog reads and
 * writes that branch. Made by an {@link EngineProvider} for the profile's type; every engine passes the
 * engine contract tests.
 */
public interface Engine extends AutoCloseable {
    /** A connection on the branch ({@code main} or a run or dev branch); the caller closes it. */
    Connection connect(String branch) throws SQLException;

    /**
     * Builds a model on the branch from its compiled SQL as its materialization says: {@code view},
     * {@code table} (replaced atomically), {@code incremental} ({@code append}, {@code merge} or
     * {@code delete+insert} on {@code unique_key}; a new table when the target is missing or on a full
     * refresh) or {@code ephemeral} (nothing to build: it is inlined where it is used).
     */
    Materialized materialize(String branch, io.strata.graph.Asset model, boolean fullRefresh) throws SQLException;

    /**
     * Builds partitions of a model on the branch: the rows of its table where {@code condition} holds are replaced by
     * the rows of {@code sql} (the model's SQL for those partitions' window), which must all satisfy it: a row outside
     * the window fails the build and changes nothing. The table is made when it does not exist.
     *
     * @param everyPartition the build covers every partition of the model: the table is replaced by the rows, so a change
     *                       of its columns is taken; otherwise a table whose columns are not the SQL's fails the build
     */
    default Materialized replacePartitions(String branch, io.strata.graph.Asset model, String sql, String condition, boolean everyPartition)
            throws SQLException {
        throw new UnsupportedOperationException("this engine does not build partitioned models yet");
    }

    /** The fingerprints of the builds that made the relation's partitions on the branch, by partition key; none when unknown. */
    default java.util.Map<String, String> partitionFingerprints(String branch, io.strata.project.Relation relation) {
        return java.util.Map.of();
    }

    /** Records, with the relation on the branch, the fingerprints of the partitions just built (merged with the data, like it). */
    default void recordPartitions(String branch, io.strata.project.Relation relation, java.util.Map<String, String> fingerprints) {
    }

    /** Loads a seed's rows into its table on the branch, replacing what was there. */
    Materialized loadSeed(String branch, io.strata.graph.Asset seed, SeedData data) throws SQLException;

    /** Whether the relation exists on the branch (what {@code is_incremental()} asks). */
    boolean exists(String branch, io.strata.project.Relation relation) throws SQLException;

    /** Makes the relation's schema on the branch if it is missing (before a Java asset writes the relation). */
    default void createSchema(String branch, io.strata.project.Relation relation) throws SQLException {
        try (Connection connection = connect(branch); java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + io.strata.project.Relation.quote(relation.schema()));
        }
    }

    /**
     * The lake the engine works on (its Nessie catalog and object store), where Java assets write tables with the Iceberg
     * Java API; empty for an engine without one (then {@code tables()} is refused).
     */
    default java.util.Optional<io.strata.lake.LakeEndpoints> lake() {
        return java.util.Optional.empty();
    }

    /**
     * Readies the views on a branch for the merge, on the branch itself (Trino: points them at main's
     * catalog, which their Iceberg view versions name); a view the branch does not hold is skipped. Engines
     * that address branches in SQL need nothing.
     */
    default void prepareMerge(String branch, java.util.Collection<io.strata.project.Relation> views) {
    }

    /**
     * The relation's state on the branch, empty when it does not exist or the engine cannot tell (then
     * every build happens).
     */
    default java.util.Optional<RelationState> state(String branch, io.strata.project.Relation relation) {
        return java.util.Optional.empty();
    }

    /**
     * The queries that compare a relation on a branch with main ({@code strata diff}); empty when the engine
     * cannot compare branches.
     */
    default java.util.Optional<DiffStatements> diffStatements() {
        return java.util.Optional.empty();
    }

    /**
     * Records, with the relation on the branch, the fingerprint of the build that just made it: its SQL,
     * configuration and the versions of what it read. It reaches main with the run's merge, like the data.
     */
    default void recordFingerprint(String branch, io.strata.project.Relation relation, String fingerprint) {
    }

    /**
     * Whether the engine answers at all, asked after a transient or connection error: an engine whose
     * process died refuses connections, and a run stops at once instead of waiting for its retries.
     */
    default boolean reachable() {
        return true;
    }

    /**
     * The service that does not answer now, named with its address: the engine first, then the lake's Nessie and
     * object store; empty when all answer. Asked after a failure, to say which service it was.
     */
    default java.util.Optional<String> notAnswering() {
        return !reachable() ? java.util.Optional.of(description()) : lake().flatMap(io.strata.lake.LakeEndpoints::unreachable);
    }

    /** The engine and where it answers, for messages ({@code Trino at http://host:port}). */
    default String description() {
        return getClass().getSimpleName();
    }

    /** Whether an error of this engine is worth trying again; by default none is. */
    default Failure classify(SQLException error) {
        return Failure.PERMANENT;
    }

    /** Frees what the engine holds for a branch (Trino: drops its catalog). Main is never released; by default nothing is held. */
    default void release(String branch) throws SQLException {
    }

    @Override
    void close();
}
