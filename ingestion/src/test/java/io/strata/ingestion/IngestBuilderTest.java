package io.strata.ingestion;

import io.strata.api.AssetKey;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.project.Relation;
import io.strata.run.AssetBuilder;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingest builder over an in-memory Iceberg catalog: reading, typing and rejecting, without the local stack. */
class IngestBuilderTest {
    @TempDir
    Path root;

    /** Kept open when the builder closes it, so that the test can read what it wrote. */
    private final InMemoryCatalog catalog = new InMemoryCatalog() {
        @Override
        public void close() {
        }
    };
    private Relation relation;

    private static final String SALES = """
            version: 2
            ingest:
              - name: sales
                source: {path: "data/sales*.csv", format: csv, header: true}
                columns:
                  - {name: sale_id, type: bigint}
                  - {name: note, type: string}
                  - {name: price, type: "decimal(12,2)"}
                max_rejects: "5"
            """;

    private AssetBuilder.Built ingest(String ingestYaml) throws Exception {
        CompiledProject compiled = TestProject.in(root).with(new IngestDeclarationReader()).file("models/bronze/ingest.yml", ingestYaml).compile();
        catalog.initialize("test", Map.of("warehouse", "memory://test"));
        AssetKey key = AssetKey.of("sales");
        relation = compiled.graph().require(key).relation().orElseThrow();
        return new IngestBuilder(branch -> catalog).build(new AssetBuilder.Context(compiled.graph().require(key),
                Optional.of(compiled.declarations().get(key)), "main", "run-1", root, false, 1));
    }

    /** The rows of the asset's table ({@code suffix} empty) or of its {@code __rejects}, in the order of their lines. */
    private List<Record> rows(String suffix) throws IOException {
        Table loaded = catalog.loadTable(TableIdentifier.of(relation.schema(), relation.identifier() + suffix));
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(loaded).build()) {
            records.forEach(record -> rows.add(record.copy()));
        }
        rows.sort(Comparator.comparingLong(row -> (Long) row.getField("_source_line")));
        return rows;
    }

    @Test
    void anUnterminatedQuoteRejectsItsLineAndTheLinesAfterItAreStillWritten() throws Exception {
        TestProject.in(root).file("data/sales_01.csv", """
                sale_id,note,price
                1,first,1.00
                2,"quoted, with a comma",2.00
                17,"unterminated,3.00
                18,after,4.00
                19,"a ""quoted"" word",5.00
                20,last,6.00
                """);

        AssetBuilder.Built built = ingest(SALES);

        assertThat(rows("")).extracting(row -> row.getField("sale_id") + "@" + row.getField("_source_line"))
                .containsExactly("1@2", "2@3", "18@5", "19@6", "20@7");
        assertThat(rows("")).extracting(row -> row.getField("note"))
                .containsExactly("first", "quoted, with a comma", "after", "a \"quoted\" word", "last");
        assertThat(rows("__rejects")).singleElement().satisfies(reject -> {
            assertThat(reject.getField("_source_file")).isEqualTo("data/sales_01.csv");
            assertThat(reject.getField("_source_line")).isEqualTo(4L);
            assertThat(reject.getField("raw")).isEqualTo("17,\"unterminated,3.00");
            assertThat((String) reject.getField("reason")).contains("unterminated quote");
        });
        assertThat(built.details()).containsEntry("rows_read", 6L).containsEntry("rows_written", 5L).containsEntry("rows_rejected", 1L);
        assertThat((Long) built.details().get("rows_read")).isEqualTo((Long) built.details().get("rows_written") + (Long) built.details().get("rows_rejected"));
    }

    @Test
    void aQuotedFieldMayRunOverSeveralLinesAndTheRowKeepsTheLineItStartsOn() throws Exception {
        TestProject.in(root).file("data/sales_01.csv", "sale_id,note,price\r\n1,\"two\r\nlines\",1.00\r\n2,one line,2.00\r\n");

        AssetBuilder.Built built = ingest(SALES);

        assertThat(rows("")).extracting(row -> row.getField("note") + "@" + row.getField("_source_line"))
                .containsExactly("two\r\nlines@2", "one line@4");
        assertThat(built.details()).containsEntry("rows_read", 2L).containsEntry("rows_rejected", 0L);
    }

    @Test
    void anUnterminatedQuoteOnTheLastLineIsRejectedWithoutLosingTheLinesBefore() throws Exception {
        TestProject.in(root).file("data/sales_01.csv", "sale_id,note,price\n1,first,1.00\n2,last,\"2.00");

        AssetBuilder.Built built = ingest(SALES);

        assertThat(rows("")).extracting(row -> row.getField("sale_id")).containsExactly(1L);
        assertThat(rows("__rejects")).singleElement().satisfies(reject -> {
            assertThat(reject.getField("_source_line")).isEqualTo(3L);
            assertThat((String) reject.getField("reason")).contains("unterminated quote");
        });
        assertThat(built.details()).containsEntry("rows_read", 2L).containsEntry("rows_written", 1L).containsEntry("rows_rejected", 1L);
    }
}
