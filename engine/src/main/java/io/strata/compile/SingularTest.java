package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.project.Location;
import io.strata.project.ModelConfig;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A singular data test: a SQL file under the test paths whose returned rows are failures. It runs once
 * every asset it reads has been built.
 */
public record SingularTest(String name, Location location, String sql, Set<AssetKey> deps, ModelConfig config) {
    public SingularTest {
        requireNonNull(name, "name");
        requireNonNull(location, "location");
        requireNonNull(sql, "sql");
        deps = Set.copyOf(deps);
        requireNonNull(config, "config");
    }
}
