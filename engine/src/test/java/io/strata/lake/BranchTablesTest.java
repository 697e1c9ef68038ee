package io.strata.lake;

import io.strata.project.Relation;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tables written from Java over an in-memory Iceberg catalog: one commit per table, columns that follow the writes, values checked. */
class BranchTablesTest {
    /** Kept open when the tables close it, so that the test reads what was written. */
    private final InMemoryCatalog catalog = new InMemoryCatalog() {
        @Override
        public void close() {
        }
    };
    private final Relation scores = new Relation("gold", "scores");

    @BeforeEach
    void open() {
        catalog.initialize("test", Map.of("warehouse", "memory://test"));
    }

    private static List<BranchTables.Column> columns(String... nameAndType) {
        List<BranchTables.Column> columns = new java.util.ArrayList<>();
        for (int i = 0; i < nameAndType.length; i += 2) {
            columns.add(new BranchTables.Column(nameAndType[i], ColumnType.parse(nameAndType[i + 1])));
        }
        return columns;
    }

    private Table table() {
        return catalog.loadTable(TableIdentifier.of("gold", "scores"));
    }

    /** In-memory files are looked up when opened: a deleted one cannot be opened at all. */
    private boolean exists(String file) {
        try {
            return table().io().newInputFile(file).exists();
        }
        catch (org.apache.iceberg.exceptions.NotFoundException deleted) {
            return false;
        }
    }

    @Test
    void writesOfOneBuildBecomeOneCommitOfTheTableOnlyWhenCommitted() throws Exception {
        try (BranchTables tables = new BranchTables(catalog)) {
            tables.write(scores, columns("vin", "varchar", "probability", "double"), true, List.of(List.of("A", 0.25), List.of("B", 0.5)).iterator());
            tables.write(scores, columns("vin", "varchar", "probability", "double"), false, List.of(List.of("C", 0.75)).iterator());
            assertThat(catalog.tableExists(TableIdentifier.of("gold", "scores"))).as("nothing visible before the commit").isFalse();

            tables.commit();

            assertThat(table().snapshots()).hasSize(1);
            assertThat(tables.read(scores)).extracting(row -> row.get("vin")).containsExactlyInAnyOrder("A", "B", "C");
        }
    }

    @Test
    void anOverwriteReplacesTheRowsAndColumnsAndAnAppendAddsNewColumns() throws Exception {
        try (BranchTables tables = new BranchTables(catalog)) {
            tables.write(scores, columns("vin", "varchar", "probability", "double", "old", "int"), true, List.of(List.of("A", 0.25, 1)).iterator());
            tables.commit();
            tables.write(scores, columns("vin", "varchar", "probability", "double", "band", "varchar"), true, List.of(List.of("B", 0.5, "low")).iterator());
            tables.commit();

            assertThat(tables.read(scores)).containsExactly(Map.of("vin", "B", "probability", 0.5, "band", "low"));
            assertThat(table().schema().findField("old")).as("an overwrite keeps only the columns it writes").isNull();

            tables.write(scores, columns("vin", "varchar", "probability", "double", "band", "varchar", "scored_on", "date"), false,
                    List.of(List.of("C", 0.75, "high", LocalDate.of(2025, 3, 1))).iterator());
            tables.commit();
            assertThat(tables.read(scores)).hasSize(2).anySatisfy(row -> assertThat(row).containsEntry("scored_on", LocalDate.of(2025, 3, 1)));
        }
    }

    @Test
    void anOverwriteWhoseColumnTypeCannotChangeReplacesTheTableAndAnAppendIsRefused() throws Exception {
        try (BranchTables tables = new BranchTables(catalog)) {
            tables.write(scores, columns("vin", "varchar", "score", "double"), true, List.of(List.of("A", 0.25)).iterator());
            tables.commit();

            assertThatThrownBy(() -> tables.write(scores, columns("vin", "varchar", "score", "varchar"), false, List.of(List.of("B", "x")).iterator()))
                    .hasMessageContaining("cannot append to gold.scores").hasMessageContaining("overwrite it instead");

            tables.write(scores, columns("vin", "varchar", "score", "varchar"), true, List.of(List.of("B", "high")).iterator());
            tables.commit();
            assertThat(tables.read(scores)).containsExactly(Map.of("vin", "B", "score", "high"));
        }
    }

