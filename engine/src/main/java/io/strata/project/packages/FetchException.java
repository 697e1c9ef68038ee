package io.strata.project.packages;

import io.strata.project.StrataException;

import static java.util.Objects.requireNonNull;

/** One package could not be fetched; the installer reports it and goes on with the others. */
final class FetchException extends RuntimeException {
    private final StrataException.Kind kind;

    FetchException(StrataException.Kind kind, String message) {
        super(message);
        this.kind = requireNonNull(kind, "kind");
    }

    StrataException.Kind kind() {
        return kind;
    }
}
