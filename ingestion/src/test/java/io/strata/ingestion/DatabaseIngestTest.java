package io.strata.ingestion;

import io.strata.api.AssetKey;
import io.strata.check.CheckOutcome;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.project.Relation;
import io.strata.run.AssetBuilder;
import io.strata.stack.testing.PostgresCluster;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ingest assets reading a real PostgreSQL into an in-memory Iceberg catalog: types, cursor marks, rejects and connection errors. */
class DatabaseIngestTest {
    @TempDir
    Path root;

    /** Kept open when the builder closes it, so that the test can read what it wrote. */
    private final InMemoryCatalog catalog = new InMemoryCatalog() {
        @Override
        public void close() {
        }
    };
    private String url;
    private Relation relation;

    @BeforeEach
    void database() throws SQLException {
        url = PostgresCluster.shared().createDatabase();
        catalog.initialize("test", Map.of("warehouse", "memory://test"));
        sql("""
                create table supply_orders (
                    id bigint primary key, supplier varchar(40), quantity integer, price numeric(12, 2), ordered_on date,
                    updated_at timestamp, shipped_at timestamptz, urgent boolean, batch uuid, label bytea, sizes int[], extra jsonb)""");
        sql("""
                insert into supply_orders values
                (1, 'Acme', 10, 12.50, '2024-03-01', '2024-03-01 08:00:00', '2024-03-02 10:00:00+01', true,
                 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x0102', '{1,2}', '{"lane": 3}'),
                (2, 'Bolt', 20, 3.25, '2024-03-02', '2024-03-02 09:30:00', null, false, null, null, null, null),
                (3, null, null, null, null, '2024-03-03 11:15:00.123456', null, null, null, null, '{}', null)""");
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, PostgresCluster.USER, ""); Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private AssetBuilder.Built ingest(String yaml, boolean fullRefresh) throws Exception {
        CompiledProject compiled = TestProject.in(root).with(new IngestDeclarationReader()).file("models/bronze/erp.yml", yaml).compile();
        AssetKey key = AssetKey.of("supply_orders");
        relation = compiled.graph().require(key).relation().orElseThrow();
        return new IngestBuilder(branch -> catalog).build(new AssetBuilder.Context(compiled.graph().require(key),
                Optional.of(compiled.declarations().get(key)), "main", "run-1", root, fullRefresh, 1));
    }

    private String source(String rest) {
        return """
                ingest:
                  - name: supply_orders
                    source:
                      jdbc:
                        url: "%s"
                        user: strata
                        password: not-needed-here
                        fetch_size: 2
                %s""".formatted(url, rest);
    }

    private Table table(String suffix) {
        return catalog.loadTable(TableIdentifier.of(relation.schema(), relation.identifier() + suffix));
    }

