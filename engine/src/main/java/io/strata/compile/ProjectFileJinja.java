package io.strata.compile;

import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.ModelConfig;
import io.strata.project.ProjectException;
import io.strata.project.ProjectFile;
import io.strata.template.RenderedTemplate;
import io.strata.template.TemplateEnvironment;
import io.strata.template.TemplateInputs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Jinja in the project file's values, rendered as dbt renders {@code dbt_project.yml}: {@code env_var()}, command-line
 * {@code var()} and {@code target} in {@code vars:}, {@code models:}, {@code seeds:} and {@code snapshots:}
 * ({@code +schema: "{{ env_var('SCHEMA', 'analytics') }}"}, {@code +enabled: "{{ target.name == 'prod' }}"}). Hooks are
 * left as written: dbt renders them when they run. A value rendered to {@code True} or
 * {@code False} becomes a boolean.
 */
final class ProjectFileJinja {
    private static final Set<String> LEFT_AS_WRITTEN = Set.of("pre-hook", "post-hook", "+pre-hook", "+post-hook", "pre_hook", "post_hook",
            "+pre_hook", "+post_hook");

    private ProjectFileJinja() {
    }

    static ProjectFile render(ProjectFile projectFile, TemplateInputs inputs) {
        if (!projectFile.text().contains("{{") && !projectFile.text().contains("{%")) {
            return projectFile;
        }
        List<Diagnostic> errors = new ArrayList<>();
        Renderer renderer = new Renderer(Bare.ENVIRONMENT, inputs, projectFile.fileName(), errors);
        ProjectFile rendered = projectFile.withValues(renderer.map(projectFile.vars(), "vars"),
                renderer.map(projectFile.modelConfigs().values(), "models"), renderer.map(projectFile.seedConfigs().values(), "seeds"),
                renderer.map(projectFile.snapshotConfigs().values(), "snapshots"));
        if (!errors.isEmpty()) {
            throw new ProjectException(errors);
        }
        return rendered;
    }

    /** The project file sees no macros: one environment, built on first need, serves every compilation. */
    private static final class Bare {
        static final TemplateEnvironment ENVIRONMENT = TemplateEnvironment.create(List.of());
    }

    private record Renderer(TemplateEnvironment environment, TemplateInputs inputs, String fileName, List<Diagnostic> errors) {
        Map<String, Object> map(Map<String, Object> values, String path) {
            Map<String, Object> rendered = new LinkedHashMap<>();
            values.forEach((key, value) -> rendered.put(key, LEFT_AS_WRITTEN.contains(key) ? value : value(value, path + "." + key)));
            return rendered;
        }

        private Object value(Object value, String path) {
            return switch (value) {
                case String text when text.contains("{{") || text.contains("{%") -> text(text, path);
                case Map<?, ?> map -> {
                    Map<String, Object> nested = new LinkedHashMap<>();
                    map.forEach((key, item) -> nested.put(String.valueOf(key), item));
                    yield map(nested, path);
                }
                case List<?> list -> list.stream().map(item -> value(item, path)).toList();
                case null, default -> value;
            };
        }

        private Object text(String text, String path) {
            RenderedTemplate result = environment.render(inputs, fileName, text, Optional.empty(), ModelConfig.EMPTY);
            for (Diagnostic diagnostic : result.diagnostics()) {
                if (diagnostic.severity() == Diagnostic.Severity.ERROR) {
                    errors.add(Diagnostic.error(Location.of(fileName), path + ": " + diagnostic.message()));
                }
            }
            String output = result.text().strip();
            return switch (output) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                default -> output;
            };
        }
    }
}
