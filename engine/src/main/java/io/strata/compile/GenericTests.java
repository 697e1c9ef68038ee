package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.sql.EngineType;
import io.strata.project.CheckDefinition;
import io.strata.project.Diagnostic;
import io.strata.project.Relation;
import io.strata.sql.DialectBridge;
import io.strata.template.JinjaRelation;
import io.strata.template.Placeholders;
import io.strata.template.RenderedTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * dbt's custom generic tests as YAML uses them: a test named {@code name} is the macro {@code test_name} of the project
 * ({@code {% test name(model, column_name) %}} under the macro paths or {@code tests/generic}), and
 * {@code package.name} that of an installed package ({@code dbt_utils.unique_combination_of_columns}). Each use is
 * rendered once at compile time with its arguments, {@code model} standing for the tested relation, and becomes the
 * check's failing-rows query. The tests Strata writes itself ({@link #BUILT_IN}) are not rendered.
 */
final class GenericTests {
    static final Set<String> BUILT_IN = Set.of("not_null", "unique", "accepted_values", "relationships", "expression_is_true");
    /** An argument written as a call of ref() or source() is the relation it names, as dbt reads {@code to: ref('x')}. */
    private static final Pattern RELATION_CALL = Pattern.compile("\\s*(ref|source)\\s*\\(.*\\)\\s*", Pattern.DOTALL);
    private static final Pattern ARGUMENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private GenericTests() {
    }

    /** The assets with each custom generic test's SQL rendered; a test that names no macro is an error at its YAML line. */
    static Map<AssetKey, Asset> render(Map<AssetKey, Asset> assets, Rendering rendering, EngineType engine, Diagnostics diagnostics) {
        Map<AssetKey, Asset> rendered = new LinkedHashMap<>();
        for (Asset asset : assets.values()) {
            if (asset.checks().stream().allMatch(check -> BUILT_IN.contains(check.test())) || asset.relation().isEmpty()) {
                rendered.put(asset.key(), asset);
                continue;
            }
            List<CheckDefinition> checks = new ArrayList<>();
            for (CheckDefinition check : asset.checks()) {
                checks.add(BUILT_IN.contains(check.test()) ? check : render(check, asset, assets, rendering, engine, diagnostics));
            }
            rendered.put(asset.key(), asset.withChecks(checks));
        }
        return rendered;
    }

    private static CheckDefinition render(CheckDefinition check, Asset asset, Map<AssetKey, Asset> assets, Rendering rendering,
                                          EngineType engine, Diagnostics diagnostics) {
        String test = check.test();
        int dot = test.indexOf('.');
        if (!rendering.hasGenericTest(test)) {
            diagnostics.add(Diagnostic.error(check.location(), "unknown test '" + test + "': "
                    + (dot < 0 ? "no built-in test (not_null, unique, accepted_values, relationships) and no {% test " + test
                    + "(model, column_name) %} under the macro paths or tests/generic"
                    : "package '" + test.substring(0, dot) + "' has no test '" + test.substring(dot + 1)
                    + "' (is it installed? declare it in packages.yml and run strata deps)")));
            return check;
        }
        Relation relation = asset.relation().orElseThrow();
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("__strata_model", JinjaRelation.of(CheckDefinition.TESTED_MODEL, relation.schema(), relation.identifier()));
        StringBuilder call = new StringBuilder("{{ ").append(dot < 0 ? "" : test.substring(0, dot + 1)).append("test_")
                .append(dot < 0 ? test : test.substring(dot + 1)).append("(model=__strata_model");
        check.column().ifPresent(column -> {
            variables.put("__strata_column", column);
            call.append(", column_name=__strata_column");
        });
        int index = 0;
        for (var argument : check.arguments().entrySet()) {
            if (!ARGUMENT_NAME.matcher(argument.getKey()).matches()) {
                diagnostics.add(Diagnostic.error(check.location(), "test '" + test + "' has an argument '" + argument.getKey()
                        + "' that is not a name"));
                return check;
            }
            call.append(", ").append(argument.getKey()).append('=');
            if (argument.getValue() instanceof String text && RELATION_CALL.matcher(text).matches()) {
                call.append(text.strip());
            }
            else {
                String variable = "__strata_argument_" + index++;
                variables.put(variable, argument.getValue());
                call.append(variable);
            }
        }
        call.append(") }}");
        RenderedTemplate result = rendering.renderText(check.location().file(), call.toString(), variables);
        if (!result.diagnostics().isEmpty()) {
            // The call is Strata's own text: its errors belong at the test's line in YAML.
            result.diagnostics().forEach(diagnostic -> diagnostics.add(new Diagnostic(diagnostic.severity(),
                    diagnostic.location().file().equals(check.location().file()) ? check.location() : diagnostic.location(),
                    "in test '" + test + "' on " + asset.key() + ": " + diagnostic.message())));
            if (result.diagnostics().stream().anyMatch(diagnostic -> diagnostic.severity() == Diagnostic.Severity.ERROR)) {
                return check;
            }
        }
        String sql = Placeholders.resolve(result.text(), name -> assets.containsKey(AssetKey.of(name))
                ? assets.get(AssetKey.of(name)).relation().map(Relation::render).orElse(name) : name);
        return check.withSql(DialectBridge.rewrite(sql, engine).sql().strip());
    }
}
