package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.project.Diagnostic;
import io.strata.project.Relation;
import io.strata.project.UnitTestDefinition;
import io.strata.project.UnitTestDefinition.Input;
import io.strata.template.Placeholders;
import io.strata.template.RenderedTemplate;
import io.strata.template.Suggestions;
import io.strata.template.TemplateInputs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compiles the project's unit tests: renders each tested model again with the test's overrides, and points every
 * {@code ref}, {@code source} and {@code this} it reads at the rows the test gives, as dbt requires of all of them.
 */
final class UnitTests {
    /** The schema the sources of a unit test's render live in: a name no project uses, replaced right after rendering. */
    private static final String SOURCE_SCHEMA = "__strata_unit_test_source";
    /** What a unit test gives otherwise: its inputs and its vars. */
    private static final Set<String> NOT_OVERRIDDEN = Set.of("ref", "source", "this", "var", "env_var", "config", "return");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private UnitTests() {
    }

    static List<UnitTest> compile(List<UnitTestDefinition> definitions, List<BaseConfigs.ModelDraft> drafts, Map<AssetKey, Asset> models,
                                  Rendering rendering, DialectRewriting dialect, Diagnostics diagnostics) {
        Map<String, BaseConfigs.ModelDraft> byName = new HashMap<>();
        drafts.forEach(draft -> byName.put(draft.name(), draft));
        Map<String, UnitTestDefinition> seen = new HashMap<>();
        List<UnitTest> tests = new ArrayList<>();
        for (UnitTestDefinition definition : definitions) {
            if (!definition.enabled()) {
                continue;
            }
            UnitTestDefinition previous = seen.putIfAbsent(definition.model() + "." + definition.name(), definition);
            if (previous != null) {
                diagnostics.add(Diagnostic.error(definition.location(), "unit test '" + definition.name() + "' of model '" + definition.model()
                        + "' is declared twice: here and at " + previous.location() + "; give each test of a model its own name"));
                continue;
            }
            BaseConfigs.ModelDraft draft = byName.get(definition.model());
            Asset model = models.get(AssetKey.of(definition.model()));
            if (draft == null || model == null) {
                String why = draft == null ? "no model is named '" + definition.model() + "'" + Suggestions.didYouMean(definition.model(), byName.keySet())
                        : "model '" + definition.model() + "' is disabled";
                diagnostics.add(Diagnostic.error(definition.modelLocation(), "unit test '" + definition.name() + "' tests a model that cannot run: "
                        + why));
                continue;
            }
            compile(definition, draft, model, rendering, dialect, diagnostics).ifPresent(tests::add);
        }
        return List.copyOf(tests);
    }

    private static Optional<UnitTest> compile(UnitTestDefinition definition, BaseConfigs.ModelDraft draft, Asset model, Rendering rendering,
                                              DialectRewriting dialect, Diagnostics diagnostics) {
        String test = "unit test '" + definition.name() + "'";
        Optional<String> overridingMacros = overridingMacros(definition, diagnostics);
        if (overridingMacros.isEmpty()) {
            return Optional.empty();
        }
        RenderedTemplate rendered = rendering.renderModel(draft, inputs -> withOverrides(inputs, definition),
                text -> overridingMacros.get() + text);
        if (rendered.hasErrors()) {
            rendered.diagnostics().stream().filter(Diagnostic::isError).forEach(error -> diagnostics.add(Diagnostic.error(error.location(),
                    error.message() + " (rendering model '" + definition.model() + "' for " + test + ")")));
            return Optional.empty();
        }
        Map<String, UnitTestDefinition.Given> given = new LinkedHashMap<>();
        for (UnitTestDefinition.Given entry : definition.given()) {
            if (given.putIfAbsent(entry.input().toString(), entry) != null) {
                diagnostics.add(Diagnostic.error(entry.location(), test + " gives input " + entry.input() + " twice"));
                return Optional.empty();
            }
        }
        Set<String> read = new LinkedHashSet<>();
        Set<String> missing = new LinkedHashSet<>();
        String sql = Placeholders.resolve(rendered.text(), name -> {
            // A model's ref to itself is impossible, so its own name is {{ this }}.
            String input = name.equals(definition.model()) ? new Input.This().toString() : new Input.Ref(name).toString();
            return relationOf(input, given, read, missing);
        });
        Set<String> sourceCalls = new HashSet<>();
        for (RenderedTemplate.SourceCall call : rendered.sources()) {
            if (sourceCalls.add(call.source() + "." + call.table())) {
                String input = new Input.Source(call.source(), call.table()).toString();
                sql = sql.replace(sourceRelation(call.source(), call.table()).render(), relationOf(input, given, read, missing));
            }
        }
        if (!missing.isEmpty()) {
            diagnostics.add(Diagnostic.error(definition.location(), test + " of model '" + definition.model() + "' gives no rows for "
                    + String.join(", ", missing) + ", which the model reads; give every input under 'given:' (an empty 'rows: []' is no rows)"));
            return Optional.empty();
        }
        for (UnitTestDefinition.Given entry : given.values()) {
            if (!read.contains(entry.input().toString())) {
                diagnostics.add(Diagnostic.error(entry.location(), test + " gives input " + entry.input() + ", which model '"
                        + definition.model() + "' does not read" + Suggestions.didYouMean(entry.input().toString(), read)));
                return Optional.empty();
            }
        }
        DialectRewriting.Result bridged = dialect.rewrite(draft.file(), sql);
        List<UnitTest.Input> inputs = new ArrayList<>();
        for (UnitTestDefinition.Given entry : given.values()) {
            AssetKey asset = switch (entry.input()) {
                case Input.Ref ref -> AssetKey.of(ref.model());
                case Input.Source source -> AssetKey.of(source.source(), source.table());
                case Input.This ignored -> model.key();
            };
            inputs.add(new UnitTest.Input(relationName(entry.input()), asset, entry.input().toString(), entry.rows()));
        }
        return Optional.of(new UnitTest(definition.name(), model.key(), definition.location(), definition.description(), definition.tags(),
                bridged.sql(), inputs, definition.expect()));
    }

