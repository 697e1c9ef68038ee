package io.strata.run;

import io.strata.branch.Branches;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.compile.CompileOptions;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.trino.TrinoEngine;
import io.strata.lake.LakeEndpoints;
import io.strata.select.Selector;
import io.strata.stack.testing.LocalStackExtension;
import io.strata.stack.testing.TestSql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dbt project as its authors keep it, on the real stack: a package installed under {@code dbt_packages/} (written for
 * this test as {@code dbt deps} lays one out) whose macro and generic tests the project uses, dbt's cross-database
 * macros, a dispatched macro with a Postgres-style {@code ::numeric} cast, dbt's schema naming. It builds on a run's
 * branch, the package's tests gate the merge, and a failing package test leaves main as it was.
 */
@ExtendWith(LocalStackExtension.class)
class DbtProjectIT {
    @TempDir
    Path root;

    private final String custom = "dbt_" + UUID.randomUUID().toString().substring(0, 8);
    /** What the incremental order_audit model selects beyond id and amount: a column added from the second run on. */
    private String auditColumns = "";

    private static final String CUSTOMERS_FIRST = """
            id,name,tier,updated_at
            1,Ana,gold,2024-01-01 00:00:00
            2,Ben,silver,2024-01-01 00:00:00
            """;
    private static final String CUSTOMERS_UPDATED = """
            id,name,tier,updated_at
            1,Ana,platinum,2024-02-01 00:00:00
            2,Ben,silver,2024-01-01 00:00:00
            3,Cleo,bronze,2024-02-01 00:00:00
            """;
    private static final String CUSTOMERS_WITHOUT_BEN = """
            id,name,tier,updated_at
            1,Ana,platinum,2024-02-01 00:00:00
            3,Cleo,bronze,2024-02-01 00:00:00
            """;

    private TestProject project(String amountTest, String customers) {
        return project(amountTest, customers, "19.99");
    }

