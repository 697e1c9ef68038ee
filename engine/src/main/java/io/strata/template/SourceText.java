package io.strata.template;

import static java.util.Objects.requireNonNull;

/** A project file's path (relative to the project root, {@code /} separators) and its text. */
public record SourceText(String path, String text) {
    public SourceText {
        requireNonNull(path, "path");
        requireNonNull(text, "text");
    }
}
