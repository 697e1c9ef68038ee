package io.strata.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.strata.project.Diagnostic;

import java.io.PrintWriter;
import java.util.List;

/** How commands print: diagnostics one a line ({@code file:line:column: error|warning: message}), JSON indented. */
final class Console {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Console() {
    }

    static void printJson(PrintWriter out, Object value) throws JsonProcessingException {
        out.println(JSON.writeValueAsString(value));
    }

    static void printDiagnostics(PrintWriter err, List<Diagnostic> diagnostics) {
        for (Diagnostic diagnostic : diagnostics) {
            err.println(diagnostic);
        }
        err.flush();
    }
}
