package io.strata.compile;

import io.strata.project.Location;

import static java.util.Objects.requireNonNull;

/**
 * A PostgreSQL-style cast compilation rewrote for the engine, at the line of the source file it was written on:
 * {@code models/x.sql:12: o.amount::numeric(16,2) → CAST(o.amount AS decimal(16,2))}.
 */
public record DialectRewrite(Location location, String from, String to) {
    public DialectRewrite {
        requireNonNull(location, "location");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
    }

    @Override
    public String toString() {
        return Location.of(location.file(), location.line()) + ": " + from + " → " + to;
    }
}
