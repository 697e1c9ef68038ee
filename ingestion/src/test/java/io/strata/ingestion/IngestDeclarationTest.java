package io.strata.ingestion;

import io.strata.lake.ColumnType;
import io.strata.api.AssetKey;
import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import io.strata.project.ProjectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestDeclarationTest {
    @TempDir
    Path root;

    private CompiledProject compile(String bronzeYaml, String... models) throws IOException {
        Files.writeString(root.resolve("strata.yml"), "name: mobility\n");
        Files.createDirectories(root.resolve("models/bronze"));
        Files.createDirectories(root.resolve("models/silver"));
        Files.writeString(root.resolve("models/bronze/bronze.yml"), bronzeYaml);
        for (int i = 0; i < models.length; i += 2) {
            Files.writeString(root.resolve("models/silver/" + models[i] + ".sql"), models[i + 1]);
        }
        try (Compiler compiler = new Compiler(root, CompileOptions.defaults(), List.of(new IngestDeclarationReader()), List.of())) {
            return compiler.compile();
        }
    }

    private List<String> errors(String bronzeYaml) {
        try {
            compile(bronzeYaml);
            throw new AssertionError("expected the declaration to be refused");
        }
        catch (ProjectException e) {
            return e.errors().stream().map(Object::toString).toList();
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static final String SALES = """
            version: 2
            ingest:
              - name: ecoride_sales
                description: Vehicle sales from the dealer system.
                source: {path: "data/ecoride/sales*.csv", format: csv, header: true, delimiter: ";"}
                columns:
                  - {name: sale_id, type: bigint, tests: [not_null, unique]}
                  - {name: sale_date, type: date}
                  - {name: price, type: "decimal(12,2)"}
                  - {name: options, type: "array<struct<code: string, price: decimal(10,2)>>"}
                  - {name: sold_at, type: timestamp with time zone}
                partition_by: ["month(sale_date)"]
                mode: append
                max_rejects: "1%"
                tags: [ecoride]
            """;

    @Test
    void anIngestAssetJoinsTheGraphInTheBronzeLayerAndCanBeReferenced() throws IOException {
        CompiledProject project = compile(SALES, "sales", "select * from {{ ref('ecoride_sales') }}");

        Asset sales = project.graph().require(AssetKey.of("ecoride_sales"));
        assertThat(sales.kind()).isEqualTo(AssetKind.INGEST);
        assertThat(sales.layer()).contains("bronze");
        assertThat(sales.relation().orElseThrow().render()).isEqualTo("bronze.ecoride_sales");
        assertThat(sales.tags()).containsExactly("ecoride");
        assertThat(sales.checks()).extracting(check -> check.test()).containsExactly("not_null", "unique");
        assertThat(project.graph().require(AssetKey.of("sales")).sql()).contains("select * from bronze.ecoride_sales");
        assertThat(project.graph().children(sales.key())).containsExactly(AssetKey.of("sales"));
    }

    @Test
    void theDeclarationIsReadIntoTypedColumnsAndOptions() {
        var reader = new IngestDeclarationReader();
        var node = io.strata.project.YamlReader.read("models/bronze/bronze.yml", SALES).orElseThrow();
        var ingest = ((io.strata.project.YamlNode.Mapping) node).get("ingest").orElseThrow();

        IngestDeclaration declaration = (IngestDeclaration) reader.read(ingest).getFirst().declaration();

        assertThat(declaration.source().format()).isEqualTo(IngestDeclaration.Format.CSV);
        assertThat(declaration.source().options()).containsEntry("delimiter", ";").containsEntry("header", true);
        assertThat(declaration.columns()).extracting(IngestDeclaration.Column::type).containsExactly(
                new ColumnType.Simple(ColumnType.Primitive.BIGINT),
                new ColumnType.Simple(ColumnType.Primitive.DATE),
                new ColumnType.Decimal(12, 2),
                new ColumnType.ListOf(new ColumnType.Struct(List.of(
                        new ColumnType.Field("code", new ColumnType.Simple(ColumnType.Primitive.STRING)),
                        new ColumnType.Field("price", new ColumnType.Decimal(10, 2))))),
                new ColumnType.Simple(ColumnType.Primitive.TIMESTAMPTZ));
        assertThat(declaration.mode()).isEqualTo(IngestDeclaration.Mode.APPEND);
        assertThat(declaration.maxRejects().exceeded(1, 100)).isFalse();
        assertThat(declaration.maxRejects().exceeded(2, 100)).isTrue();
        assertThat(declaration.partitionBy()).containsExactly("month(sale_date)");
    }

    @Test
    void theTableColumnsAreTheDeclaredOnesThenExtraAndTheLineageColumnsOrUnknownWhenInferred() {
        var node = (io.strata.project.YamlNode.Mapping) io.strata.project.YamlReader.read("models/bronze/bronze.yml", SALES
                + "  - name: inferred\n    source: {path: data/x.csv}\n").orElseThrow();

        var declared = new IngestDeclarationReader().read(node.get("ingest").orElseThrow());

        assertThat(declared.get(0).declaration().tableColumns()).contains(List.of("sale_id", "sale_date", "price", "options", "sold_at",
                "_extra", "_source_file", "_source_line", "_ingested_at"));
        assertThat(declared.get(1).declaration().tableColumns()).isEmpty();
    }

    @Test
    void theFormatFollowsTheFileExtensionWhenNotGiven() {
        var node = io.strata.project.YamlReader.read("b.yml",
                "ingest:\n  - name: health\n    source: {path: 'data/health/*.jsonl.gz'}\n").orElseThrow();
        var declaration = (IngestDeclaration) new IngestDeclarationReader()
                .read(((io.strata.project.YamlNode.Mapping) node).get("ingest").orElseThrow()).getFirst().declaration();

        assertThat(declaration.source().format()).isEqualTo(IngestDeclaration.Format.JSONL);
    }

    @Test
    void anUnknownColumnTypeIsAnErrorAtTheColumnsLine() {
        assertThat(errors("""
                ingest:
                  - name: sales
                    source: {path: "a.csv"}
                    columns:
                      - {name: id, type: bigint}
                      - {name: price, type: "decimal(12,2"}
                      - {name: sold, type: datetime}
                """)).containsExactly(
                "models/bronze/bronze.yml:6:9: error: column 'price': type 'decimal(12,2': expected ')' at the end");
        assertThat(errors("""
                ingest:
                  - name: sales
                    source: {path: "a.csv"}
                    columns:
                      - {name: sold, type: datetime}
                """)).singleElement().asString().startsWith(
                "models/bronze/bronze.yml:5:9: error: column 'sold': type 'datetime': unknown type 'datetime'; use boolean, int");
    }

    @Test
    void badModeFormatRejectLimitAndKeysAreErrorsWithLines() {
        assertThat(errors("ingest:\n  - name: s\n    source: {path: a.csv}\n    mode: upsert\n"))
                .containsExactly("models/bronze/bronze.yml:4:5: error: mode of ingest asset 's' must be 'append' (new files only) or 'replace'");
        assertThat(errors("ingest:\n  - name: s\n    source: {path: a.txt}\n"))
                .containsExactly("models/bronze/bronze.yml:3:13: error: format 'txt' of ingest asset 's' is not csv, json, jsonl or parquet");
        assertThat(errors("ingest:\n  - name: s\n    source: {path: a.csv}\n    max_rejects: lots\n")).singleElement().asString()
                .startsWith("models/bronze/bronze.yml:4:5: error: max_rejects of ingest asset 's' must be a count (10) or a percentage");
        assertThat(errors("ingest:\n  - name: s\n    source: {path: a.csv}\n    colums: []\n")).singleElement().asString()
                .startsWith("models/bronze/bronze.yml:4:5: error: ingest asset 's': unknown key 'colums'");
        assertThat(errors("ingest:\n  - name: s\n    source: {path: a.csv, delimiter: ';;'}\n"))
                .containsExactly("models/bronze/bronze.yml:3:27: error: delimiter of ingest asset 's' must be one character, not ';;'");
        assertThat(errors("ingest:\n  - name: s\n")).containsExactly(
                "models/bronze/bronze.yml:2:5: error: ingest asset 's' needs 'source: {path: …, format: …}'");
        assertThat(errors("ingest:\n  - name: s\n    source: {path: a.csv}\n    columns: [{name: id, type: int}]\n    partition_by: [day(ts)]\n"))
                .containsExactly("models/bronze/bronze.yml:5:5: error: partition_by 'day(ts)' names column 'ts', which ingest asset 's' does not declare");
    }

    @Test
    void anIngestAssetAndAModelWithTheSameNameAreAnError() {
        assertThatThrownBy(() -> compile("ingest:\n  - name: sales\n    source: {path: a.csv}\n", "sales", "select 1"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("models/bronze/bronze.yml:2:5: error: asset 'sales' has the same name as the asset defined at models/silver/sales.sql");
    }

    @Test
    void everyEntryWithAnErrorIsReported() {
        assertThat(errors("ingest:\n  - name: a\n    source: {path: a.csv}\n    mode: x\n  - name: b\n    source: {path: b.csv}\n    mode: y\n"))
                .hasSize(2);
    }

    @Test
    void anIngestAssetDeclaredInJavaJoinsTheGraphOfItsProjectWithItsLayerChecksAndLineParser() throws Exception {
        CompiledProject project = compile(SALES, "meters", "select * from {{ ref('meter_log') }}");

        Asset meters = project.graph().require(AssetKey.of("meter_log"));
        assertThat(meters.kind()).isEqualTo(AssetKind.INGEST);
        assertThat(meters.relation().orElseThrow().render()).isEqualTo("raw.meter_log");
        assertThat(meters.location().file()).isEqualTo("io/strata/ingestion/MobilityTestAssets.java");
        assertThat(meters.tags()).containsExactly("meters");
        assertThat(meters.checks()).extracting(check -> check.test()).containsExactly("not_null", "unique");
        IngestDeclaration declaration = (IngestDeclaration) project.declarations().get(meters.key());
        assertThat(declaration.source().format()).isEqualTo(IngestDeclaration.Format.LINES);
        assertThat(declaration.maxRejects().count()).isEqualTo(2);
        assertThat(declaration.parser().orElseThrow().parse("id = M-7")).containsEntry("meter", "M-7");
        assertThatThrownBy(() -> declaration.parser().orElseThrow().parse("garbage")).hasMessage("no key=value pairs");
    }

    @Test
    void anotherProjectDoesNotSeeThatJavaAsset() throws Exception {
        CompiledProject project = compile(SALES);
        Files.writeString(root.resolve("strata.yml"), "name: another\n");
        try (Compiler compiler = new Compiler(root, CompileOptions.defaults(), List.of(new IngestDeclarationReader()), List.of())) {
            assertThat(compiler.compile().graph().asset(AssetKey.of("meter_log"))).isEmpty();
        }
        assertThat(project.graph().asset(AssetKey.of("meter_log"))).isPresent();
    }

    @Test
    void formatLinesInYamlIsAnErrorBecauseOnlyJavaHasALineParser() {
        assertThat(errors("""
                version: 2
                ingest:
                  - name: raw_lines
                    source: {path: "data/*.txt", format: lines}
                """)).singleElement().asString().startsWith("models/bronze/bronze.yml:4").contains("needs a line parser");
    }
}
