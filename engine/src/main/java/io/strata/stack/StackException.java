package io.strata.stack;

import io.strata.project.StrataException;

/**
 * The local stack cannot be brought up or reached: a download failed, a port is taken, a process died
 * while starting. The message names the process and the cause (with the last lines of its log).
 */
public final class StackException extends StrataException {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Distinct from a project error (1): the project is fine, its environment is not. */
    @Override
    public int exitCode() {
        return 4;
    }
}
