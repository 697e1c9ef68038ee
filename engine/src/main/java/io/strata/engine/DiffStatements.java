package io.strata.engine;

import io.strata.project.Relation;

import java.util.List;

/**
 * The read-only queries that compare a relation on a branch with the same relation on main, as text in the
 * engine's dialect (Trino names each side by its catalog; an engine that addresses branches in SQL names them
 * there). Column and key names come from the compiled project and the engine's own catalog, never from the user.
 * Each query is run on a connection to the branch; all the counting happens in the engine.
 */
public interface DiffStatements {
    /** A column compared on both sides, with its type as the engine names it ({@code information_schema.columns.data_type}). */
    record Column(String name, String type) {
    }

    /** Rows {@code (side, column_name, data_type, ordinal_position)} of the relation on {@code main} and on the branch, in column order. */
    String columns(String branch, Relation relation);

    /** One row with one column: the number of rows of the relation on {@code ref} (main or the branch). */
    String rowCount(String ref, Relation relation);

    /**
     * One row {@code (main_rows, branch_rows, added, removed, changed)} comparing {@code columns} of both sides.
     * With a {@code key}, rows are matched by it and a matched row whose other columns differ is changed; without
     * one (empty), whole rows are matched by their hash, counting duplicates, and none is changed.
     */
    String counts(String branch, Relation relation, List<String> key, List<Column> columns);

    /**
     * At most {@code limit} rows of each change ({@code added}, {@code removed}, {@code changed}), in key order:
     * {@code (change, the columns on main…, the columns on the branch…)}, a side's columns null where the row is not on it.
     */
    String samples(String branch, Relation relation, List<String> key, List<Column> columns, int limit);
}
