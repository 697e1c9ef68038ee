package io.strata.branch;

import static java.util.Objects.requireNonNull;

/** A branch and the commit it points at. */
public record BranchRef(String name, String hash) {
    public BranchRef {
        requireNonNull(name, "name");
        requireNonNull(hash, "hash");
    }
}
