package io.strata.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.strata.project.Diagnostic;
import io.strata.project.Location;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How commands print: diagnostics one a line ({@code file:line:column: error|warning: message}, an error followed by its
 * source line with a caret), JSON indented.
 */
final class Console {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Console() {
    }

    static void printJson(PrintWriter out, Object value) throws JsonProcessingException {
        out.println(JSON.writeValueAsString(value));
    }

    static void printDiagnostics(PrintWriter err, List<Diagnostic> diagnostics) {
        printDiagnostics(err, diagnostics, null);
    }

    /**
     * Prints the diagnostics; an error at a line and column of a file of the project folder {@code project} (when
     * not null) is followed by that line of the file with a caret under the column.
     */
    static void printDiagnostics(PrintWriter err, List<Diagnostic> diagnostics, Path project) {
        for (Diagnostic diagnostic : diagnostics) {
            err.println(diagnostic);
            if (project != null && diagnostic.isError()) {
                excerpt(project, diagnostic.location()).ifPresent(err::print);
            }
        }
        err.flush();
    }

    /** The line a location points at with a caret under its column, as compilers show it. */
    static Optional<String> excerpt(Path project, Location location) {
        if (location.line() <= 0 || location.column() <= 0) {
            return Optional.empty();
        }
        try (var lines = Files.lines(project.resolve(location.file()), StandardCharsets.UTF_8)) {
            Optional<String> line = lines.skip(location.line() - 1L).findFirst();
            if (line.isEmpty() || location.column() > line.get().length() + 1) {
                return Optional.empty();
            }
            String text = line.get().replace('\t', ' ');
            String number = String.valueOf(location.line());
            String gutter = " ".repeat(number.length());
            return Optional.of(" " + number + " | " + text + System.lineSeparator()
                    + " " + gutter + " | " + " ".repeat(location.column() - 1) + "^" + System.lineSeparator());
        }
        catch (IOException | UncheckedIOException | InvalidPathException e) {
            // The file is not where the project folder says (a Java asset's class): the location line alone says where.
            return Optional.empty();
        }
    }
}
