package io.strata.project;

import java.util.List;
import java.util.stream.Collectors;

/** The project has errors: malformed YAML or templates, unknown refs, cycles, duplicates. */
public final class ProjectException extends StrataException {
    private final List<Diagnostic> diagnostics;

    public ProjectException(List<Diagnostic> diagnostics) {
        super(Kind.PROJECT, diagnostics.stream().filter(Diagnostic::isError).map(Diagnostic::toString)
                .collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public ProjectException(Diagnostic error) {
        this(List.of(error));
    }

    /** Every diagnostic found, errors and warnings. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}
