package io.strata.template;

import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.strata.compile.TestProject.sql;
import static org.assertj.core.api.Assertions.assertThat;

class TemplatingTest {
    @TempDir
    Path root;

    @Test
    void refRendersTheReferencedModelsRelationInItsLayerSchema() {
        CompiledProject project = TestProject.in(root)
                .file("models/silver/orders.sql", "select 1 as id")
                .file("models/gold/revenue.sql", "select * from {{ ref('orders') }} join {{ ref('shop', 'orders') }} using (id)")
                .compile();

        assertThat(sql(project, "revenue")).isEqualTo("select * from silver.orders join silver.orders using (id)");
        assertThat(TestProject.asset(project, "revenue").deps()).extracting(Object::toString).containsExactly("orders");
    }

    @Test
    void refSeesTheSchemaAModelSetsInItsOwnConfig() {
        CompiledProject project = TestProject.in(root)
                .file("models/silver/orders.sql", "{{ config(schema='sales', alias='all_orders') }}\nselect 1 as id")
                .file("models/gold/revenue.sql", "select * from {{ ref('orders') }}")
                .compile();

        assertThat(sql(project, "revenue")).isEqualTo("select * from sales.all_orders");
    }

    @Test
    void sourceRendersTheDeclaredSchemaAndIdentifier() {
        CompiledProject project = TestProject.in(root)
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: erp
                            schema: erp_raw
                            tables:
                              - name: orders
                                identifier: ORDERS_V2
                        """)
                .file("models/staging/stg_orders.sql", "select * from {{ source('erp', 'orders') }}")
                .compile();

        assertThat(sql(project, "stg_orders")).isEqualTo("select * from erp_raw.\"ORDERS_V2\"");
        assertThat(TestProject.asset(project, "stg_orders").deps()).extracting(Object::toString).containsExactly("erp/orders");
    }

    @Test
    void varTakesProjectVarsThenCommandLineVarsThenTheDefault() {
        TestProject project = TestProject.empty(root)
                .file("strata.yml", "name: shop\nvars:\n  start: '2024-01-01'\n  region: eu\n")
                .file("models/m.sql", "select '{{ var('start') }}', '{{ var('region') }}', {{ var('limit', 10) }}");

        assertThat(sql(project.compile(), "m")).isEqualTo("select '2024-01-01', 'eu', 10");
        project.options(CompileOptions.defaults().withVars(Map.of("region", "us")));
        assertThat(sql(project.compile(), "m")).isEqualTo("select '2024-01-01', 'us', 10");
    }

    @Test
    void envVarReadsTheEnvironmentOrTheDefault() {
        String path = System.getenv("PATH");
        CompiledProject project = TestProject.in(root)
                .file("models/m.sql", "select '{{ env_var('PATH') }}', '{{ env_var('STRATA_TEST_SURELY_UNSET', 'fallback') }}'")
                .compile();

        assertThat(sql(project, "m")).isEqualTo("select '" + path + "', 'fallback'");
    }

    @Test
    void macrosFromEveryFileAreCallableWithoutImportAndMayCallEachOther() {
        CompiledProject project = TestProject.in(root)
                .file("macros/units.sql", "{% macro cents_to_eur(column) %}({{ column }} / 100.0){% endmacro %}")
                .file("macros/money/format.sql", "{% macro eur(column) %}round({{ cents_to_eur(column) }}, 2){% endmacro %}")
                .file("models/m.sql", "select {{ eur('amount') }} as amount from {{ ref('n') }}")
                .file("models/n.sql", "select 1 as amount")
                .compile();

        assertThat(sql(project, "m")).isEqualTo("select round((amount / 100.0), 2) as amount from analytics.n");
    }

    @Test
    void thisTargetAndIsIncrementalDescribeTheModelBeingBuilt() {
        String model = """
                {{ config(materialized='incremental', unique_key='id') }}
                select * from {{ ref('events') }}
                {% if is_incremental() %}where ts > (select max(ts) from {{ this }}){% endif %}
                -- {{ target.name }} {{ target.type }} {{ target.schema }}""";
        TestProject project = TestProject.in(root)
                .file("models/silver/events.sql", "select 1 as id, current_timestamp as ts")
                .file("models/silver/events_inc.sql", model);

        assertThat(sql(project.compile(), "events_inc"))
                .isEqualTo("\nselect * from silver.events\n\n-- local trino analytics");

        project.options(new CompileOptions(Optional.empty(), Map.of(), Set.of("events_inc"), false, 1));
        assertThat(sql(project.compile(), "events_inc"))
                .contains("where ts > (select max(ts) from silver.events_inc)");

        project.options(new CompileOptions(Optional.empty(), Map.of(), Set.of("events_inc"), true, 1));
        assertThat(sql(project.compile(), "events_inc")).doesNotContain("where ts >");
    }

    @Test
    void refAttributesGiveSchemaAndIdentifier() {
        CompiledProject project = TestProject.in(root)
                .file("models/silver/orders.sql", "select 1 as id")
                .file("models/gold/m.sql", "select '{{ ref('orders').schema }}' as s, '{{ ref('orders').identifier }}' as i")
                .compile();

        assertThat(sql(project, "m")).isEqualTo("select 'silver' as s, 'orders' as i");
    }

    @Test
    void dbtGenericTestBlocksBecomeMacrosNamedTestUnderscoreName() {
        String text = "{% test is_even(model, column_name) %}\nselect * from {{ model }}\n{%- endtest %}";

        assertThat(TemplateEnvironment.dbtBlocksAsMacros(text))
                .isEqualTo("{% macro test_is_even(model, column_name) %}\nselect * from {{ model }}\n{%- endmacro %}");
    }
}
