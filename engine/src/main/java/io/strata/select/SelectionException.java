package io.strata.select;

import io.strata.project.StrataException;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A selection ({@code -s}, {@code --exclude}) that cannot be parsed or names a method that does not exist. When the
 * parser knows where, it says which option's argument ({@code select} or {@code exclude}) and the 1-based character
 * position in that argument, so a form can point at the bad term.
 */
public final class SelectionException extends StrataException {
    private final Optional<String> option;
    private final OptionalInt position;

    public SelectionException(String message) {
        this(message, Optional.empty(), OptionalInt.empty());
    }

    private SelectionException(String message, Optional<String> option, OptionalInt position) {
        super(Kind.PROJECT, message);
        this.option = option;
        this.position = position;
    }

    /** A problem at a 0-based offset of one selector term; {@link Selector} places it in the argument. */
    static SelectionException at(int offset, String message) {
        return new SelectionException(message, Optional.empty(), OptionalInt.of(offset + 1));
    }

    /** The same problem placed in an argument: {@code start} is the 0-based offset there of the text this one was found in. */
    SelectionException in(String newOption, int start) {
        return new SelectionException(getMessage(), Optional.of(newOption), OptionalInt.of(start + position.orElse(1)));
    }

    /** Which option's argument holds the problem: {@code select} or {@code exclude}. */
    public Optional<String> option() {
        return option;
    }

    /** The 1-based character position of the problem in the argument. */
    public OptionalInt position() {
        return position;
    }
}
