package io.strata.template;

import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.strata.compile.TestProject.sql;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packages installed under {@code dbt_packages/} as {@code dbt deps} lays them out: their macros under their name,
 * their vars, dispatch searching the project before the package (or as {@code dispatch:} says), and dbt's built-in
 * macros under {@code dbt.} and without a prefix.
 */
class DbtPackagesTest {
    @TempDir
    Path root;

    private TestProject withPackage() {
        return TestProject.in(root)
                .file("dbt_packages/keys/dbt_project.yml", """
                        name: keys
                        version: '1.0.0'
                        require-dbt-version: [">=1.3.0", "<2.0.0"]
                        vars:
                          keys_separator: '-'
                        """)
                .file("dbt_packages/keys/macros/surrogate.sql", """
                        {% macro surrogate(columns) -%}
                          {{ return(adapter.dispatch('surrogate', 'keys')(columns)) }}
                        {%- endmacro %}

                        {% macro default__surrogate(columns) -%}
                          md5({{ joined(columns) }})
                        {%- endmacro %}
                        """)
                .file("dbt_packages/keys/macros/joined.sql", """
                        {% macro joined(columns) -%}
                          {{ columns | join(" || '" ~ var('keys_separator') ~ "' || ") }}
                        {%- endmacro %}
                        """)
                .options(CompileOptions.defaults().withValidation(false));
    }

    @Test
    void aPackageMacroIsCalledUnderItsNameAndSeesItsOwnMacrosAndVars() {
        CompiledProject compiled = withPackage()
                .file("models/orders.sql", "select {{ keys.surrogate(['a', 'b']) }} as order_key from (select 1 as a, 2 as b) t")
                .compile();

        assertThat(sql(compiled, "orders")).isEqualTo("select md5(a || '-' || b) as order_key from (select 1 as a, 2 as b) t");
    }

    @Test
    void dispatchSearchesTheProjectBeforeThePackage() {
        CompiledProject compiled = withPackage()
                .file("macros/keys_override.sql", "{% macro trino__surrogate(columns) %}xxhash64({{ columns | join(', ') }}){% endmacro %}")
                .file("models/orders.sql", "select {{ keys.surrogate(['a', 'b']) }} as order_key from (select 1 as a, 2 as b) t")
                .compile();

        assertThat(sql(compiled, "orders")).isEqualTo("select xxhash64(a, b) as order_key from (select 1 as a, 2 as b) t");
    }

    @Test
    void theProjectsDispatchConfigSetsTheSearchOrder() {
        CompiledProject compiled = withPackage()
                .file("strata.yml", """
                        name: shop
                        dispatch:
                          - macro_namespace: keys
                            search_order: [keys, shop]
                        """)
                .file("macros/keys_override.sql", "{% macro trino__surrogate(columns) %}xxhash64({{ columns | join(', ') }}){% endmacro %}")
                .file("models/orders.sql", "select {{ keys.surrogate(['a', 'b']) }} as order_key from (select 1 as a, 2 as b) t")
                .compile();

        assertThat(sql(compiled, "orders")).as("the package's default__ is found before the project's trino__")
                .isEqualTo("select md5(a || '-' || b) as order_key from (select 1 as a, 2 as b) t");
    }

    @Test
    void aPackageMacroIsNotCallableWithoutItsPrefixFromTheProject() {
        TestProject project = withPackage().file("models/orders.sql", "select {{ joined(['a', 'b']) }} as k");


        assertThat(project.errors()).singleElement().asString()
                .startsWith("models/orders.sql:1:")
                .contains("unknown macro or function 'joined()'");
    }

    @Test
    void anUnknownMacroOfAPackageIsNamedWithASuggestion() {
        TestProject project = withPackage().file("models/orders.sql", "select {{ keys.surrogat(['a']) }} as k");

        assertThat(project.errors()).singleElement().asString()
                .contains("package 'keys' has no macro 'surrogat'").contains("surrogate");
    }

    @Test
    void dispatchIntoAPackageThatIsNotInstalledSaysSo() {
        TestProject project = TestProject.in(root)
                .file("models/orders.sql", "select {{ adapter.dispatch('star', 'dbt_utils')() }} as k");

        assertThat(project.errors()).singleElement().asString()
                .contains("adapter.dispatch('star', 'dbt_utils') found no macro: tried shop.trino__star, shop.default__star, dbt_utils.trino__star,"
                        + " dbt_utils.default__star")
                .contains("no package 'dbt_utils' is installed (declare it in packages.yml and run strata deps)");
    }

