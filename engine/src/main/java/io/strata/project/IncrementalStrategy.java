package io.strata.project;

import java.util.Arrays;
import java.util.Optional;

/** How an incremental model adds a build's rows to its table ({@code incremental_strategy=…}, {@code append} when unset). */
public enum IncrementalStrategy {
    /** Inserts the new rows. */
    APPEND("append"),
    /** Updates the rows whose {@code unique_key} matches a new row and inserts the others. */
    MERGE("merge"),
    /** Deletes the rows whose {@code unique_key} matches a new row, then inserts the new rows. */
    DELETE_INSERT("delete+insert");

    private final String label;

    IncrementalStrategy(String label) {
        this.label = label;
    }

    /** The word written in {@code incremental_strategy=…}. */
    public String label() {
        return label;
    }

    /** Whether it matches new rows to old ones, and so needs {@code unique_key}. */
    public boolean needsUniqueKey() {
        return switch (this) {
            case APPEND -> false;
            case MERGE, DELETE_INSERT -> true;
        };
    }

    /** The strategy written as {@code label}; empty when there is none of that name. */
    public static Optional<IncrementalStrategy> of(String label) {
        return Arrays.stream(values()).filter(strategy -> strategy.label.equals(label)).findFirst();
    }
}
