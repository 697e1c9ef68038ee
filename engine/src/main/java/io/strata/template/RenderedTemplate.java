package io.strata.template;

import io.strata.project.Diagnostic;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A template after Jinja: the SQL text (refs still as placeholders, see {@link Placeholders}), the
 * {@code ref()}, {@code source()} and {@code config()} calls it made, and any errors.
 *
 * @param reusable false when the render read what differs between compilations ({@code invocation_id},
 *        {@code run_started_at}, the clock through {@code modules.datetime}), so that it must not be kept for the next one
 */
public record RenderedTemplate(String text, List<RefCall> refs, List<SourceCall> sources, Map<String, Object> config,
                               List<Diagnostic> diagnostics, boolean reusable) {
    public RenderedTemplate(String text, List<RefCall> refs, List<SourceCall> sources, Map<String, Object> config,
                            List<Diagnostic> diagnostics) {
        this(text, refs, sources, config, diagnostics, true);
    }

    public RenderedTemplate {
        requireNonNull(text, "text");
        refs = List.copyOf(refs);
        sources = List.copyOf(sources);
        config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** {@code ref('name')} or {@code ref('package', 'name')} at a line of the template. */
    public record RefCall(Optional<String> packageName, String name, int line) {
    }

    /** {@code source('source', 'table')} at a line of the template. */
    public record SourceCall(String source, String table, int line) {
    }
}
