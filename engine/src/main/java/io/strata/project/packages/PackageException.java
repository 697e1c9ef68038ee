package io.strata.project.packages;

import io.strata.project.StrataException;

/** The packages folder cannot be prepared: {@code dbt_packages/} or the lock cannot be written. */
public final class PackageException extends StrataException {
    public PackageException(String message, Throwable cause) {
        super(Kind.ENVIRONMENT, message, cause);
    }

    public PackageException(String message) {
        super(Kind.ENVIRONMENT, message);
    }
}
