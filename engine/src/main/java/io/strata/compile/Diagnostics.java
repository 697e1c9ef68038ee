package io.strata.compile;

import io.strata.project.Diagnostic;
import io.strata.project.ProjectException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The errors and warnings of one compilation, collected from every phase and reported together in file order. */
final class Diagnostics {
    private final List<Diagnostic> found = Collections.synchronizedList(new ArrayList<>());

    void add(Diagnostic diagnostic) {
        found.add(diagnostic);
    }

    void addAll(Collection<Diagnostic> diagnostics) {
        found.addAll(diagnostics);
    }

    void throwIfErrors() {
        if (found.stream().anyMatch(Diagnostic::isError)) {
            throw new ProjectException(sorted());
        }
    }

    List<Diagnostic> sortedWarnings() {
        return sorted().stream().filter(diagnostic -> !diagnostic.isError()).toList();
    }

    private List<Diagnostic> sorted() {
        return Stream.of(found.toArray(Diagnostic[]::new)).distinct()
                .sorted(Comparator.comparing((Diagnostic d) -> d.location().file())
                        .thenComparingInt(d -> d.location().line())
                        .thenComparingInt(d -> d.location().column())
                        .thenComparing(Diagnostic::message))
                .toList();
    }
}
