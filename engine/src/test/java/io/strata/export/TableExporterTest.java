package io.strata.export;

import io.strata.project.Export;
import io.strata.stack.testing.PostgresCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exporter between two real PostgreSQL databases: the source stands in for the engine's main. */
class TableExporterTest {
    private String targetUrl;
    private Connection source;
    private Connection target;

    @BeforeEach
    void databases() throws SQLException {
        PostgresCluster cluster = PostgresCluster.shared();
        source = DriverManager.getConnection(cluster.createDatabase(), PostgresCluster.USER, "");
        targetUrl = cluster.createDatabase();
        target = DriverManager.getConnection(targetUrl, PostgresCluster.USER, "");
        execute(source, "CREATE TABLE gold (vehicle_id integer, minute timestamp, speed numeric(8, 2), label varchar(20), seen timestamptz,"
                + " active boolean, distance double precision, day date, trips bigint)");
    }

    @AfterEach
    void close() throws SQLException {
        source.close();
        target.close();
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void sourceRows(int from, int to) throws SQLException {
        execute(source, "INSERT INTO gold SELECT i, timestamp '2026-01-01 00:00' + i * interval '1 minute', i * 1.5, 'v' || i,"
                + " timestamptz '2026-01-01 00:00+00', i % 2 = 0, i * 0.25, date '2026-01-01', i * 10 FROM generate_series(" + from + ", " + to + ") i");
    }

    private long export(Export.Mode mode, List<String> key) throws SQLException {
        return new TableExporter().export(source, "SELECT * FROM gold", target, "public.metrics", mode, key);
    }

    @Test
    void replaceCreatesTheTargetTableWithTypesMappedFromTheSource() throws SQLException {
        sourceRows(1, 3);

        assertThat(export(Export.Mode.REPLACE, List.of())).isEqualTo(3);

        Map<String, String> types = new LinkedHashMap<>();
        try (Statement statement = target.createStatement(); ResultSet columns = statement.executeQuery(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                        + " WHERE attrelid = 'public.metrics'::regclass AND attnum > 0 ORDER BY attnum")) {
            while (columns.next()) {
                types.put(columns.getString(1), columns.getString(2));
            }
        }
        assertThat(types).containsExactly(
                Map.entry("vehicle_id", "integer"),
                Map.entry("minute", "timestamp without time zone"),
                Map.entry("speed", "numeric(8,2)"),
                Map.entry("label", "text"),
                Map.entry("seen", "timestamp with time zone"),
                Map.entry("active", "boolean"),
                Map.entry("distance", "double precision"),
                Map.entry("day", "date"),
                Map.entry("trips", "bigint"));
        try (Statement statement = target.createStatement();
             ResultSet row = statement.executeQuery("SELECT speed, label, minute FROM metrics WHERE vehicle_id = 2")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getBigDecimal(1)).isEqualByComparingTo("3.00");
            assertThat(row.getString(2)).isEqualTo("v2");
            assertThat(row.getString(3)).isEqualTo("2026-01-01 00:02:00");
        }
    }

    @Test
    void replaceSwapsAllRowsInOneTransactionSoAReaderSeesOnlyTheOldOrTheNewRows() throws SQLException {
        sourceRows(1, 3);
        export(Export.Mode.REPLACE, List.of());
        execute(source, "DELETE FROM gold");
        sourceRows(100, 104);
        List<Long> seenBeforeCommit = new ArrayList<>();
        try (Connection reader = DriverManager.getConnection(targetUrl, PostgresCluster.USER, "")) {
            TableExporter exporter = new TableExporter(2, () -> {
                try {
                    seenBeforeCommit.add(count(reader, "metrics"));
                    seenBeforeCommit.add(count(reader, "metrics WHERE vehicle_id >= 100"));
                }
                catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });

            long written = exporter.export(source, "SELECT * FROM gold", target, "public.metrics", Export.Mode.REPLACE, List.of());

            assertThat(written).isEqualTo(5);
            assertThat(seenBeforeCommit).as("all rows written in batches of 2, not yet committed: the old three").containsExactly(3L, 0L);
            assertThat(count(reader, "metrics")).isEqualTo(5);
            assertThat(count(reader, "metrics WHERE vehicle_id >= 100")).isEqualTo(5);
        }
    }

