package io.strata.project;

import static java.util.Objects.requireNonNull;

/** An error or a warning about the project, tied to the place it concerns. */
public record Diagnostic(Severity severity, Location location, String message) {
    public enum Severity { ERROR, WARNING }

    public Diagnostic {
        requireNonNull(severity, "severity");
        requireNonNull(location, "location");
        requireNonNull(message, "message");
    }

    public static Diagnostic error(Location location, String message) {
        return new Diagnostic(Severity.ERROR, location, message);
    }

    public static Diagnostic warning(Location location, String message) {
        return new Diagnostic(Severity.WARNING, location, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        String label = switch (severity) {
            case ERROR -> "error";
            case WARNING -> "warning";
        };
        return location + ": " + label + ": " + message;
    }
}
