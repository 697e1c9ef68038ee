package io.strata.project;

import static java.util.Objects.requireNonNull;

/**
 * A place in a project file, for messages a user can act on.
 *
 * @param file the path relative to the project root, with {@code /} separators
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 */
public record Location(String file, int line, int column) {
    public Location {
        requireNonNull(file, "file");
    }

    public static Location of(String file) {
        return new Location(file, 0, 0);
    }

    public static Location of(String file, int line) {
        return new Location(file, line, 0);
    }

    @Override
    public String toString() {
        if (line <= 0) {
            return file;
        }
        return column <= 0 ? file + ":" + line : file + ":" + line + ":" + column;
    }
}