    private List<Record> rows(String suffix) throws IOException {
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table(suffix)).build()) {
            records.forEach(record -> rows.add(record.copy()));
        }
        String order = suffix.isEmpty() ? "id" : "_source_line";
        rows.sort(Comparator.comparingLong(row -> ((Number) row.getField(order)).longValue()));
        return rows;
    }

    @Test
    void aFullReadWritesEveryRowInTheColumnTypesTheDatabaseReports() throws Exception {
        AssetBuilder.Built built = ingest(source("        table: public.supply_orders\n"), false);

        assertThat(built.details()).containsEntry("rows_read", 3L).containsEntry("rows_written", 3L).containsEntry("rows_rejected", 0L);
        assertThat(table("").schema().columns()).extracting(field -> field.name() + " " + field.type()).containsExactly(
                "id long", "supplier string", "quantity int", "price decimal(12, 2)", "ordered_on date", "updated_at timestamp",
                "shipped_at timestamptz", "urgent boolean", "batch uuid", "label binary", "sizes list<int>", "extra string",
                "_ingested_at timestamptz");
        List<Record> rows = rows("");
        Record first = rows.getFirst();
        assertThat(first.getField("supplier")).isEqualTo("Acme");
        assertThat(first.getField("quantity")).isEqualTo(10);
        assertThat(first.getField("price")).isEqualTo(new BigDecimal("12.50"));
        assertThat(first.getField("ordered_on")).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(first.getField("updated_at")).isEqualTo(LocalDateTime.of(2024, 3, 1, 8, 0));
        assertThat(first.getField("shipped_at")).isEqualTo(OffsetDateTime.of(2024, 3, 2, 9, 0, 0, 0, ZoneOffset.UTC));
        assertThat(first.getField("urgent")).isEqualTo(true);
        assertThat(first.getField("batch")).isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        assertThat(first.getField("label")).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
        assertThat(first.getField("sizes")).isEqualTo(List.of(1, 2));
        assertThat(first.getField("extra")).isEqualTo("{\"lane\": 3}");
        assertThat(first.getField("_ingested_at")).isNotNull();
        assertThat(rows.get(2).getField("supplier")).isNull();
        assertThat(rows.get(2).getField("updated_at")).isEqualTo(LocalDateTime.of(2024, 3, 3, 11, 15, 0, 123_456_000));
        assertThat(rows.get(2).getField("sizes")).isEqualTo(List.of());
        assertThat(table("").properties()).doesNotContainKey(DatabaseIngest.MARK);
    }

    @Test
    void withoutACursorEveryRunReadsTheWholeSourceAndReplacesTheRows() throws Exception {
        String yaml = source("        query: select id, supplier from supply_orders\n");
        ingest(yaml, false);
        sql("delete from supply_orders where id = 2");

        AssetBuilder.Built again = ingest(yaml, false);

        assertThat(again.details()).containsEntry("rows_read", 2L);
        assertThat(rows("")).extracting(row -> row.getField("id")).containsExactly(1L, 3L);
    }

    @Test
    void aCursorReadsOnlyTheRowsAboveTheMarkRecordedWithTheTable() throws Exception {
        String yaml = source("        table: supply_orders\n      cursor: updated_at\n");
        AssetBuilder.Built first = ingest(yaml, false);

        assertThat(first.details()).containsEntry("rows_read", 3L).containsEntry("cursor_to", "2024-03-03T11:15:00.123456");
        assertThat(table("").properties()).containsEntry(DatabaseIngest.CURSOR, "updated_at")
                .containsEntry(DatabaseIngest.MARK, "2024-03-03T11:15:00.123456");

        sql("insert into supply_orders (id, supplier, updated_at) values (4, 'Core', '2024-03-04 07:00:00')");
        sql("update supply_orders set quantity = 11, updated_at = '2024-03-05 12:00:00' where id = 1");
        sql("insert into supply_orders (id, supplier, updated_at) values (5, 'Late', '2024-03-03 11:15:00.123456')");
        AssetBuilder.Built second = ingest(yaml, false);

        // Strictly above the mark: row 5, written later with the mark's own value, is not read.
        assertThat(second.details()).containsEntry("rows_read", 2L).containsEntry("cursor_from", "2024-03-03T11:15:00.123456")
                .containsEntry("cursor_to", "2024-03-05T12:00");
        assertThat(rows("")).extracting(row -> row.getField("id") + ":" + row.getField("quantity"))
                .containsExactlyInAnyOrder("1:10", "1:11", "2:20", "3:null", "4:null");
        assertThat(table("").properties()).containsEntry(DatabaseIngest.MARK, "2024-03-05T12:00");

        AssetBuilder.Built nothingNew = ingest(yaml, false);
        assertThat(nothingNew.details()).containsEntry("rows_read", 0L).containsEntry("cursor_to", "2024-03-05T12:00");
        assertThat(rows("")).hasSize(5);

        AssetBuilder.Built refreshed = ingest(yaml, true);
        assertThat(refreshed.details()).containsEntry("rows_read", 5L);
        assertThat(rows("")).extracting(row -> row.getField("id")).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aValueThatDoesNotFitItsDeclaredColumnIsARejectNamingTheRowsCursor() throws Exception {
        sql("insert into supply_orders (id, quantity, updated_at) values (4, 1, '2024-03-04 00:00:00')");
        sql("alter table supply_orders alter column quantity type bigint");
        sql("update supply_orders set quantity = 3000000000 where id = 4");
        AssetBuilder.Built built = ingest(source("""
                        table: supply_orders
                      cursor: updated_at
                    columns:
                      - {name: id, type: bigint}
                      - {name: quantity, type: int}
                      - {name: updated_at, type: timestamp}
                    max_rejects: 1
                """), false);

        assertThat(built.details()).containsEntry("rows_read", 4L).containsEntry("rows_written", 3L).containsEntry("rows_rejected", 1L)
                .containsEntry("cursor_to", "2024-03-04T00:00");
        assertThat(built.checks()).singleElement().extracting(check -> check.outcome()).isEqualTo(CheckOutcome.WARN);
        Record reject = rows("__rejects").getFirst();
        assertThat(reject.getField("reason")).isEqualTo("row with updated_at 2024-03-04T00:00: column quantity: '3000000000' does not fit int");
        assertThat((String) reject.getField("raw")).contains("\"id\":\"4\"", "\"quantity\":\"3000000000\"");
        assertThat((String) reject.getField("_source_file")).endsWith("/runs_" + url.substring(url.lastIndexOf('_') + 1) + " supply_orders")
                .doesNotContain("not-needed-here");
        assertThat(table("").schema().columns()).extracting(field -> field.name()).containsExactly("id", "quantity", "updated_at", "_ingested_at");
    }

    @Test
    void anUnreachablePortFailsNamingTheAssetAndTheAddressButNotThePassword() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        url = "jdbc:postgresql://127.0.0.1:" + closed + "/erp";

        assertThatThrownBy(() -> ingest(source("        table: supply_orders\n"), false))
                .isInstanceOf(JdbcIngest.UnreachableDatabase.class)
                .hasMessageStartingWith("ingest asset 'supply_orders' cannot connect to its database at 127.0.0.1:" + closed + "/erp as user strata: ")
                .hasMessageContaining("refused")
                .hasMessageNotContaining("not-needed-here");
    }

    @Test
    void aDatabaseThatDoesNotExistOrATableThatDoesNotAreNamedWithTheAddress() throws Exception {
        String real = url;
        url = real.substring(0, real.lastIndexOf('/')) + "/no_such_database";
        assertThatThrownBy(() -> ingest(source("        table: supply_orders\n"), false))
                .isInstanceOf(JdbcIngest.UnreachableDatabase.class)
                .hasMessageContaining("cannot connect to its database at 127.0.0.1:")
                .hasMessageContaining("no_such_database");
        url = real;
        assertThatThrownBy(() -> ingest(source("        table: public.no_such_table\n"), false))
                .isInstanceOf(JdbcIngest.UnreadableSource.class)
                .hasMessageStartingWith("ingest asset 'supply_orders' cannot read public.no_such_table at 127.0.0.1:")
                .hasMessageContaining("no_such_table");
    }

    @Test
    void aRunThatFailsCommitsNeitherRowsNorAMarkSoTheNextRunReadsTheSameRows() throws Exception {
        String yaml = source("""
                        table: supply_orders
                      cursor: updated_at
                    columns:
                      - {name: id, type: bigint}
                      - {name: quantity, type: int}
                      - {name: updated_at, type: timestamp}
                """);
        ingest(yaml, false);
        long snapshot = table("").currentSnapshot().snapshotId();
        sql("insert into supply_orders (id, quantity, updated_at) values (4, 40, '2024-03-04 00:00:00')");
        sql("alter table supply_orders rename column quantity to amount");

        assertThatThrownBy(() -> ingest(yaml, false)).isInstanceOf(JdbcIngest.UnreadableSource.class)
                .hasMessageContaining("declares column 'quantity', which supply_orders at 127.0.0.1:");
        assertThat(table("").currentSnapshot().snapshotId()).isEqualTo(snapshot);
        assertThat(table("").properties()).containsEntry(DatabaseIngest.MARK, "2024-03-03T11:15:00.123456");

        sql("alter table supply_orders rename column amount to quantity");
        AssetBuilder.Built fixed = ingest(yaml, false);
        assertThat(fixed.details()).containsEntry("rows_read", 1L).containsEntry("cursor_to", "2024-03-04T00:00");
        assertThat(rows("")).extracting(row -> row.getField("id")).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void inferSchemaListsTheDatabasesColumnsWithoutReadingRows() throws Exception {
        CompiledProject compiled = TestProject.in(root).with(new IngestDeclarationReader()).file("models/bronze/erp.yml",
                source("        query: select id, price, shipped_at from supply_orders\n")).compile();
        IngestDeclaration declaration = (IngestDeclaration) compiled.declarations().get(AssetKey.of("supply_orders"));

        try (SourceFiles sources = SourceFiles.local(root)) {
            assertThat(SchemaInference.yaml(SchemaInference.inferFromFiles(sources, declaration))).contains(
                    "{name: id, type: \"bigint\"}", "{name: price, type: \"decimal(12,2)\"}",
                    "{name: shipped_at, type: \"timestamp with time zone\"}");
        }
    }

    @Test
    void aUrlNoDriverAcceptsFailsSayingWhereToPutTheDriver() {
        url = "jdbc:nosuchdb://db.internal:1234/erp";
        assertThatThrownBy(() -> ingest(source("        table: supply_orders\n"), false))
                .isInstanceOf(JdbcIngest.UnreachableDatabase.class)
                .hasMessage("ingest asset 'supply_orders' cannot connect to its database at db.internal:1234/erp: no JDBC driver accepts its URL;"
                        + " put the database's driver jar in " + root.resolve("drivers") + " (see docs/ingestion.md)");
    }

    @Test
    void aCursorTheTableDoesNotHaveFailsListingItsColumns() {
        assertThatThrownBy(() -> ingest(source("        table: supply_orders\n      cursor: changed_at\n"), false))
                .isInstanceOf(JdbcIngest.UnreadableSource.class)
                .hasMessageStartingWith("ingest asset 'supply_orders': cursor 'changed_at' is not a column of supply_orders (columns: id, supplier,");
    }
}
