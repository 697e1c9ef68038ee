package io.strata.lake;

import io.strata.project.StrataException;

/** The lake's catalog or store failed a request or cannot be reached (Nessie down, a branch gone, the object store refusing). */
public final class LakeException extends StrataException {
    public LakeException(String message) {
        super(Kind.ENVIRONMENT, message);
    }

    public LakeException(String message, Throwable cause) {
        super(Kind.ENVIRONMENT, message, cause);
    }
}
