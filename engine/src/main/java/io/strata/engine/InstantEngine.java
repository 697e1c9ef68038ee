package io.strata.engine;

import io.strata.graph.Asset;
import io.strata.project.Materialization;
import io.strata.project.Relation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * An engine that builds nothing and answers at once, with no data behind it: for measuring and testing the
 * orchestration alone. Every model and seed "builds" with zero rows; nothing exists; there is no connection.
 */
public class InstantEngine implements Engine {
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
    public boolean exists(String branch, Relation relation) {
        return false;
    }

    @Override
    public void prepareMerge(String branch, Collection<Relation> views) {
    }

    @Override
    public void release(String branch) {
    }

    @Override
    public void close() {
    }
}
