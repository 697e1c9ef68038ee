package io.strata.project;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an incremental build does when the new rows' columns differ from its table's ({@code on_schema_change=…},
 * {@code ignore} when unset), as dbt does.
 */
public enum OnSchemaChange {
    /** Keeps the table's columns: a new column is not written, a gone one is NULL in the new rows. */
    IGNORE("ignore"),
    /** Fails the build, naming the columns added, removed and of another type. */
    FAIL("fail"),
    /** Adds the new columns to the table (earlier rows hold NULL there); a gone column is NULL in the new rows. */
    APPEND_NEW_COLUMNS("append_new_columns"),
    /** Adds the new columns and drops the gone ones; a column whose type changed fails the build. */
    SYNC_ALL_COLUMNS("sync_all_columns");

    private final String label;

    OnSchemaChange(String label) {
        this.label = label;
    }

    /** The word written in {@code on_schema_change=…}. */
    public String label() {
        return label;
    }

    /** The choice written as {@code label}; empty when there is none of that name. */
    public static Optional<OnSchemaChange> of(String label) {
        return Arrays.stream(values()).filter(choice -> choice.label.equals(label)).findFirst();
    }
}
