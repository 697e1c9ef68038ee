package io.strata.compile;

import io.strata.project.Diagnostic;

import java.util.List;

/** A value derived from a file, or the errors that prevented it. */
record Outcome<T>(T value, List<Diagnostic> errors) {
    static <T> Outcome<T> of(T value) {
        return new Outcome<>(value, List.of());
    }

    static <T> Outcome<T> failed(Diagnostic error) {
        return new Outcome<>(null, List.of(error));
    }

    static <T> Outcome<T> failed(List<Diagnostic> errors) {
        return new Outcome<>(null, errors);
    }
}
