package io.strata.stack;

import io.strata.project.StrataException;

/**
 * The local stack cannot be brought up or reached: a download failed, a port is taken, a process died
 * while starting. The message names the process and the cause (with the last lines of its log).
 */
public final class StackException extends StrataException {
    public StackException(String message) {
        super(Kind.ENVIRONMENT, message);
    }

    public StackException(String message, Throwable cause) {
        super(Kind.ENVIRONMENT, message, cause);
    }
}
