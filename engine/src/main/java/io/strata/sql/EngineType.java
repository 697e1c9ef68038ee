package io.strata.sql;

import java.util.Locale;

/** The SQL dialect a profile's engine speaks, as far as compilation rewrites SQL for it. */
public enum EngineType {
    TRINO, DREMIO;

    /** The dialect of a profile's {@code type} ({@code trino}, {@code dremio}); Trino's for any other, as {@code SqlFunctions} does. */
    public static EngineType of(String profileType) {
        return profileType.toLowerCase(Locale.ROOT).contains("dremio") ? DREMIO : TRINO;
    }
}
