package io.strata.check;

import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.graph.Asset;
import io.strata.project.CheckDefinition;
import io.strata.project.Relation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckQueryTest {
    @TempDir
    Path root;

    private Asset orders() {
        CompiledProject project = TestProject.in(root)
                .file("models/silver/orders.sql", "select 1 as id, 1 as customer_id, 'paid' as status, 5 as amount")
                .file("models/silver/customers.sql", "select 1 as id")
                .file("tests/generic/my_custom_test.sql", "{% test my_custom_test(model, column_name) %}select * from {{ model }} where {{ column_name }} < 0{% endtest %}")
                .file("models/silver/schema.yml", """
                        version: 2
                        models:
                          - name: orders
                            tests:
                              - expression_is_true: {expression: "amount >= 0"}
                            columns:
                              - name: id
                                tests: [not_null, unique]
                              - name: status
                                tests:
                                  - accepted_values: {values: [paid, "it's open"], config: {where: "amount > 0", warn_if: "> 10", error_if: "> 100"}}
                              - name: customer_id
                                tests:
                                  - relationships: {to: ref('customers'), field: id}
                                  - my_custom_test
                        """)
                .compile();
        return TestProject.asset(project, "orders");
    }

    private static Optional<Relation> relations(String name) {
        return Optional.of(new Relation("silver", name));
    }

    private static String sql(Asset asset, int check) {
        return CheckQuery.sql(asset.checks().get(check), asset, CheckQueryTest::relations).orElseThrow();
    }

    @Test
    void builtInTestsSelectTheirFailingRows() {
        Asset orders = orders();

        assertThat(sql(orders, 0)).isEqualTo("SELECT * FROM silver.orders AS tested WHERE NOT (amount >= 0)");
        assertThat(sql(orders, 1)).isEqualTo("SELECT * FROM silver.orders AS tested WHERE id IS NULL");
        assertThat(sql(orders, 2)).isEqualTo("SELECT id AS unique_field, count(*) AS n_records FROM silver.orders AS tested"
                + " WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1");
        assertThat(sql(orders, 3)).isEqualTo("SELECT status AS value_field, count(*) AS n_records FROM"
                + " (SELECT * FROM silver.orders WHERE amount > 0) AS tested WHERE status NOT IN ('paid', 'it''s open') GROUP BY status");
        assertThat(sql(orders, 4)).isEqualTo("SELECT child.customer_id AS from_field FROM silver.orders AS child LEFT JOIN silver.customers AS parent"
                + " ON child.customer_id = parent.id WHERE child.customer_id IS NOT NULL AND parent.id IS NULL");
        assertThat(CheckQuery.sql(orders.checks().get(5), orders, CheckQueryTest::relations)).as("custom generic test, rendered at compile time")
                .hasValue("select * from silver.orders where customer_id < 0");
        assertThat(CheckQuery.name(orders.checks().get(1), orders)).isEqualTo("not_null_orders_id");
    }

    @Test
    void aTestOverSomeRowsReadsTheModelFilteredByTheirConditionAndByItsWhere() {
        Asset orders = orders();
        Optional<String> built = Optional.of("sale_date >= DATE '2025-01-03' AND sale_date < DATE '2025-01-04'");

        assertThat(CheckQuery.sql(orders.checks().get(1), orders, CheckQueryTest::relations, built)).contains("SELECT * FROM"
                + " (SELECT * FROM silver.orders WHERE sale_date >= DATE '2025-01-03' AND sale_date < DATE '2025-01-04') AS tested WHERE id IS NULL");
        assertThat(CheckQuery.sql(orders.checks().get(3), orders, CheckQueryTest::relations, built)).contains("SELECT status AS value_field,"
                + " count(*) AS n_records FROM (SELECT * FROM silver.orders WHERE (amount > 0) AND (sale_date >= DATE '2025-01-03'"
                + " AND sale_date < DATE '2025-01-04')) AS tested WHERE status NOT IN ('paid', 'it''s open') GROUP BY status");
        assertThat(CheckQuery.sql(orders.checks().get(4), orders, CheckQueryTest::relations, built)).as("the parent is read whole")
                .contains("SELECT child.customer_id AS from_field FROM (SELECT * FROM silver.orders WHERE sale_date >= DATE '2025-01-03'"
                        + " AND sale_date < DATE '2025-01-04') AS child LEFT JOIN silver.customers AS parent ON child.customer_id = parent.id"
                        + " WHERE child.customer_id IS NOT NULL AND parent.id IS NULL");
    }

    @Test
    void testsOfSingleRowsRunPerPartitionAndTestsAcrossRowsOverTheTable() {
        Asset orders = orders();

        assertThat(orders.checks()).extracting(check -> check.test() + " " + CheckScope.of(check)).containsExactly(
                "expression_is_true PARTITION", "not_null PARTITION", "unique TABLE", "accepted_values PARTITION", "relationships PARTITION",
                "my_custom_test TABLE");
        assertThat(orders.checks()).as("customers rebuilt in the run: the orders left as they were may miss theirs now")
                .extracting(check -> check.test() + " " + CheckScope.of(check, true)).contains("relationships TABLE", "not_null PARTITION");
    }

    @Test
    void acceptedValuesQuotesStringsAndLeavesNumbersAndBooleansBareUnlessQuoteSaysOtherwise() {
        CompiledProject project = TestProject.in(root)
                .file("models/trips.sql", "select 20 as speed, true as paid, 'a' as code")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: trips
                            columns:
                              - name: speed
                                tests:
                                  - accepted_values: {values: [20, 40.5, "60"]}
                                  - accepted_values: {values: [20, paid], quote: true}
                                  - accepted_values: {values: [20, "upper(code)"], quote: false}
                              - name: paid
                                tests:
                                  - accepted_values: {values: [true]}
                        """)
                .compile();
        Asset trips = TestProject.asset(project, "trips");

        assertThat(sql(trips, 0)).endsWith("WHERE speed NOT IN (20, 40.5, '60') GROUP BY speed");
        assertThat(sql(trips, 1)).endsWith("WHERE speed NOT IN ('20', 'paid') GROUP BY speed");
        assertThat(sql(trips, 2)).endsWith("WHERE speed NOT IN (20, upper(code)) GROUP BY speed");
        assertThat(sql(trips, 3)).endsWith("WHERE paid NOT IN (true) GROUP BY paid");
    }

    @Test
    void outcomesFollowSeverityAndThresholds() {
        Asset orders = orders();
        CheckDefinition strict = orders.checks().get(1);
        CheckDefinition thresholds = orders.checks().get(3);

        assertThat(CheckOutcome.of(strict, 0)).isEqualTo(CheckOutcome.PASS);
        assertThat(CheckOutcome.of(strict, 1)).isEqualTo(CheckOutcome.FAIL);
        assertThat(CheckOutcome.of(thresholds, 10)).isEqualTo(CheckOutcome.PASS);
        assertThat(CheckOutcome.of(thresholds, 11)).isEqualTo(CheckOutcome.WARN);
        assertThat(CheckOutcome.of(thresholds, 101)).isEqualTo(CheckOutcome.FAIL);
        CheckDefinition warnOnly = new CheckDefinition("unique", Optional.of("id"), java.util.Map.of(),
                new io.strata.project.ModelConfig(java.util.Map.of("severity", "warn")), strict.location());
        assertThat(CheckOutcome.of(warnOnly, 1000)).isEqualTo(CheckOutcome.WARN);
        CheckDefinition broken = new CheckDefinition("unique", Optional.of("id"), java.util.Map.of(),
                new io.strata.project.ModelConfig(java.util.Map.of("error_if", "lots")), strict.location());
        assertThatThrownBy(() -> CheckOutcome.of(broken, 1)).hasMessageContaining("'lots' of test 'unique'");
    }

    @Test
    void aColumnNamedWithAReservedWordIsQuotedSoThatEveryEngineParsesTheCheck() {
        assertThat(CheckQuery.column("month")).isEqualTo("\"month\"");
        assertThat(CheckQuery.column("Language")).isEqualTo("\"Language\"");
        assertThat(CheckQuery.column("revenue_eur")).isEqualTo("revenue_eur");
        assertThat(CheckQuery.column("odd name")).isEqualTo("\"odd name\"");
    }
}