    /** The macros the test overrides, defined for the start of the model's template; empty after an error. */
    private static Optional<String> overridingMacros(UnitTestDefinition definition, Diagnostics diagnostics) {
        String test = "unit test '" + definition.name() + "'";
        var overrides = definition.overrides();
        StringBuilder overridingMacros = new StringBuilder();
        for (var macro : overrides.macros().entrySet()) {
            if (macro.getKey().equals("is_incremental")) {
                continue;
            }
            if (NOT_OVERRIDDEN.contains(macro.getKey())) {
                diagnostics.add(Diagnostic.error(overrides.location(), test + " overrides '" + macro.getKey()
                        + "', which a unit test cannot: give its inputs under 'given:' and its vars under 'overrides: {vars: …}'"));
                return Optional.empty();
            }
            if (!PLAIN_NAME.matcher(macro.getKey()).matches()) {
                diagnostics.add(Diagnostic.error(overrides.location(), test + " overrides macro '" + macro.getKey()
                        + "', which is not supported yet: only macros of the project (a plain name) and is_incremental can be overridden"));
                return Optional.empty();
            }
            overridingMacros.append(overridingMacro(macro.getKey(), macro.getValue()));
        }
        return Optional.of(overridingMacros.toString());
    }

    /**
     * A macro defined at the start of the template, on its first line so that lines stay put: it takes the place of the
     * project's macro of that name for this render, and returns the override's value, whatever it is called with.
     */
    static String overridingMacro(String name, Object value) {
        String text = value == null ? "" : value.toString().replace("\r", "").replace("\n", " ");
        return "{% macro " + name + "() %}{% raw %}" + text + "{% endraw %}{% endmacro %}";
    }

    private static String relationOf(String input, Map<String, UnitTestDefinition.Given> given, Set<String> read, Set<String> missing) {
        read.add(input);
        UnitTestDefinition.Given entry = given.get(input);
        if (entry == null) {
            missing.add(input);
            return input;
        }
        return relationName(entry.input());
    }

    /** The common table expression that stands for an input: {@code __strata_given_orders}, {@code __strata_given_shop__orders}, … */
    static String relationName(Input input) {
        String name = switch (input) {
            case Input.Ref ref -> ref.model();
            case Input.Source source -> source.source() + "__" + source.table();
            case Input.This ignored -> "this";
        };
        return UnitTestSql.GIVEN_PREFIX + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** The inputs the model renders with: the test's vars and environment variables, its sources in a placeholder schema. */
    private static TemplateInputs withOverrides(TemplateInputs inputs, UnitTestDefinition definition) {
        var overrides = definition.overrides();
        Map<String, Object> vars = new LinkedHashMap<>(inputs.vars());
        vars.putAll(overrides.vars());
        Set<String> existing = new HashSet<>(inputs.existingAssets());
        boolean fullRefresh = inputs.fullRefresh();
        Optional<Boolean> incremental = overrides.isIncremental();
        if (incremental.orElse(false)) {
            existing.add(definition.model());
            fullRefresh = false;
        }
        else {
            // dbt's unit tests render a model as a first build unless the test says is_incremental: true.
            existing.remove(definition.model());
        }
        Map<List<String>, Relation> sources = new HashMap<>();
        inputs.sources().keySet().forEach(key -> sources.put(key, sourceRelation(key.get(0), key.get(1))));
        return new TemplateInputs(inputs.projectName(), vars, inputs.target(), sources, inputs.assetRelations(), existing, fullRefresh,
                inputs.docs(), inputs.invocation(), inputs.columns(), overrides.envVars());
    }

    private static Relation sourceRelation(String source, String table) {
        return new Relation(SOURCE_SCHEMA, source + "__" + table);
    }
}
