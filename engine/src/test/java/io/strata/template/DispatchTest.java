package io.strata.template;

import io.strata.compile.CompileOptions;
import io.strata.compile.TestProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static io.strata.compile.TestProject.sql;
import static org.assertj.core.api.Assertions.assertThat;

class DispatchTest {
    private static final String PROJECT = """
            name: shop
            profile: local
            profiles:
              local: {type: trino, schema: analytics}
              lake: {type: dremio, schema: analytics, dremio: "grpc://localhost:32010", token_env: DREMIO_TOKEN}
            """;
    private static final String MACROS = """
            {% macro cents_to_eur(column) %}
              {{ return(adapter.dispatch('cents_to_eur')(column)) }}
            {% endmacro %}

            {%- macro default__cents_to_eur(column) -%} {{ column }} / 100.0 {%- endmacro %}
            {%- macro dremio__cents_to_eur(column) -%} cast({{ column }} as decimal(18, 2)) / 100 {%- endmacro %}
            {%- macro trino__seconds(start, stop) -%} date_diff('second', {{ start }}, {{ stop }}) {%- endmacro %}
            {%- macro default__seconds(start, stop) -%} datediff({{ start }}, {{ stop }}) {%- endmacro %}
            """;

    /** These models name columns of no relation: they show templating, so their column names are not checked. */
    private static final CompileOptions TEMPLATES_ONLY = CompileOptions.defaults().withValidation(false);

    @TempDir
    Path root;

    @Test
    void theTrinoTargetPicksTheTrinoVariantAndFallsBackToTheDefault() {
        TestProject project = project("select {{ cents_to_eur('price') }} as eur, {{ adapter.dispatch('seconds')('a', stop='b') }} as s")
                .options(TEMPLATES_ONLY);

        assertThat(sql(project.compile(), "orders")).isEqualTo("select price / 100.0 as eur, date_diff('second', a, b) as s");
    }

    @Test
    void theDremioTargetPicksTheDremioVariantAndFallsBackToTheDefault() {
        TestProject project = project("select {{ cents_to_eur('price') }} as eur, {{ adapter.dispatch('seconds', macro_namespace='shop')('a', 'b') }} as s")
                .options(TEMPLATES_ONLY.withProfile(Optional.of("lake")));

        assertThat(sql(project.compile(), "orders")).isEqualTo("select cast(price as decimal(18, 2)) / 100 as eur, datediff(a, b) as s");
    }

    @Test
    void aProjectsDispatchConfigIsAcceptedAndTheProjectsMacrosAreSearched() {
        TestProject project = TestProject.empty(root)
                .file("strata.yml", PROJECT + "dispatch:\n  - {macro_namespace: dbt_utils, search_order: [shop, dbt_utils]}\n")
                .file("macros/money.sql", MACROS)
                .file("models/orders.sql", "select {{ adapter.dispatch('cents_to_eur', 'dbt_utils')('price') }} as eur")
                .options(TEMPLATES_ONLY);

        assertThat(sql(project.compile(), "orders")).isEqualTo("select price / 100.0 as eur");
    }

    @Test
    void returnGivesTheMacroCallItsValueWhateverItIs() {
        TestProject project = TestProject.in(root)
                .file("macros/lists.sql", "{% macro regions() %}{% do return(['eu', 'us']) %}ignored{% endmacro %}")
                .file("models/orders.sql", "select {{ regions() | length }} as n, '{{ regions() | join(\"/\") }}' as r");

        assertThat(sql(project.compile(), "orders")).isEqualTo("select 2 as n, 'eu/us' as r");
    }

    @Test
    void anUnknownDispatchedMacroIsAnErrorNamingTheMacroFileLineAndTheNamesTried() {
        TestProject project = TestProject.empty(root)
                .file("strata.yml", PROJECT)
                .file("macros/money.sql", "{% macro to_eur(column) %}\n{{ return(adapter.dispatch('to_eur')(column)) }}\n{% endmacro %}")
                .file("models/orders.sql", "select {{ to_eur('price') }} as eur")
                .options(CompileOptions.defaults().withProfile(Optional.of("lake")));

        assertThat(project.errors()).singleElement().asString()
                .contains("macros/money.sql:2")
                .contains("adapter.dispatch('to_eur') in macro 'to_eur' found no macro: tried dremio__to_eur, default__to_eur")
                .contains("rendering models/orders.sql");
    }

    @Test
    void anUnknownDispatchedMacroInAModelNamesTheModelsLine() {
        TestProject project = TestProject.in(root)
                .file("models/orders.sql", "select 1 as id,\n  {{ adapter.dispatch('fingerprint')('id') }} as h");

        assertThat(project.errors()).singleElement().asString()
                .contains("models/orders.sql:2")
                .contains("tried trino__fingerprint, default__fingerprint");
    }

    private TestProject project(String model) {
        return TestProject.empty(root)
                .file("strata.yml", PROJECT)
                .file("macros/money.sql", MACROS)
                .file("models/orders.sql", model);
    }
}
