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

    /** The request cannot be carried out in the state things are in (a run that has already ended cannot be cancelled). */
    public static RefusedException conflict(String message) {
        return new RefusedException(Kind.CONFLICT, message);
    }

    /** What the request names does not exist. */
    public static RefusedException notFound(String message) {
        return new RefusedException(Kind.NOT_FOUND, message);
    }
}
