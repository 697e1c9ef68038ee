package io.strata.graph;

import java.util.Optional;

/**
 * The name of the common table expression an ephemeral model is inlined as, {@code __strata_cte__<model>}, as dbt
 * inlines it; compilation writes it and the readers of compiled SQL recognise it.
 */
public final class EphemeralCte {
    private static final String PREFIX = "__strata_cte__";

    private EphemeralCte() {
    }

    public static String name(String model) {
        return PREFIX + model;
    }

    /** The ephemeral model a common table expression or table name stands for, if it is one. */
    public static Optional<String> modelOf(String name) {
        return name.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) && name.length() > PREFIX.length()
                ? Optional.of(name.substring(PREFIX.length())) : Optional.empty();
    }
}