    private TestProject project(String amountTest, String customers, String expectedAmount) {
        return TestProject.empty(root)
                .file("seeds/customers.csv", customers)
                .file("snapshots/customers_snapshot.sql", """
                        {% snapshot customers_snapshot %}
                        {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', hard_deletes='invalidate') }}
                        select id, name, tier, updated_at from {{ ref('customers') }}
                        {% endsnapshot %}
                        """)
                .file("snapshots/customers_snapshot.yml", """
                        snapshots:
                          - name: customers_snapshot
                            columns:
                              - {name: dbt_scd_id, data_tests: [unique, not_null]}
                        """)
                .file("dbt_project.yml", """
                        name: shop_dbt
                        version: '1.0.0'
                        config-version: 2
                        profile: shop
                        require-dbt-version: [">=1.5.0", "<2.0.0"]
                        dispatch:
                          - macro_namespace: dbt_utils
                            search_order: [shop_dbt, dbt_utils]
                        models:
                          shop_dbt:
                            +materialized: table
                            +schema: "{{ env_var('STRATA_UNSET_SCHEMA_VARIABLE', '%s') }}"
                        seeds:
                          shop_dbt:
                            +schema: %s
                        snapshots:
                          shop_dbt:
                            +schema: %s
                        """.formatted(custom, custom, custom))
                .file("packages.yml", "packages:\n  - package: dbt-labs/dbt_utils\n    version: [\">=1.0.0\", \"<2.0.0\"]\n")
                .file("dbt_packages/dbt_utils/dbt_project.yml", "name: dbt_utils\nversion: '1.3.0'\nconfig-version: 2\n"
                        + "require-dbt-version: [\">=1.3.0\", \"<2.0.0\"]\n")
                .file("dbt_packages/dbt_utils/macros/sql/generate_surrogate_key.sql", """
                        {%- macro generate_surrogate_key(field_list) -%}
                            {{ return(adapter.dispatch('generate_surrogate_key', 'dbt_utils')(field_list)) }}
                        {% endmacro %}

                        {%- macro default__generate_surrogate_key(field_list) -%}
                        {%- set fields = [] -%}
                        {%- for field in field_list -%}
                            {%- do fields.append("coalesce(cast(" ~ field ~ " as " ~ dbt.type_string() ~ "), '_dbt_utils_surrogate_key_null_')") -%}
                            {%- if not loop.last %}{%- do fields.append("'-'") -%}{%- endif -%}
                        {%- endfor -%}
                        {{ dbt.hash(dbt.concat(fields)) }}
                        {%- endmacro -%}
                        """)
                .file("dbt_packages/dbt_utils/macros/generic_tests/expression_is_true.sql", """
                        {% test expression_is_true(model, expression, column_name=None) %}
                          {{ return(adapter.dispatch('test_expression_is_true', 'dbt_utils')(model, expression, column_name)) }}
                        {% endtest %}

                        {% macro default__test_expression_is_true(model, expression, column_name) %}
                        select * from {{ model }}
                        where not ({{ column_name ~ ' ' if column_name else '' }}{{ expression }})
                        {% endmacro %}
                        """)
                .file("dbt_packages/dbt_utils/macros/generic_tests/unique_combination_of_columns.sql", """
                        {% test unique_combination_of_columns(model, combination_of_columns) %}
                        {%- set columns_csv = combination_of_columns | join(', ') %}
                        select {{ columns_csv }}, count(*) as n
                        from {{ model }}
                        group by {{ columns_csv }}
                        having count(*) > 1
                        {% endtest %}
                        """)
                .file("macros/money.sql", """
                        {% macro cents_to_dollars(column_name) -%}
                          {{ return(adapter.dispatch('cents_to_dollars')(column_name)) }}
                        {%- endmacro %}

                        {% macro default__cents_to_dollars(column_name) -%}
                          {{ column_name }}::numeric(16, 2) / 100
                        {%- endmacro %}
                        """)
                .file("seeds/raw_orders.csv", """
                        id,customer_id,ordered_at,amount_cents
                        1,10,2025-01-05 10:00:00,1250
                        2,10,2025-01-20 16:30:00,990
                        3,11,2025-02-02 08:15:00,20000
                        4,12,2025-02-28 23:59:00,1
                        """)
                .file("models/marts/order_audit.sql", """
                        {{ config(materialized='incremental', unique_key='id', incremental_strategy='merge',
                                  on_schema_change='append_new_columns') }}
                        select id, amount%s from {{ ref('stg_orders') }}
                        """.formatted(auditColumns))
                .file("models/staging/stg_orders.sql", """
                        {{ config(pre_hook="create table if not exists {{ this.schema }}.hook_log (model varchar, n bigint)",
                                  post_hook="insert into {{ this.schema }}.hook_log select '{{ this }}', count(*) from {{ this }}") }}
                        select
                            id,
                            customer_id,
                            {{ cents_to_dollars('amount_cents') }} as amount,
                            {{ dbt.date_trunc('month', 'ordered_at') }} as order_month,
                            {{ dbt_utils.generate_surrogate_key(['id', 'customer_id']) }} as order_key
                        from {{ ref('raw_orders') }}
                        """)
                .file("models/marts/monthly_revenue.sql", """
                        select cast(order_month as date) as order_month, sum(amount) as revenue, count(*) as orders
                        from {{ ref('stg_orders') }}
                        group by 1
                        """)
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: stg_orders
                            data_tests:
                              - dbt_utils.unique_combination_of_columns:
                                  combination_of_columns: [id, customer_id]
                            columns:
                              - name: order_key
                                data_tests: [unique, not_null]
                              - name: amount
                                data_tests:
                                  - dbt_utils.expression_is_true:
                                      expression: "%s"
                        unit_tests:
                          - name: dollars_from_cents
                            model: stg_orders
                            given:
                              - input: ref('raw_orders')
                                rows:
                                  - {id: 7, customer_id: 1, ordered_at: "2025-03-09 12:00:00", amount_cents: 1999}
                            expect:
                              rows:
                                - {id: 7, amount: %s}
                        """.formatted(amountTest, expectedAmount));
    }

    private static RunResult run(TestProject project, LakeEndpoints endpoints, Branches branches, boolean rebuild) {
        try (Compiler compiler = new Compiler(project.root(), CompileOptions.defaults(), List.of(), List.of())) {
            Runner runner = new Runner(compiler, new TrinoEngine(endpoints), branches, Optional.empty());
            return runner.run(RunRequest.builder(Selector.all()).threads(2).rebuild(rebuild).build(), RunListener.SILENT);
        }
    }

    private List<String> revenue(LakeEndpoints endpoints) throws SQLException {
        try (Connection main = new TrinoEngine(endpoints).connect(Branches.MAIN)) {
            return TestSql.rows(main, "select order_month, revenue, orders from analytics_" + custom + ".monthly_revenue order by order_month");
        }
    }

    private static List<String> rows(LakeEndpoints endpoints, String sql) throws SQLException {
        try (Connection main = new TrinoEngine(endpoints).connect(Branches.MAIN)) {
            return TestSql.rows(main, sql);
        }
    }

    /** The snapshot's rows on main: id, tier, valid from, whether it is current. */
    private List<String> history(LakeEndpoints endpoints) throws SQLException {
        try (Connection main = new TrinoEngine(endpoints).connect(Branches.MAIN)) {
            return TestSql.rows(main, "select id, tier, cast(dbt_valid_from as date), dbt_valid_to is null from analytics_" + custom
                    + ".customers_snapshot order by id, dbt_valid_from");
        }
    }

    private static List<CheckResult> checks(RunResult result) {
        return result.assets().stream().flatMap(asset -> asset.checks().stream()).toList();
    }

    @Test
    void aDbtProjectWithAPackageCrossDatabaseMacrosPostgresCastsAndASnapshotBuildsAndItsTestsGateTheMerge(LakeEndpoints endpoints,
                                                                                                      Branches branches) throws SQLException {
        RunResult first = run(project(">= 0", CUSTOMERS_FIRST), endpoints, branches, false);

        assertThat(first.outcome()).as(first.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(checks(first)).extracting(CheckResult::name).contains("dbt_utils_expression_is_true_stg_orders_amount",
                "dbt_utils_unique_combination_of_columns_stg_orders");
        assertThat(checks(first)).allSatisfy(check -> assertThat(check.outcome()).as(check.name() + " " + check.error().orElse(""))
                .isEqualTo(CheckOutcome.PASS));
        assertThat(revenue(endpoints)).containsExactly("2025-01-01,22.40,2", "2025-02-01,200.01,2");
        try (Connection main = new TrinoEngine(endpoints).connect(Branches.MAIN)) {
            assertThat(TestSql.rows(main, "select count(distinct order_key), min(length(order_key)), max(length(order_key)),"
                    + " count_if(regexp_like(order_key, '^[0-9a-f]{32}$')) from analytics_" + custom + ".stg_orders"))
                    .as("an md5 hex key per order").containsExactly("4,32,32,4");
        }
        assertThat(history(endpoints)).containsExactly("1,gold,2024-01-01,true", "2,silver,2024-01-01,true");
        assertThat(rows(endpoints, "select model, n from analytics_" + custom + ".hook_log"))
                .as("the post-hook ran after the build, on the branch merged").containsExactly("analytics_" + custom + ".stg_orders,4");

        // An update and an insert: the old version of Ana closed where the new one starts. The incremental model selects a
        // new column: on_schema_change='append_new_columns' adds it, and the merge fills it in.
        auditColumns = ", 'web' as channel";
        RunResult second = run(project(">= 0", CUSTOMERS_UPDATED), endpoints, branches, false);
        assertThat(second.outcome()).as(second.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(history(endpoints)).containsExactly("1,gold,2024-01-01,false", "1,platinum,2024-02-01,true", "2,silver,2024-01-01,true",
                "3,bronze,2024-02-01,true");
        assertThat(rows(endpoints, "select count(*), count_if(channel = 'web') from analytics_" + custom + ".order_audit"))
                .containsExactly("4,4");

        // Ben deleted, in a run whose package test fails: nothing of it reaches main.
        RunResult failing = run(project("> 1", CUSTOMERS_WITHOUT_BEN), endpoints, branches, true);
        assertThat(failing.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(checks(failing)).filteredOn(check -> check.name().equals("dbt_utils_expression_is_true_stg_orders_amount"))
                .singleElement().satisfies(check -> {
                    assertThat(check.outcome()).isEqualTo(CheckOutcome.FAIL);
                    assertThat(check.failures()).as("the order of 0.01").isEqualTo(1);
                });
        assertThat(revenue(endpoints)).as("main as it was").containsExactly("2025-01-01,22.40,2", "2025-02-01,200.01,2");
        assertThat(history(endpoints)).as("main as it was").contains("2,silver,2024-01-01,true");
        assertThat(rows(endpoints, "select count(*) from analytics_" + custom + ".hook_log"))
                .as("the hook's row of the failed run stayed on its branch").containsExactly("1");

        // The same deletion in a run that passes: Ben's version is closed, none added.
        RunResult deleted = run(project(">= 0", CUSTOMERS_WITHOUT_BEN), endpoints, branches, false);
        assertThat(deleted.outcome()).as(deleted.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(history(endpoints)).containsExactly("1,gold,2024-01-01,false", "1,platinum,2024-02-01,true", "2,silver,2024-01-01,false",
                "3,bronze,2024-02-01,true");

        // A unit test that expects another amount: the model is not built, the diff says why, main is as it was.
        RunResult unitFailing = run(project(">= 0", CUSTOMERS_WITHOUT_BEN, "20.00"), endpoints, branches, true);
        assertThat(unitFailing.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        AssetRun staging = unitFailing.assets().stream().filter(asset -> asset.key().name().equals("stg_orders")).findFirst().orElseThrow();
        assertThat(staging.status()).isEqualTo(AssetRun.Status.FAILED);
        assertThat(staging.error()).hasValueSatisfying(error -> assertThat(error)
                .contains("unit test 'dollars_from_cents' failed, so the model was not built")
                .containsPattern("-\\s*\\|\\s*7\\s*\\|\\s*20(\\.00)?")
                .containsPattern("\\+\\s*\\|\\s*7\\s*\\|\\s*19\\.99"));
        assertThat(revenue(endpoints)).as("main as it was").containsExactly("2025-01-01,22.40,2", "2025-02-01,200.01,2");
    }
}
