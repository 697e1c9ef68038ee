package io.strata.stack.testing;

import io.strata.branch.Branches;
import io.strata.engine.trino.TrinoEngine;

import java.sql.Connection;
import java.sql.SQLException;

/** A branch made for one test, with the clients to use it; deleted when the test ends. */
public record TestBranch(String name, Branches branches, TrinoEngine engine) {
    /** A Trino connection whose default catalog reads and writes this branch. */
    public Connection connect() throws SQLException {
        return engine.connect(name);
    }
}
