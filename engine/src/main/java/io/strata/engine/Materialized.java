package io.strata.engine;

import io.strata.api.AssetKey;
import io.strata.project.Materialization;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * What building an asset did: the statements run, the rows written where the engine reports them, and
 * the time taken.
 */
public record Materialized(AssetKey key, Materialization materialization, List<String> statements, OptionalLong rows, Duration duration) {
    public Materialized {
        statements = List.copyOf(statements);
    }
}
