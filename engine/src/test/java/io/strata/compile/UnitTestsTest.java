package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.lineage.SqlType;
import io.strata.sql.SqlAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class UnitTestsTest {
    private static final String SCHEMA = """
            version: 2
            sources:
              - name: shop
                tables: [{name: payments}]
            """;

    @TempDir
    Path root;

    private TestProject project(String unitTests) {
        return TestProject.in(root)
                .file("models/orders.sql", "select 1 as id, 'paid' as status")
                .file("models/order_totals.sql", """
                        {{ config(materialized='incremental', unique_key='id') }}
                        select o.id, sum(p.amount) as total
                        from {{ ref('orders') }} as o
                        join {{ source('shop', 'payments') }} as p on p.order_id = o.id
                        where o.status = '{{ var('status', 'paid') }}'
                        {% if is_incremental() %}and o.id > (select max(id) from {{ this }}){% endif %}
                        group by o.id""")
                .file("models/schema.yml", SCHEMA + unitTests);
    }

    @Test
    void aUnitTestReadsItsGivenRowsInsteadOfTheModelsTables() {
        CompiledProject compiled = project("""
                unit_tests:
                  - name: sums_paid
                    model: order_totals
                    given:
                      - input: ref('orders')
                        rows: [{id: 1, status: paid}, {id: 2, status: open}]
                      - input: source('shop', 'payments')
                        format: csv
                        rows: |
                          order_id,amount
                          1,10.5
                    expect:
                      rows: [{id: 1, total: 10.5}]
                """).compile();

        UnitTest test = compiled.unitTests().getFirst();
        assertThat(test.model()).isEqualTo(AssetKey.of("order_totals"));
        assertThat(compiled.unitTests(AssetKey.of("order_totals"))).containsExactly(test);
        assertThat(test.inputs()).extracting(UnitTest.Input::relation).containsExactly("__strata_given_orders", "__strata_given_shop__payments");
        assertThat(test.sql()).as("the model's config line renders empty").isEqualTo("""

                select o.id, sum(p.amount) as total
                from __strata_given_orders as o
                join __strata_given_shop__payments as p on p.order_id = o.id
                where o.status = 'paid'

                group by o.id""");
        String actual = UnitTestSql.actual(test, List.of("id", "total"), UnitTestSql.Columns.NONE);
        assertThat(actual).isEqualTo("""
                WITH
                __strata_given_orders AS (
                SELECT * FROM (VALUES
                  (1, 'paid'),
                  (2, 'open')
                ) AS t("id", "status")
                ),
                __strata_given_shop__payments AS (
                SELECT * FROM (VALUES
                  (1, 10.5)
                ) AS t("order_id", "amount")
                )
                SELECT "id", "total" FROM (
                select o.id, sum(p.amount) as total
                from __strata_given_orders as o
                join __strata_given_shop__payments as p on p.order_id = o.id
                where o.status = 'paid'

                group by o.id
                ) AS __strata_actual""");
        assertThat(new SqlAnalyzer().query(actual)).as("Calcite reads the query").isPresent();
        assertThat(new SqlAnalyzer().analyze(actual).tables()).as("the query reads no table").isEmpty();
        assertThat(UnitTestSql.expected(test, UnitTestSql.Columns.NONE)).contains("""
                SELECT * FROM (VALUES
                  (1, 10.5)
                ) AS t("id", "total")""");
    }

    @Test
    void overridesSetVarsAndIsIncrementalAndThisIsGivenToo() {
        CompiledProject compiled = project("""
                unit_tests:
                  - name: only_new_open_orders
                    model: order_totals
                    overrides:
                      vars: {status: open}
                      macros: {is_incremental: true}
                    given:
                      - {input: "ref('orders')", rows: [{id: 3, status: open}]}
                      - {input: "source('shop', 'payments')", rows: []}
                      - {input: this, format: sql, rows: "select 2 as id, 5 as total"}
                    expect: {rows: []}
                """).compile();

        UnitTest test = compiled.unitTests().getFirst();
        assertThat(test.sql()).contains("where o.status = 'open'")
                .contains("and o.id > (select max(id) from __strata_given_this)");
        Map<String, SqlType> types = Map.of("order_id", SqlType.BIGINT, "amount", SqlType.of("decimal(10,2)"));
        String actual = UnitTestSql.actual(test, List.of(), new UnitTestSql.Columns() {
            @Override
            public Optional<List<String>> columns(AssetKey asset) {
                return asset.equals(AssetKey.of("shop", "payments")) ? Optional.of(List.of("order_id", "amount")) : Optional.empty();
            }

            @Override
            public Map<String, SqlType> types(AssetKey asset) {
                return asset.equals(AssetKey.of("shop", "payments")) ? types : Map.of();
            }
        });
        assertThat(actual).contains("""
                __strata_given_shop__payments AS (
                SELECT * FROM (VALUES (CAST(NULL AS bigint), CAST(NULL AS decimal(10,2)))) AS t("order_id", "amount") WHERE false
                ),
                __strata_given_this AS (
                select 2 as id, 5 as total
                )
                SELECT * FROM (""");
        assertThat(new SqlAnalyzer().analyze(actual).problem()).isEmpty();
        assertThat(UnitTestSql.expected(test, UnitTestSql.Columns.NONE)).as("no rows and no columns expected").isEmpty();
    }

    @Test
    void withoutTheOverrideTheModelRendersAsAFirstBuildAndNeedsNoThis() {
        CompiledProject compiled = project("""
                unit_tests:
                  - name: first_build
                    model: order_totals
                    given:
                      - {input: "ref('orders')", rows: [{id: 3}]}
                      - {input: "source('shop', 'payments')", rows: [{order_id: 3, amount: 1}]}
                    expect: {rows: [{id: 3, total: 1}]}
                """).compile();

        assertThat(compiled.unitTests().getFirst().sql()).doesNotContain("max(id)");
    }

    @Test
    void envVarOverridesReachTheRender() {
        CompiledProject compiled = TestProject.in(root)
                .file("models/region.sql", "select '{{ env_var('STRATA_TEST_REGION_NOT_SET', 'none') }}' as region")
                .file("models/schema.yml", """
                        unit_tests:
                          - name: region_from_env
                            model: region
                            overrides: {env_vars: {STRATA_TEST_REGION_NOT_SET: eu}}
                            expect: {rows: [{region: eu}]}
                        """)
                .compile();

        UnitTest test = compiled.unitTests().getFirst();
        assertThat(test.sql()).isEqualTo("select 'eu' as region");
        assertThat(UnitTestSql.actual(test, List.of("region"), UnitTestSql.Columns.NONE))
                .isEqualTo("SELECT \"region\" FROM (\nselect 'eu' as region\n) AS __strata_actual");
    }

    @Test
    void anInputTheModelReadsButTheTestDoesNotGiveIsAnErrorNamingTheTest() {
        List<String> errors = project("""
                unit_tests:
                  - name: forgets_payments
                    model: order_totals
                    given:
                      - {input: "ref('orders')", rows: [{id: 1}]}
                    expect: {rows: []}
                """).errors();

        assertThat(errors).containsExactly("models/schema.yml:6:5: error: unit test 'forgets_payments' of model 'order_totals' gives no rows for "
                + "source('shop', 'payments'), which the model reads; give every input under 'given:' (an empty 'rows: []' is no rows)");
    }

    @Test
    void aUnitTestOfAModelThatDoesNotExistIsAnErrorAtItsModelLine() {
        List<String> errors = project("""
                unit_tests:
                  - name: typo
                    model: order_total
                    expect: {rows: []}
                """).errors();

        assertThat(errors).containsExactly("models/schema.yml:7:5: error: unit test 'typo' tests a model that cannot run: "
                + "no model is named 'order_total'; did you mean 'order_totals'?");
    }

    @Test
    void aGivenInputTheModelDoesNotReadIsAnError() {
        List<String> errors = TestProject.in(root)
                .file("models/orders.sql", "select 1 as id")
                .file("models/other.sql", "select 2 as id")
                .file("models/schema.yml", """
                        unit_tests:
                          - name: extra
                            model: orders
                            given:
                              - {input: "ref('other')", rows: [{id: 1}]}
                            expect: {rows: [{id: 1}]}
                        """)
                .errors();

        assertThat(errors).containsExactly("models/schema.yml:5:9: error: unit test 'extra' gives input ref('other'), which model 'orders' does not read");
    }

    @Test
    void aProjectMacroCanBeOverriddenByTheValueItReturnsAndLinesStayPut() {
        CompiledProject compiled = TestProject.in(root)
                .file("macros/today.sql", "{% macro today(zone='UTC') %}current_date{% endmacro %}")
                .file("models/orders.sql", "select {{ today() }} as day,\n  {{ today('CET') }} as day_cet")
                .file("models/schema.yml", """
                        unit_tests:
                          - name: fixed_day
                            model: orders
                            overrides: {macros: {today: "date '2024-01-31'"}}
                            expect: {rows: [{day: 2024-01-31}]}
                        """)
                .compile();

        assertThat(compiled.unitTests().getFirst().sql()).isEqualTo("select date '2024-01-31' as day,\n  date '2024-01-31' as day_cet");
        assertThat(TestProject.sql(compiled, "orders")).as("the model itself is untouched").startsWith("select current_date as day");
    }

    @Test
    void overridingAPackagesMacroIsNotSupportedYet() {
        List<String> errors = TestProject.in(root)
                .file("models/orders.sql", "select 1 as id")
                .file("models/schema.yml", """
                        unit_tests:
                          - name: t
                            model: orders
                            overrides: {macros: {dbt_utils.current_timestamp: "now()"}}
                            expect: {rows: [{id: 1}]}
                        """)
                .errors();

        assertThat(errors).singleElement().asString().contains("models/schema.yml:4:")
                .contains("overrides macro 'dbt_utils.current_timestamp', which is not supported yet");
    }
}
