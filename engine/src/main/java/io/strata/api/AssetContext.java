package io.strata.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * What a Java asset's function is handed when it builds: where it builds (the run's branch, never main), the
 * engine's SQL on that branch, the project's variables, and a log that lands in the run's events. Whatever the function
 * writes through {@link #sql()} or {@link #tables()} reaches main only with the run's merge, after every check passed.
 */
public interface AssetContext {
    /** The asset being built. */
    AssetKey key();

    /** The run building it. */
    String runId();

    /** The branch the run builds on. */
    String branch();

    /** The project's variables ({@code vars:} of the project file, overridden by {@code --vars}). */
    Map<String, Object> vars();

    /** The asset's own table as the engine's SQL names it on the branch ({@code schema.identifier}), for an asset that writes one. */
    String relation();

    /** The table of another asset this build produces ({@code alsoProduces}), as the engine's SQL names it. */
    String relation(String produced);

    /**
     * A connection of the project's engine on the run's branch, the profile's schema as its session schema. Opened
     * on first call, the same one for the rest of the build, closed by Strata when the build ends.
     */
    Connection sql() throws SQLException;

    /**
     * Iceberg tables on the run's branch through the Iceberg Java API: write the asset's tables as Parquet (one commit
     * per table when the code returns), read its deps' tables.
     */
    AssetTables tables();

    /**
     * A resource of the project file the asset declared it uses, its secrets read from the environment.
     *
     * @throws IllegalArgumentException for a resource the asset did not declare with {@code resources(...)}
     */
    Resource resource(String name);

    /**
     * The partition this call builds, for a partitioned asset (its code is called once per partition); empty otherwise,
     * and in its checks, which run once after every partition is built.
     */
    default java.util.Optional<AssetPartition> partition() {
        return java.util.Optional.empty();
    }

    /** A line of the run's log, under this asset. */
    void log(String message);
}
