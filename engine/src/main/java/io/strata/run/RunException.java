package io.strata.run;

import io.strata.project.StrataException;

/** A run could not go on for a reason outside the project (the engine or catalog failed it). */
public final class RunException extends StrataException {
    public RunException(String message, Throwable cause) {
        super(Kind.ENVIRONMENT, message, cause);
    }
}
