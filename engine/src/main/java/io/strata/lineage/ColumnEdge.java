package io.strata.lineage;

import static java.util.Objects.requireNonNull;

/** Column {@code to} of a model derives from column {@code from} of an asset the model reads, in the given way. */
public record ColumnEdge(ColumnRef from, ColumnRef to, Derivation derivation) {
    public ColumnEdge {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(derivation, "derivation");
    }
}
