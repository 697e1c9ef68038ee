package io.strata.service;

import io.strata.project.StrataException;

/** A request the workspace will not carry out: a write through query, dropping main, an unknown run or branch. */
public final class RefusedException extends StrataException {
    private RefusedException(Kind kind, String message) {
        super(kind, message);
    }

    /** The request itself is wrong. */
    public static RefusedException refused(String message) {
        return new RefusedException(Kind.PROJECT, message);
    }

    /** What the request names does not exist. */
    public static RefusedException notFound(String message) {
        return new RefusedException(Kind.NOT_FOUND, message);
    }
}
