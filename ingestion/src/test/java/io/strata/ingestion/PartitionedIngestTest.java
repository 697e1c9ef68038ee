package io.strata.ingestion;

import io.strata.api.AssetKey;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.lake.IcebergRelations;
import io.strata.partition.PartitionSelection;
import io.strata.project.ProjectException;
import io.strata.project.Relation;
import io.strata.run.AssetBuilder;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A partitioned ingest asset over an in-memory Iceberg catalog: each file in the partition its name gives, rows
 * outside it rejected, the fingerprints the run records once the asset's checks pass (recorded here as the run does,
 * as table properties), and backfills reading exactly the files of the partitions they name.
 */
class PartitionedIngestTest {
    @TempDir
    Path root;

    private final InMemoryCatalog catalog = new InMemoryCatalog() {
        @Override
        public void close() {
        }
    };
    private CompiledProject compiled;

    private static final String SALES = """
            version: 2
            ingest:
              - name: sales
                source: {path: "data/sales-{yyyy}-{MM}.csv", format: csv, header: true}
                partitioned_by: {granularity: month, start: '2025-01-01', column: sale_date}
                max_rejects: 5
                columns:
                  - {name: sale_id, type: bigint}
                  - {name: sale_date, type: date}
            """;

    @BeforeEach
    void files() {
        catalog.initialize("test", Map.of("warehouse", "memory://test"));
        TestProject.in(root)
                .file("data/sales-2025-01.csv", "sale_id,sale_date\n1,2025-01-05\n2,2025-01-31\n3,2025-02-01\n")
                .file("data/sales-2025-02.csv", "sale_id,sale_date\n4,2025-02-10\n")
                .file("data/other.csv", "sale_id,sale_date\n9,2025-02-10\n");
    }

    private AssetBuilder.Built ingest(PartitionSelection selection) throws Exception {
        compiled = TestProject.in(root).with(new IngestDeclarationReader()).file("models/bronze/ingest.yml", SALES).compile();
        AssetKey key = AssetKey.of("sales");
        AssetBuilder.Built built = new IngestBuilder(branch -> catalog).build(context(selection));
        // As the run does once the asset's checks pass.
        if (!built.partitions().isEmpty()) {
            var update = table("").updateProperties();
            built.partitions().forEach((partition, fingerprint) -> update.set(IcebergRelations.PARTITION_PREFIX + partition, fingerprint));
            update.commit();
        }
        return built;
    }

    private AssetBuilder.Context context(PartitionSelection selection) {
        AssetKey key = AssetKey.of("sales");
        return new AssetBuilder.Context(compiled.graph().require(key), Optional.of(compiled.declarations().get(key)), "main", "run-1", root,
                false, 1, selection);
    }

    private Table table(String suffix) {
        Relation relation = compiled.graph().require(AssetKey.of("sales")).relation().orElseThrow();
        return catalog.loadTable(TableIdentifier.of(relation.schema(), relation.identifier() + suffix));
    }

    private List<String> rows(String suffix, String column) throws IOException {
        List<String> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table(suffix)).build()) {
            records.forEach(record -> rows.add(String.valueOf(record.getField(column))));
        }
        return rows.stream().sorted().toList();
    }

    private static PartitionSelection partition(String key) {
        return new PartitionSelection(Optional.of(key), Optional.empty(), Optional.empty(), false, false);
    }

    private static final PartitionSelection STALE = new PartitionSelection(Optional.empty(), Optional.empty(), Optional.empty(), false, true);

    @Test
    void eachFileIsItsNamesPartitionAndARowOutsideItsWindowIsARejectWithItsLine() throws Exception {
        AssetBuilder.Built built = ingest(PartitionSelection.DEFAULT);

        // data/other.csv has no month in its name: it is not one of the asset's files.
        assertThat(rows("", "sale_id")).containsExactly("1", "2", "4");
        assertThat(rows("__rejects", "reason")).singleElement().asString()
                .contains("sale_date 2025-02-01 is outside the file's partition 2025-01-01");
        assertThat(rows("__rejects", "_source_line")).containsExactly("4");
        assertThat(built.details()).containsEntry("rows_read", 4L).containsEntry("rows_written", 3L).containsEntry("rows_rejected", 1L)
                .containsEntry("partitions_built", 2L).containsEntry("partitions", "2025-01-01..2025-02-01");
        assertThat(built.partitions()).containsOnlyKeys("2025-01-01", "2025-02-01");
    }

    @Test
    void aSecondRunReadsNothingAndABackfillOfOneMonthReplacesOnlyItsRows() throws Exception {
        ingest(PartitionSelection.DEFAULT);
        Map<String, String> recorded = new IngestBuilder(branch -> catalog).partitionFingerprints(context(PartitionSelection.DEFAULT));

        AssetBuilder.Built again = ingest(PartitionSelection.DEFAULT);
        assertThat(again.details()).containsEntry("files_read", 0L).containsEntry("partitions_built", 0L);
        assertThat(again.partitions()).isEmpty();

        AssetBuilder.Built january = ingest(partition("2025-01-01"));
        assertThat(january.details()).containsEntry("files_read", 1L).containsEntry("partitions", "2025-01-01");
        // Read again, not added again; the same file gives the same fingerprint, so nothing new is recorded.
        assertThat(rows("", "sale_id")).containsExactly("1", "2", "4");
        assertThat(january.partitions()).isEmpty();
        assertThat(new IngestBuilder(branch -> catalog).partitionFingerprints(context(PartitionSelection.DEFAULT))).isEqualTo(recorded);
    }

    @Test
    void aChangedFileMakesItsPartitionStaleAndOnlyThatPartitionIsReadAgain() throws Exception {
        ingest(PartitionSelection.DEFAULT);
        Map<String, String> before = new IngestBuilder(branch -> catalog).partitionFingerprints(context(PartitionSelection.DEFAULT));
        TestProject.in(root).file("data/sales-2025-02.csv", "sale_id,sale_date\n4,2025-02-10\n5,2025-02-11\n");

        Map<String, String> now = new IngestBuilder(branch -> catalog).partitionFingerprints(context(PartitionSelection.DEFAULT));
        assertThat(now.get("2025-01-01")).isEqualTo(before.get("2025-01-01"));
        assertThat(now.get("2025-02-01")).isNotEqualTo(before.get("2025-02-01"));

        AssetBuilder.Built stale = ingest(STALE);
        assertThat(stale.details()).containsEntry("files_read", 1L).containsEntry("partitions", "2025-02-01");
        assertThat(rows("", "sale_id")).containsExactly("1", "2", "4", "5");
        assertThat(stale.partitions()).containsOnlyKeys("2025-02-01");
    }

    @Test
    void aFileWhoseNameGivesNoPartitionFailsTheBuildNamingIt() {
        TestProject.in(root).file("data/sales-2024-12.csv", "sale_id,sale_date\n7,2024-12-01\n");

        assertThatThrownBy(() -> ingest(PartitionSelection.DEFAULT))
                .hasMessageContaining("data/sales-2024-12.csv: the name places the file in partition '2024-12-01' comes before the first window");
    }

    @Test
    void aSourcePathWithoutTheWindowsPlaceholdersIsRefusedAtItsLine() {
        String missingMonth = SALES.replace("sales-{yyyy}-{MM}.csv", "sales-{yyyy}.csv");

        assertThatThrownBy(() -> TestProject.in(root).with(new IngestDeclarationReader()).file("models/bronze/ingest.yml", missingMonth).compile())
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("models/bronze/ingest.yml:5:")
                .hasMessageContaining("with the placeholders {yyyy}, {MM} in its name");
    }
}
