package io.strata.branch;

import io.strata.project.StrataException;

import java.util.List;

/** A branch could not be merged because main changed the same tables since the branch was made. */
public final class MergeConflictException extends StrataException {
    private final String branch;
    private final List<String> tables;

    public MergeConflictException(String branch, List<String> tables, String detail) {
        super(Kind.CONFLICT, "cannot merge branch '" + branch + "' into main: " + (tables.isEmpty() ? detail
                : "main changed " + String.join(", ", tables) + " since the branch was made")
                + "; the branch is kept for inspection");
        this.branch = branch;
        this.tables = List.copyOf(tables);
    }

    public String branch() {
        return branch;
    }

    /** The conflicting tables, as Nessie content keys ({@code silver.orders}). */
    public List<String> tables() {
        return tables;
    }
}
