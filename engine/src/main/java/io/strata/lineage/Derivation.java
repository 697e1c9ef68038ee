package io.strata.lineage;

import java.util.Locale;

/** How a model's column derives from a column it reads. */
public enum Derivation {
    /** The value as it was, under the same name. */
    COPIED,
    /** The value as it was, under another name. */
    RENAMED,
    /** Computed from it row by row: a function, an expression, a cast, a field of a struct, a window over rows. */
    TRANSFORMED,
    /** Computed from it over groups of rows: {@code sum}, {@code count}, {@code max_by}, … */
    AGGREGATED,
    /** Not in the value: the column decides which rows there are (WHERE, HAVING, QUALIFY). */
    FILTERED_BY,
    /** Not in the value: the column decides which rows meet in a join (JOIN … ON, USING). */
    JOINED_ON;

    /** Whether the column flows into the value, rather than deciding which rows there are. */
    public boolean carriesValue() {
        return switch (this) {
            case COPIED, RENAMED, TRANSFORMED, AGGREGATED -> true;
            case FILTERED_BY, JOINED_ON -> false;
        };
    }

    /** The words people write: {@code copied}, {@code filtered by}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /**
     * What a column becomes through two steps: {@code inner}, then {@code this} (the step that reads the result).
     * A column that decides rows keeps deciding them; otherwise the stronger change wins (aggregated over
     * transformed over copied). Copied and renamed are one here: the name is compared once, at the end.
     */
    Derivation then(Derivation inner) {
        if (!inner.carriesValue()) {
            return inner;
        }
        if (!carriesValue()) {
            return this;
        }
        return strength(this) >= strength(inner) ? this : inner;
    }

    private static int strength(Derivation derivation) {
        return switch (derivation) {
            case COPIED, RENAMED -> 0;
            case TRANSFORMED -> 1;
            case AGGREGATED -> 2;
            case FILTERED_BY, JOINED_ON -> 3;
        };
    }
}
