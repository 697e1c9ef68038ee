package io.strata.project;

/**
 * A problem the user can fix: the message says what, where and what to do. The CLI prints the message
 * without a stack trace (unless {@code --debug}) and exits with {@link #exitCode()}.
 */
public abstract class StrataException extends RuntimeException {
    protected StrataException(String message) {
        super(message);
    }

    protected StrataException(String message, Throwable cause) {
        super(message, cause);
    }

    public int exitCode() {
        return 1;
    }
}
