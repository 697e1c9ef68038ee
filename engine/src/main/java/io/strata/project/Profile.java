package io.strata.project;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Where a project runs: the engine type ({@code trino}, {@code dremio}), the default schema for assets
 * without a layer or schema, and the engine's own settings. Jinja sees it as {@code target}.
 */
public record Profile(String name, String type, String schema, Map<String, Object> settings) {
    public static final String DEFAULT_NAME = "local";
    public static final String DEFAULT_SCHEMA = "analytics";

    public Profile {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        requireNonNull(schema, "schema");
        settings = Map.copyOf(settings);
    }

    public static Profile local() {
        return new Profile(DEFAULT_NAME, "trino", DEFAULT_SCHEMA, Map.of());
    }
}
