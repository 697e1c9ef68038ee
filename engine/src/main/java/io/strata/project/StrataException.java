package io.strata.project;

import static java.util.Objects.requireNonNull;

/**
 * A problem the user can act on: the message says what, where and what to do. Its {@link Kind} is
 * transport-neutral: the CLI maps it to an exit code, the server to an HTTP status; no exception here
 * knows either.
 */
public abstract class StrataException extends RuntimeException {
    /** What kind of problem, as a front reports it. */
    public enum Kind {
        /** The project or the request is wrong (a model, the YAML, the selection, an option): fix it and try again. */
        PROJECT,
        /** What was asked for does not exist (a run, a branch). */
        NOT_FOUND,
        /** The project is fine, its environment is not: the engine, Nessie, the object store or the run store failed or cannot be reached. */
        ENVIRONMENT,
        /** Another run changed the same tables first. */
        CONFLICT,
        /** The data tests failed; nothing reached main. */
        CHECKS_FAILED,
        /** The user stopped it. */
        CANCELLED,
        /** A fault in Strata itself. */
        INTERNAL
    }

    private final Kind kind;

    protected StrataException(Kind kind, String message) {
        super(message);
        this.kind = requireNonNull(kind, "kind");
    }

    protected StrataException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind");
    }

    public final Kind kind() {
        return kind;
    }
}
