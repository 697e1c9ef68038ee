package io.strata.api;

import java.util.Map;
import java.util.NoSuchElementException;

import static java.util.Objects.requireNonNull;

/**
 * A resource of the project file ({@code resources:}) as a Java asset gets it: its settings with the secrets read from
 * the environment. A Java asset names the resources it uses ({@code AssetSpec.builder(...).resources("crm_db")}); a run
 * of it refuses to start, before any branch is made, when one of their environment variables is not set.
 */
public record Resource(String name, String type, Map<String, String> settings) {
    public Resource {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        settings = Map.copyOf(settings);
    }

    /** A setting's value ({@code url}, or {@code token} read from {@code token_env}). */
    public String setting(String key) {
        String value = settings.get(key);
        if (value == null) {
            throw new NoSuchElementException("resource '" + name + "' has no setting '" + key + "' (it has " + settings.keySet() + ")");
        }
        return value;
    }

    /** A JDBC connection to a {@code jdbc} resource: its {@code url}, {@code user} and {@code password} settings. */
    public java.sql.Connection connect() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(setting("url"), settings.get("user"), settings.get("password"));
    }

    @Override
    public String toString() {
        // Settings may hold secrets: never printed.
        return "Resource[" + name + ", " + type + "]";
    }
}
