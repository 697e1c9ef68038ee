package io.strata.engine;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The SQL engine a project runs on, seen per branch: a connection whose default catalog reads and
 * writes that branch. Implemented for Trino; Dremio comes later.
 */
public interface Engine extends AutoCloseable {
    /** A connection on the branch ({@code main} or a run or dev branch); the caller closes it. */
    Connection connect(String branch) throws SQLException;

    /** Frees what the engine holds for a branch (Trino: drops its catalog). Main is never released. */
    void release(String branch) throws SQLException;

    @Override
    void close();
}
