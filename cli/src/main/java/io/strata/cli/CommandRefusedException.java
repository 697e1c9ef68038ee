package io.strata.cli;

import io.strata.project.StrataException;

/** A command that cannot do what was asked (a write in query, an unknown run or branch, dropping main); exit 1. */
final class CommandRefusedException extends StrataException {
    CommandRefusedException(String message) {
        super(message);
    }
}
