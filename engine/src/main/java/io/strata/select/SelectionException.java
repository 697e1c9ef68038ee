package io.strata.select;

import io.strata.project.StrataException;

/** A selection ({@code -s}, {@code --exclude}) that cannot be parsed or names a method that does not exist. */
public final class SelectionException extends StrataException {
    public SelectionException(String message) {
        super(Kind.PROJECT, message);
    }
}
