package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.project.Relation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a dbt project's models land: dbt's default schema naming for projects read from {@code dbt_project.yml}, the
 * project's own {@code generate_schema_name} and {@code generate_alias_name}, and Jinja in {@code dbt_project.yml}.
 */
class DbtNamingTest {
    @TempDir
    Path root;

    private static Relation relation(CompiledProject project, String name) {
        return project.graph().require(AssetKey.of(name)).relation().orElseThrow();
    }

    private TestProject dbtProject(String projectFile) {
        return TestProject.empty(root).file("dbt_project.yml", projectFile)
                .file("models/staging/stg_orders.sql", "select 1 as id")
                .file("models/marts/orders.sql", "{{ config(schema='finance') }} select * from {{ ref('stg_orders') }}")
                .options(CompileOptions.defaults().withValidation(false));
    }

    @Test
    void aDbtProjectPlacesModelsInTheTargetSchemaAndCustomSchemasAfterIt() {
        CompiledProject project = dbtProject("name: shop\nprofile: shop\n").compile();

        assertThat(relation(project, "stg_orders")).isEqualTo(new Relation("analytics", "stg_orders"));
        assertThat(relation(project, "orders")).isEqualTo(new Relation("analytics_finance", "orders"));
        assertThat(TestProject.sql(project, "orders")).contains("from analytics.stg_orders");
    }

    @Test
    void aStrataProjectKeepsLayersAsSchemas() {
        CompiledProject project = TestProject.in(root)
                .file("models/staging/stg_orders.sql", "select 1 as id")
                .file("models/marts/orders.sql", "{{ config(schema='finance') }} select * from {{ ref('stg_orders') }}")
                .options(CompileOptions.defaults().withValidation(false))
                .compile();

        assertThat(relation(project, "stg_orders")).isEqualTo(new Relation("staging", "stg_orders"));
        assertThat(relation(project, "orders")).isEqualTo(new Relation("finance", "orders"));
    }

    @Test
    void theProjectsGenerateSchemaNameAndGenerateAliasNameAreHonoured() {
        CompiledProject project = dbtProject("name: shop\n")
                .file("macros/naming.sql", """
                        {% macro generate_schema_name(custom_schema_name, node) -%}
                          {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
                        {%- endmacro %}

                        {% macro generate_alias_name(custom_alias_name=none, node=none) -%}
                          {%- if node.name.startswith('stg_') -%}{{ node.name[4:] }}_staged{%- else -%}{{ custom_alias_name or node.name }}{%- endif -%}
                        {%- endmacro %}
                        """)
                .compile();

        assertThat(relation(project, "stg_orders")).isEqualTo(new Relation("analytics", "orders_staged"));
        assertThat(relation(project, "orders")).isEqualTo(new Relation("finance", "orders"));
        assertThat(TestProject.sql(project, "orders")).contains("from analytics.orders_staged");
    }

    @Test
    void jinjaInDbtProjectYmlIsRenderedWithTargetVarsAndEnvVars() {
        CompiledProject project = dbtProject("""
                name: shop
                vars:
                  start: "{{ env_var('STRATA_TEST_UNSET_VARIABLE', '2024-01-01') }}"
                models:
                  shop:
                    staging:
                      +materialized: "{{ 'table' if target.name == 'local' else 'view' }}"
                      +enabled: "{{ target.type == 'trino' }}"
                      +post-hook: "{{ log('kept for the run') }}"
                """)
                .file("models/marts/orders.sql", "select '{{ var('start') }}' as start_date, * from {{ ref('stg_orders') }}")
                .compile();

        var staging = project.graph().require(AssetKey.of("stg_orders"));
        assertThat(staging.materialization().label()).isEqualTo("table");
        assertThat(staging.config().values().get("post-hook")).asString().contains("{{ log('kept for the run') }}");
        assertThat(TestProject.sql(project, "orders")).startsWith("select '2024-01-01' as start_date");
    }
}
