package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.project.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Hooks compiled with the model's context, and the dbt configs Strata keeps but cannot apply (grants, run hooks). */
class HookCompileTest {
    @TempDir
    Path root;

    private TestProject dbtProject(String projectFile) {
        return TestProject.empty(root).file("dbt_project.yml", projectFile)
                .file("models/staging/customers.sql", "select 1 as id")
                .options(CompileOptions.defaults().withValidation(false));
    }

    @Test
    void hooksFromEveryLevelRunInOrderFolderFirstWithThisAndRefsAsTheRelationsTheSqlNames() {
        CompiledProject project = dbtProject("""
                name: shop
                models:
                  shop:
                    marts:
                      +pre-hook: "delete from audit.log where model = '{{ this.name }}'"
                      +post-hook:
                        - "insert into audit.log select '{{ this }}', count(*) from {{ this }}"
                """)
                .file("models/marts/schema.yml", """
                        version: 2
                        models:
                          - name: orders
                            config:
                              post_hook: "analyze {{ this }}"
                        """)
                .file("models/marts/orders.sql", """
                        {{ config(materialized='table', schema='finance',
                                  post_hook=["delete from {{ this }} where id not in (select id from {{ ref('customers') }})"]) }}
                        select 1 as id""")
                .compile();

        Asset orders = TestProject.asset(project, "orders");
        assertThat(orders.relation().orElseThrow().render()).isEqualTo("analytics_finance.orders");
        assertThat(orders.hooks().pre()).containsExactly("delete from audit.log where model = 'orders'");
        assertThat(orders.hooks().post()).containsExactly(
                "insert into audit.log select 'analytics_finance.orders', count(*) from analytics_finance.orders",
                "analyze analytics_finance.orders",
                "delete from analytics_finance.orders where id not in (select id from analytics.customers)");
        assertThat(orders.deps()).as("what a hook refs is built before the model").contains(AssetKey.of("customers"));
        assertThat(TestProject.asset(project, "customers").hooks().isEmpty()).isTrue();
    }

    @Test
    void aSeedsHooksFromTheProjectFileAndItsYamlCompileWithItsRelation() {
        CompiledProject project = dbtProject("""
                name: shop
                seeds:
                  shop:
                    +post-hook: "delete from {{ this }} where id is null"
                """)
                .file("seeds/countries.csv", "id,name\n1,France\n")
                .file("seeds/schema.yml", """
                        version: 2
                        seeds:
                          - name: countries
                            config:
                              pre_hook: "insert into audit.log select '{{ this.name }}', 'from {{ ref('customers') }}'"
                        """)
                .compile();

        Asset countries = TestProject.asset(project, "countries");
        assertThat(countries.hooks().pre()).containsExactly("insert into audit.log select 'countries', 'from analytics.customers'");
        assertThat(countries.hooks().post()).containsExactly("delete from analytics.countries where id is null");
        assertThat(countries.deps()).contains(AssetKey.of("customers"));
    }

    @Test
    void aHookThatRefsAnUnknownModelIsAnErrorNamingTheHook() {
        List<String> errors = dbtProject("name: shop\n")
                .file("models/orders.sql", "{{ config(pre_hook=\"delete from {{ ref('custmers') }}\") }}\nselect 1 as id")
                .errors();

        assertThat(errors).anySatisfy(error -> assertThat(error)
                .startsWith("models/orders.sql")
                .contains("in pre-hook 'delete from {{ ref('custmers') }}'")
                .contains("custmers"));
    }

    @Test
    void grantsAreKeptAndWarnedOfOncePerModel() {
        CompiledProject project = dbtProject("""
                name: shop
                models:
                  shop:
                    +grants:
                      select: ['reporting']
                """)
                .file("models/orders.sql", "select 1 as id")
                .compile();

        List<Diagnostic> grants = project.warnings().stream().filter(warning -> warning.message().startsWith("grants are ignored")).toList();
        assertThat(grants).extracting(warning -> warning.location().file()).containsExactlyInAnyOrder("models/staging/customers.sql", "models/orders.sql");
        assertThat(TestProject.asset(project, "orders").config().values().get("grants")).isEqualTo(java.util.Map.of("select", List.of("reporting")));
    }

    @Test
    void onRunStartAndEndAreReadAndWarnedOfAsNotRunYet() {
        CompiledProject project = dbtProject("""
                name: shop
                on-run-start:
                  - "create schema if not exists audit"
                  - "select 1"
                on-run-end: "select 2"
                """).compile();

        assertThat(project.warnings()).extracting(Diagnostic::message).anySatisfy(message -> assertThat(message)
                .startsWith("on-run-start holds 2 statements that Strata does not run yet"));
        assertThat(project.warnings()).filteredOn(warning -> warning.message().startsWith("on-run-end holds 1 statement "))
                .singleElement().satisfies(warning -> assertThat(warning.location().line()).isEqualTo(5));
    }

    @Test
    void anUnknownOnSchemaChangeIsAnErrorWithASuggestion() {
        List<String> errors = dbtProject("name: shop\n")
                .file("models/events.sql", "{{ config(materialized='incremental', on_schema_change='append_new_column') }}\nselect 1 as id")
                .errors();

        assertThat(errors).anySatisfy(error -> assertThat(error).startsWith("models/events.sql")
                .contains("on_schema_change='append_new_column' is not one of append_new_columns, fail, ignore, sync_all_columns")
                .endsWith("did you mean 'append_new_columns'?"));
    }
}
