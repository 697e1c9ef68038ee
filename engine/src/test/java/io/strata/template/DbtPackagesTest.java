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
}