    @Test
    void aValueThatDoesNotFitItsColumnIsAnErrorNamingTheRowAndColumn() {
        try (BranchTables tables = new BranchTables(catalog)) {
            assertThatThrownBy(() -> tables.write(scores, columns("vin", "varchar", "probability", "double"), true,
                    List.of(List.of("A", 0.5), List.of("B", "high")).iterator()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("row 2 of gold.scores: column 'probability' is double, not String (high)");
        }
    }

    @Test
    void timesDecimalsAndListsAreWrittenAsTheirColumnTypes() throws Exception {
        try (BranchTables tables = new BranchTables(catalog)) {
            tables.write(scores, columns("at", "timestamp with time zone", "price", "decimal(12,2)", "reasons", "array<varchar>", "count", "bigint"), true,
                    List.of(List.of(Instant.parse("2025-03-01T10:00:00Z"), new java.math.BigDecimal("9.999"), List.of("fading", "errors"), 3)).iterator());
            tables.commit();

            assertThat(tables.read(scores)).singleElement().satisfies(row -> {
                assertThat(row.get("at")).isEqualTo(OffsetDateTime.of(2025, 3, 1, 10, 0, 0, 0, ZoneOffset.UTC));
                assertThat(row.get("price")).isEqualTo(new java.math.BigDecimal("10.00"));
                assertThat(row.get("reasons")).isEqualTo(List.of("fading", "errors"));
                assertThat(row.get("count")).isEqualTo(3L);
            });
        }
    }

    @Test
    void aTablesColumnsAreReadWithTheirTypesInTrinosSpellingAndNoTableHasNone() throws Exception {
        try (BranchTables tables = new BranchTables(catalog)) {
            assertThat(tables.columns(scores)).isEmpty();
            tables.write(scores, columns("at", "timestamp with time zone", "day", "date", "price", "decimal(12,2)", "reasons", "array<varchar>",
                    "count", "bigint", "ok", "boolean", "score", "double", "seen", "timestamp"), true, List.<List<?>>of().iterator());
            tables.commit();

            assertThat(tables.columns(scores)).hasValueSatisfying(found -> assertThat(found).containsExactly(
                    Map.entry("at", "timestamp(6) with time zone"), Map.entry("day", "date"), Map.entry("price", "decimal(12,2)"),
                    Map.entry("reasons", "array(varchar)"), Map.entry("count", "bigint"), Map.entry("ok", "boolean"),
                    Map.entry("score", "double"), Map.entry("seen", "timestamp(6)")));
        }
    }

    @Test
    void anAbandonedBuildLeavesTheTableAsItWasAndDeletesItsFiles() throws Exception {
        try (BranchTables tables = new BranchTables(catalog)) {
            tables.write(scores, columns("vin", "varchar"), true, List.of(List.of("A")).iterator());
            tables.commit();
            long snapshot = table().currentSnapshot().snapshotId();

            tables.write(scores, columns("vin", "varchar"), true, List.of(List.of("B")).iterator());
            List<String> written = tables.pendingFiles();
            assertThat(written).singleElement().satisfies(file -> assertThat(exists(file)).isTrue());
            tables.abandon();
            tables.commit();

            assertThat(table().currentSnapshot().snapshotId()).isEqualTo(snapshot);
            assertThat(tables.read(scores)).containsExactly(Map.of("vin", "A"));
            assertThat(written).allSatisfy(file -> assertThat(exists(file)).isFalse());
        }
    }

    private static BranchTables.Window day(String date) {
        java.time.LocalDateTime start = LocalDate.parse(date).atStartOfDay();
        return new BranchTables.Window("day", date, java.util.Optional.of(start), java.util.Optional.of(start.plusDays(1)), ZoneOffset.UTC);
    }

    private static List<List<?>> rows(String... dayAndVin) {
        List<List<?>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < dayAndVin.length; i += 2) {
            rows.add(List.of(LocalDate.parse(dayAndVin[i]), dayAndVin[i + 1]));
        }
        return rows;
    }

    @Test
    void aFileWithRowsOfSeveralDaysIsReplacedByABuildOfThoseDaysTogetherAndRefusedForOneOfThem() throws Exception {
        try (BranchTables tables = new BranchTables(catalog)) {
            tables.write(scores, columns("day", "date", "vin", "varchar"), true,
                    rows("2025-03-01", "A", "2025-03-02", "A", "2025-03-03", "A").iterator());
            tables.commit();

            tables.write(scores, columns("day", "date", "vin", "varchar"), day("2025-03-02"), true, rows("2025-03-02", "B").iterator());
            assertThatThrownBy(tables::commit).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("gold.scores holds data files with rows of the partitions built (2025-03-02) and of others")
                    .hasMessageContaining("--full-refresh");
        }
        try (BranchTables tables = new BranchTables(catalog)) {
            for (String date : List.of("2025-03-03", "2025-03-01", "2025-03-02")) {
                tables.write(scores, columns("day", "date", "vin", "varchar"), day(date), true, rows(date, "C").iterator());
            }
            tables.commit();

            assertThat(tables.read(scores)).extracting(row -> row.get("vin")).containsOnly("C").hasSize(3);
        }
    }
}