    @Test
    void aReplaceThatFailsPartWayLeavesTheOldRows() throws SQLException {
        sourceRows(1, 3);
        export(Export.Mode.REPLACE, List.of());
        // The target's column is narrower than a new row's label: the last batch fails after earlier ones were written.
        execute(target, "ALTER TABLE metrics ALTER COLUMN label TYPE varchar(3)");
        execute(source, "DELETE FROM gold");
        sourceRows(10, 14);
        execute(source, "UPDATE gold SET label = 'a label too long' WHERE vehicle_id = 14");

        assertThatThrownBy(() -> new TableExporter(2, () -> { })
                .export(source, "SELECT * FROM gold ORDER BY vehicle_id", target, "public.metrics", Export.Mode.REPLACE, List.of()))
                .isInstanceOf(SQLException.class);

        assertThat(count(target, "metrics")).isEqualTo(3);
        assertThat(count(target, "metrics WHERE vehicle_id < 10")).isEqualTo(3);
    }

    @Test
    void upsertInsertsNewKeysAndUpdatesExistingOnesInPlace() throws SQLException {
        sourceRows(1, 3);
        export(Export.Mode.UPSERT, List.of("vehicle_id", "minute"));
        execute(source, "DELETE FROM gold WHERE vehicle_id = 1");
        execute(source, "UPDATE gold SET label = 'changed' WHERE vehicle_id = 2");
        sourceRows(4, 4);

        assertThat(export(Export.Mode.UPSERT, List.of("vehicle_id", "minute"))).isEqualTo(3);

        Map<Integer, String> labels = new LinkedHashMap<>();
        try (Statement statement = target.createStatement();
             ResultSet rows = statement.executeQuery("SELECT vehicle_id, label FROM metrics ORDER BY vehicle_id")) {
            while (rows.next()) {
                labels.put(rows.getInt(1), rows.getString(2));
            }
        }
        assertThat(labels).as("row 1 is kept: an upsert deletes nothing")
                .containsExactly(Map.entry(1, "v1"), Map.entry(2, "changed"), Map.entry(3, "v3"), Map.entry(4, "v4"));
    }

    @Test
    void anUpsertKeyThatIsNotAColumnIsSaidAndWritesNothing() throws SQLException {
        sourceRows(1, 3);

        assertThatThrownBy(() -> export(Export.Mode.UPSERT, List.of("vehicle")))
                .hasMessageContaining("the key column vehicle is not a column of the table");
        try (ResultSet tables = target.getMetaData().getTables(null, "public", "metrics", null)) {
            assertThat(tables.next()).isFalse();
        }
    }

    @Test
    void theInsertStatementOfAnUpsertUpdatesEveryColumnButTheKey() {
        assertThat(TableExporter.insertStatement("public.t", List.of("id", "name", "n"), Export.Mode.UPSERT, List.of("id")))
                .isEqualTo("INSERT INTO public.t (\"id\", \"name\", \"n\") VALUES (?, ?, ?) ON CONFLICT (\"id\") DO UPDATE SET"
                        + " \"name\" = EXCLUDED.\"name\", \"n\" = EXCLUDED.\"n\"");
        assertThat(TableExporter.insertStatement("t", List.of("id"), Export.Mode.UPSERT, List.of("id"))).endsWith("DO NOTHING");
    }

    @Test
    void moreRowsThanABatchAreAllWritten() throws SQLException {
        sourceRows(1, TableExporter.BATCH * 2 + 1);

        assertThat(export(Export.Mode.REPLACE, List.of())).isEqualTo(TableExporter.BATCH * 2 + 1);
        assertThat(count(target, "metrics")).isEqualTo(TableExporter.BATCH * 2 + 1);
    }
}
