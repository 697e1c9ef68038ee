package io.strata.check;

import io.strata.compile.UnitTest;
import io.strata.compile.UnitTestSql;
import io.strata.project.ProjectException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs unit tests on a connection: the expected rows first (they name the compared columns), then the model's SQL over
 * the given rows, selecting those columns. Neither query reads or writes a table.
 */
public final class UnitTestRunner {
    private final UnitTestSql.Columns known;

    /** @param known the columns and types the project knows at compile time, which the given values are cast to */
    public UnitTestRunner(UnitTestSql.Columns known) {
        this.known = known;
    }

    /** Runs one unit test; a query the engine refuses is a failed test with the engine's message, not an exception. */
    public UnitTestResult run(Connection connection, UnitTest test) {
        String actualSql = test.sql();
        try (Statement statement = connection.createStatement()) {
            Optional<String> expectedSql = UnitTestSql.expected(test, known);
            Rows expected = expectedSql.isPresent() ? read(statement, expectedSql.get()) : new Rows(List.of(), List.of());
            actualSql = UnitTestSql.actual(test, expected.columns(), known);
            Rows actual = read(statement, actualSql);
            List<String> columns = expected.columns().isEmpty() ? actual.columns() : expected.columns();
            return new UnitTestResult(test.name(), test.model(), Optional.of(RowDiff.compare(columns, expected.values(), actual.values())),
                    Optional.empty(), actualSql);
        }
        catch (SQLException e) {
            return new UnitTestResult(test.name(), test.model(), Optional.empty(), Optional.of(String.valueOf(e.getMessage())), actualSql);
        }
        catch (ProjectException e) {
            // Rows that cannot become a query (their columns are unknown): the test cannot pass, and says why.
            return new UnitTestResult(test.name(), test.model(), Optional.empty(), Optional.of(e.getMessage()), actualSql);
        }
    }

    private record Rows(List<String> columns, List<List<Object>> values) {
    }

    private static Rows read(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData metadata = result.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                columns.add(metadata.getColumnLabel(i));
            }
            List<List<Object>> values = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(result.getObject(i));
                }
                values.add(row);
            }
            return new Rows(columns, values);
        }
    }
}
