package io.strata.compile;

import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.ModelConfig;
import io.strata.project.ProjectException;
import io.strata.template.RenderedTemplate;
import io.strata.template.TemplateEnvironment;
import io.strata.template.TemplateInputs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A project's own {@code generate_schema_name(custom_schema_name, node)} and {@code generate_alias_name(custom_alias_name,
 * node)} macros, which dbt calls to place every model: rendered once per distinct question, their output stripped.
 * Where the project defines neither, the rules it would otherwise follow apply.
 */
final class NameMacros implements AssetNaming.NameRules {
    static final String SCHEMA_MACRO = "generate_schema_name";
    static final String ALIAS_MACRO = "generate_alias_name";

    private final AssetNaming.NameRules fallback;
    private final java.util.function.Supplier<TemplateEnvironment> environment;
    private final TemplateInputs inputs;
    private final boolean schemaMacro;
    private final boolean aliasMacro;
    private final Map<List<Object>, String> answers = new ConcurrentHashMap<>();

    private NameMacros(AssetNaming.NameRules fallback, java.util.function.Supplier<TemplateEnvironment> environment, TemplateInputs inputs,
                       boolean schemaMacro, boolean aliasMacro) {
        this.fallback = fallback;
        this.environment = environment;
        this.inputs = inputs;
        this.schemaMacro = schemaMacro;
        this.aliasMacro = aliasMacro;
    }

    /**
     * The project's naming macros over {@code fallback}, or {@code fallback} itself when the project defines none;
     * the template environment is built only when one is called.
     */
    static AssetNaming.NameRules of(AssetNaming.NameRules fallback, Macros macros, Macros.MacroFiles macroFiles, TemplateInputs inputs) {
        boolean schemaMacro = macros.projectDefines(macroFiles, SCHEMA_MACRO);
        boolean aliasMacro = macros.projectDefines(macroFiles, ALIAS_MACRO);
        return schemaMacro || aliasMacro
                ? new NameMacros(fallback, () -> macros.environment(macroFiles), inputs, schemaMacro, aliasMacro)
                : fallback;
    }

    @Override
    public String schema(Optional<String> custom, Optional<String> layer, String name, String targetSchema) {
        if (!schemaMacro) {
            return fallback.schema(custom, layer, name, targetSchema);
        }
        return answers.computeIfAbsent(List.of(SCHEMA_MACRO, custom.orElse(""), custom.isPresent(), name),
                key -> call(SCHEMA_MACRO, custom, name));
    }

    @Override
    public String alias(Optional<String> custom, String name) {
        if (!aliasMacro) {
            return fallback.alias(custom, name);
        }
        return answers.computeIfAbsent(List.of(ALIAS_MACRO, custom.orElse(""), custom.isPresent(), name), key -> call(ALIAS_MACRO, custom, name));
    }

    private String call(String macro, Optional<String> custom, String name) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", name);
        node.put("alias", name);
        node.put("resource_type", "model");
        node.put("package_name", inputs.projectName());
        node.put("unique_id", "model." + inputs.projectName() + "." + name);
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("__strata_custom", custom.orElse(null));
        variables.put("__strata_node", node);
        RenderedTemplate result = environment.get().render(inputs, "macros/" + macro + ".sql", "{{ " + macro + "(__strata_custom, __strata_node) }}",
                Optional.empty(), ModelConfig.EMPTY, variables);
        List<Diagnostic> errors = result.diagnostics().stream().filter(diagnostic -> diagnostic.severity() == Diagnostic.Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            throw new ProjectException(errors.stream().map(error -> Diagnostic.error(error.location(),
                    "in the project's " + macro + "() placing '" + name + "': " + error.message())).toList());
        }
        String answer = result.text().strip();
        if (answer.isEmpty()) {
            throw new ProjectException(Diagnostic.error(Location.of("macros"), "the project's " + macro + "() gave nothing for '" + name + "'"));
        }
        return answer;
    }
}
