package io.strata.project.packages;

import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.StrataException;

import static java.util.Objects.requireNonNull;

/**
 * A package that could not be installed, and why.
 *
 * @param location the package's entry in the packages file or the lock
 * @param kind {@link StrataException.Kind#ENVIRONMENT} when its host could not be reached or git could not run,
 *     {@link StrataException.Kind#PROJECT} when the entry itself is wrong (no such revision, folder or version)
 */
public record PackageFailure(Location location, StrataException.Kind kind, String message) {
    public PackageFailure {
        requireNonNull(location, "location");
        requireNonNull(kind, "kind");
        requireNonNull(message, "message");
    }

    public Diagnostic diagnostic() {
        return Diagnostic.error(location, message);
    }
}
