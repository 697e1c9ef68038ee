package io.strata.check;

import io.strata.compile.CompiledProject;
import io.strata.compile.SingularTest;
import io.strata.compile.TestProject;
import io.strata.graph.Asset;
import io.strata.project.CheckDefinition;
import io.strata.stack.testing.LocalStackExtension;
import io.strata.stack.testing.TestBranch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Data tests run on a branch of the real stack. */
@ExtendWith(LocalStackExtension.class)
class CheckRunnerIT {
    @TempDir
    Path root;

    @Test
    void failingRowsAreCountedSampledStoredAndJudgedBySeverity(TestBranch branch) throws SQLException {
        String schema = "c_" + branch.name().replace('-', '_');
        CompiledProject project = TestProject.in(root)
                .file("models/" + schema + "/orders.sql", "{{ config(materialized='table') }}\nselect 1")
                .file("models/" + schema + "/customers.sql", "{{ config(materialized='table') }}\nselect 1")
                .file("models/" + schema + "/schema.yml", """
                        version: 2
                        models:
                          - name: orders
                            columns:
                              - name: id
                                tests: [not_null, {unique: {config: {store_failures: true}}}]
                              - name: status
                                tests:
                                  - accepted_values: {values: [paid, open], config: {severity: warn}}
                              - name: customer_id
                                tests:
                                  - relationships: {to: ref('customers'), field: id}
                        """)
                .file("tests/no_big_orders.sql", "select * from {{ ref('orders') }} where amount > 100")
                .compile();
        try (Connection connection = branch.connect()) {
            connection.createStatement().execute("create schema " + schema);
            connection.createStatement().execute("create table " + schema + ".customers as select * from (values 1, 2) as t(id)");
            connection.createStatement().execute("create table " + schema + ".orders as select * from (values"
                    + " (1, 'paid', 1, 10), (2, 'paid', 1, 20), (2, 'lost', 3, 30), (null, 'open', 2, 500)) as t(id, status, customer_id, amount)");
        }
        Asset orders = TestProject.asset(project, "orders");
        CheckRunner runner = new CheckRunner(branch.engine(), branch.name());
        List<CheckResult> results = new ArrayList<>();
        for (CheckDefinition check : orders.checks()) {
            runner.run(check, orders, name -> project.graph().asset(io.strata.api.AssetKey.of(name)).flatMap(Asset::relation)).ifPresent(results::add);
        }

        assertThat(results).extracting(CheckResult::name, CheckResult::outcome, CheckResult::failures).containsExactly(
                org.assertj.core.groups.Tuple.tuple("not_null_orders_id", CheckOutcome.FAIL, 1L),
                org.assertj.core.groups.Tuple.tuple("unique_orders_id", CheckOutcome.FAIL, 1L),
                org.assertj.core.groups.Tuple.tuple("accepted_values_orders_status", CheckOutcome.WARN, 1L),
                org.assertj.core.groups.Tuple.tuple("relationships_orders_customer_id", CheckOutcome.FAIL, 1L));
        assertThat(results.get(1).sample()).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("unique_field", 2);
            assertThat(row.get("n_records")).isEqualTo(2L);
        });
        assertThat(results.get(2).sample().getFirst()).containsEntry("value_field", "lost");
        assertThat(results.get(1).storedIn()).contains(schema + "_test_failures.unique_orders_id");
        try (Connection connection = branch.connect(); ResultSet stored = connection.createStatement()
                .executeQuery("select unique_field from " + schema + "_test_failures.unique_orders_id")) {
            assertThat(stored.next()).isTrue();
            assertThat(stored.getInt(1)).isEqualTo(2);
        }

        SingularTest singular = project.singularTests().getFirst();
        CheckResult big = runner.runSingular(singular.name(), orders, singular.sql(),
                new CheckDefinition(singular.name(), Optional.empty(), java.util.Map.of(), singular.config(), singular.location()));
        assertThat(big.outcome()).isEqualTo(CheckOutcome.FAIL);
        assertThat(big.failures()).isEqualTo(1);
    }

    @Test
    void acceptedValuesComparesNumbersAndBooleansWithColumnsOfTheirOwnType(TestBranch branch) throws SQLException {
        String schema = "n_" + branch.name().replace('-', '_');
        CompiledProject project = TestProject.in(root)
                .file("models/" + schema + "/trips.sql", "{{ config(materialized='table') }}\nselect 1")
                .file("models/" + schema + "/schema.yml", """
                        version: 2
                        models:
                          - name: trips
                            columns:
                              - name: speed
                                tests:
                                  - accepted_values: {values: [20, 40]}
                              - name: paid
                                tests:
                                  - accepted_values: {values: [true]}
                        """)
                .compile();
        try (Connection connection = branch.connect()) {
            connection.createStatement().execute("create schema " + schema);
            connection.createStatement().execute("create table " + schema + ".trips as select * from (values"
                    + " (BIGINT '20', true), (BIGINT '40', true), (BIGINT '60', false)) as t(speed, paid)");
        }
        Asset trips = TestProject.asset(project, "trips");
        CheckRunner runner = new CheckRunner(branch.engine(), branch.name());
        List<CheckResult> results = new ArrayList<>();
        for (CheckDefinition check : trips.checks()) {
            runner.run(check, trips, name -> Optional.empty()).ifPresent(results::add);
        }

        assertThat(results).extracting(CheckResult::name, CheckResult::outcome, CheckResult::failures).containsExactly(
                org.assertj.core.groups.Tuple.tuple("accepted_values_trips_speed", CheckOutcome.FAIL, 1L),
                org.assertj.core.groups.Tuple.tuple("accepted_values_trips_paid", CheckOutcome.FAIL, 1L));
        assertThat(results.getFirst().sample().getFirst()).containsEntry("value_field", 60L);
    }
}
