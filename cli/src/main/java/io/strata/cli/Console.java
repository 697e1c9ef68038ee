package io.strata.cli;

import io.strata.project.Diagnostic;

import java.io.PrintWriter;
import java.util.List;

/** How commands print diagnostics: one line each, {@code file:line:column: error|warning: message}. */
final class Console {
    private Console() {
    }

    static void printDiagnostics(PrintWriter err, List<Diagnostic> diagnostics) {
        for (Diagnostic diagnostic : diagnostics) {
            err.println(diagnostic);
        }
        err.flush();
    }
}
