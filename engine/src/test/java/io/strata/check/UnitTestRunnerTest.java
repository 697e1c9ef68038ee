package io.strata.check;

import io.strata.api.AssetKey;
import io.strata.compile.UnitTest;
import io.strata.compile.UnitTestSql;
import io.strata.project.Location;
import io.strata.project.UnitTestDefinition.Format;
import io.strata.project.UnitTestDefinition.Rows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner's two queries on a real SQL database (H2 in memory reads the same VALUES relations as Trino). */
class UnitTestRunnerTest {
    private static final Location AT = Location.of("models/schema.yml", 5);
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:h2:mem:unit_tests");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private static UnitTest test(List<Map<String, Object>> expected) {
        UnitTest.Input orders = new UnitTest.Input("__strata_given_orders", AssetKey.of("orders"), "ref('orders')",
                new Rows(Format.DICT, List.of(Map.of("id", 1L, "amount", 10L), Map.of("id", 2L, "amount", 5L)), List.of("id", "amount"), "", AT));
        return new UnitTest("doubles", AssetKey.of("doubled"), AT, Optional.empty(), List.of(),
                "select \"id\", \"amount\" * 2 as \"doubled\" from __strata_given_orders", List.of(orders),
                new Rows(Format.DICT, expected, List.of("id", "doubled"), "", AT));
    }

    @Test
    void aModelThatReturnsTheExpectedRowsPasses() {
        UnitTestResult result = new UnitTestRunner(UnitTestSql.Columns.NONE).run(connection,
                test(List.of(Map.of("id", 2L, "doubled", 10L), Map.of("id", 1L, "doubled", 20L))));

        assertThat(result.error()).isEmpty();
        assertThat(result.passed()).isTrue();
    }

    @Test
    void aModelThatReturnsOtherRowsFailsWithTheDiff() {
        UnitTestResult result = new UnitTestRunner(UnitTestSql.Columns.NONE).run(connection,
                test(List.of(Map.of("id", 1L, "doubled", 20L), Map.of("id", 2L, "doubled", 11L))));

        assertThat(result.passed()).isFalse();
        assertThat(result.report()).contains("- | 2  | 11").contains("+ | 2  | 10").doesNotContain("| 1 ");
    }

    @Test
    void aQueryTheDatabaseRefusesIsAFailedTestWithItsMessage() {
        UnitTest broken = new UnitTest("broken", AssetKey.of("doubled"), AT, Optional.empty(), List.of(), "select nothing from nowhere",
                List.of(), new Rows(Format.DICT, List.of(Map.of("id", 1L)), List.of("id"), "", AT));

        UnitTestResult result = new UnitTestRunner(UnitTestSql.Columns.NONE).run(connection, broken);

        assertThat(result.passed()).isFalse();
        assertThat(result.report()).startsWith("the unit test's query failed: ").containsIgnoringCase("nowhere");
    }
}