    @Test
    void dbtsBuiltInMacrosAreCalledUnderDbtAndWithoutAPrefixAndTheProjectMayReplaceThem() {
        CompiledProject builtIn = TestProject.in(root)
                .file("models/orders.sql", "select {{ dbt.date_trunc('day', 'ordered_at') }} as d, {{ date_trunc('month', 'ordered_at') }} as m from t")
                .options(CompileOptions.defaults().withValidation(false))
                .compile();
        assertThat(sql(builtIn, "orders")).isEqualTo("select date_trunc('day', ordered_at) as d, date_trunc('month', ordered_at) as m from t");

        CompiledProject replaced = TestProject.in(root)
                .file("macros/trunc.sql", "{% macro trino__date_trunc(datepart, date) %}date_trunc('{{ datepart }}', CAST({{ date }} AS timestamp)){% endmacro %}")
                .options(CompileOptions.defaults().withValidation(false))
                .compile();
        assertThat(sql(replaced, "orders")).isEqualTo(
                "select date_trunc('day', CAST(ordered_at AS timestamp)) as d, date_trunc('month', CAST(ordered_at AS timestamp)) as m from t");
    }

    @Test
    void genericTestsOfThePackageAndOfTheProjectAreRenderedWithTheirArguments() {
        CompiledProject compiled = withPackage()
                .file("dbt_packages/keys/macros/generic/unique_combination.sql", """
                        {% test unique_combination_of_columns(model, combination_of_columns) %}
                        select {{ combination_of_columns | join(', ') }}, count(*) as n
                        from {{ model }}
                        group by {{ combination_of_columns | join(', ') }}
                        having count(*) > 1
                        {% endtest %}
                        """)
                .file("tests/generic/is_positive.sql", """
                        {% test is_positive(model, column_name) %}
                        select * from {{ model }} where {{ column_name }} < 0 and '{{ model.identifier }}' = 'orders'
                        {% endtest %}
                        """)
                .file("models/orders.sql", "select 1 as a, 2 as b")
                .file("models/orders.yml", """
                        version: 2
                        models:
                          - name: orders
                            data_tests:
                              - keys.unique_combination_of_columns:
                                  combination_of_columns: [a, b]
                                  config: {where: "a > 0"}
                            columns:
                              - name: b
                                data_tests: [is_positive]
                        """)
                .compile();

        var checks = compiled.graph().require(io.strata.api.AssetKey.of("orders")).checks();
        assertThat(checks).extracting(io.strata.project.CheckDefinition::test).containsExactly("keys.unique_combination_of_columns", "is_positive");
        assertThat(checks.get(0).sql()).hasValueSatisfying(sql -> assertThat(sql).isEqualTo(
                "select a, b, count(*) as n\nfrom __strata_tested_model__\ngroup by a, b\nhaving count(*) > 1"));
        assertThat(checks.get(1).sql()).hasValue("select * from __strata_tested_model__ where b < 0 and 'orders' = 'orders'");
        var orders = compiled.graph().require(io.strata.api.AssetKey.of("orders"));
        assertThat(io.strata.check.CheckQuery.sql(checks.get(0), orders, name -> java.util.Optional.empty(),
                java.util.Optional.of("b = 2")).orElseThrow())
                .contains("from (SELECT * FROM analytics.orders WHERE (a > 0) AND (b = 2)) dbt_subquery\n");
    }

    @Test
    void aTestOfAPackageThatIsNotInstalledIsAnErrorAtItsYamlLine() {
        TestProject project = TestProject.in(root)
                .file("models/orders.sql", "select 1 as a")
                .file("models/orders.yml", """
                        version: 2
                        models:
                          - name: orders
                            data_tests:
                              - dbt_utils.expression_is_true: {expression: "a > 0"}
                        """);

        assertThat(project.errors()).singleElement().asString()
                .startsWith("models/orders.yml:5:")
                .contains("unknown test 'dbt_utils.expression_is_true': package 'dbt_utils' has no test 'expression_is_true' (is it installed?");
    }

    @Test
    void aPackageRequiringAnotherDbtIsAWarningAtItsLineAndStillLoads() {
        CompiledProject compiled = withPackage()
                .file("dbt_packages/old/dbt_project.yml", "name: old\nrequire-dbt-version: \"<1.0.0\"\n")
                .file("dbt_packages/old/macros/m.sql", "{% macro m() %}1{% endmacro %}")
                .file("models/orders.sql", "select {{ old.m() }} as one")
                .compile();

        assertThat(sql(compiled, "orders")).isEqualTo("select 1 as one");
        assertThat(compiled.warnings()).extracting(Object::toString).containsExactly(
                "dbt_packages/old/dbt_project.yml:2:22: warning: old requires dbt <1.0.0, but Strata follows dbt 1.9.0:"
                        + " it may rely on behaviour Strata reads differently");
    }
}
