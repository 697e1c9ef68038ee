package io.strata.ingestion;

import io.strata.api.AssetKey;
import io.strata.branch.Branches;
import io.strata.branch.NessieBranches;
import io.strata.check.CheckOutcome;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.trino.TrinoEngine;
import io.strata.run.AssetRun;
import io.strata.run.RunListener;
import io.strata.run.RunRequest;
import io.strata.run.RunResult;
import io.strata.run.Runner;
import io.strata.select.Selector;
import io.strata.lake.LakeEndpoints;
import io.strata.stack.testing.LocalStackExtension;
import io.strata.stack.testing.TestSql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Bronze ingest assets on the real stack: files → Iceberg on the run branch, merged only when the checks pass. */
@ExtendWith(LocalStackExtension.class)
class IngestIT {
    @TempDir
    Path root;

    private final String layer = "b_" + UUID.randomUUID().toString().substring(0, 8);

    private static final String SALES_HEADER = "sale_id,sale_date,price,region\n";

    private TestProject project(String ingestYaml) {
        return TestProject.in(root).with(new IngestDeclarationReader()).file("models/" + layer + "/ingest.yml", "version: 2\ningest:\n" + ingestYaml);
    }

    private static final String SALES = """
              - name: sales
                source: {path: "data/sales*.csv", format: csv, header: true}
                columns:
                  - {name: sale_id, type: bigint, tests: [not_null, unique]}
                  - {name: sale_date, type: date}
                  - {name: price, type: "decimal(12,2)"}
                  - {name: region, type: string}
                mode: append
                max_rejects: "%s"
            """;

    private RunResult run(TestProject project, LakeEndpoints endpoints, boolean fullRefresh) {
        try (Compiler compiler = project.compiler(); NessieBranches branches = new NessieBranches(endpoints.nessieApi())) {
            Runner runner = new Runner(compiler, new TrinoEngine(endpoints), branches, Optional.empty(), List.of(new IngestBuilder(endpoints)));
            return runner.run(RunRequest.builder(Selector.all()).threads(2).fullRefresh(fullRefresh).build(), RunListener.SILENT);
        }
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static AssetRun asset(RunResult result, String name) {
        return result.assets().stream().filter(run -> run.key().equals(AssetKey.of(name))).findFirst().orElseThrow();
    }

    private Connection main(LakeEndpoints endpoints) throws SQLException {
        return new TrinoEngine(endpoints).connect(Branches.MAIN);
    }

    @Test
    void csvRowsLandOnMainMalformedOnesInRejectsWithLinesAndTheCountsAddUp(LakeEndpoints endpoints) throws Exception {
        write("data/sales_01.csv", SALES_HEADER + "1,2026-01-05,100.50,north\n2,2026-13-40,200.00,south\n3,2026-01-07,abc,east\n4,2026-01-08,99.99\n5,2026-01-09,10,west\n");
        TestProject project = project(SALES.formatted("75%"));

        RunResult result = run(project, endpoints, false);

        assertThat(result.outcome()).as(result.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        AssetRun sales = asset(result, "sales");
        assertThat(sales.details()).containsEntry("rows_read", 5L).containsEntry("rows_written", 2L).containsEntry("rows_rejected", 3L);
        assertThat(sales.checks()).filteredOn(check -> check.name().equals("max_rejects_sales")).singleElement()
                .satisfies(check -> assertThat(check.outcome()).isEqualTo(CheckOutcome.WARN));
        assertThat(sales.checks()).filteredOn(check -> check.name().startsWith("unique")).singleElement()
                .satisfies(check -> assertThat(check.outcome()).isEqualTo(CheckOutcome.PASS));
        try (Connection main = main(endpoints)) {
            assertThat(TestSql.rows(main, "select sale_id, price, region, _source_file, _source_line from " + layer + ".sales order by sale_id"))
                    .containsExactly("1,100.50,north,data/sales_01.csv,2", "5,10.00,west,data/sales_01.csv,6");
            assertThat(TestSql.rows(main, "select _source_line, reason from " + layer + ".sales__rejects order by _source_line")).containsExactly(
                    "3,column sale_date: '2026-13-40' is not a date (yyyy-mm-dd)",
                    "4,column price: 'abc' is not a decimal(12, 2)",
                    "5,expected 4 fields, found 3");
            assertThat(TestSql.single(main, "select count(*) from " + layer + ".sales__rejects where raw = '4,2026-01-08,99.99'")).isEqualTo(1);
        }
    }

    @Test
    void aDatabaseSourceIsReadByCursorAndOnlyAMergedRunMovesTheMark(LakeEndpoints endpoints) throws Exception {
        String url = io.strata.stack.testing.PostgresCluster.shared().createDatabase();
        try (Connection erp = java.sql.DriverManager.getConnection(url, io.strata.stack.testing.PostgresCluster.USER, "");
             var statement = erp.createStatement()) {
            statement.execute("create table supply_orders (id bigint, qty int, updated_at timestamp)");
            statement.execute("insert into supply_orders values (1, 10, '2026-01-01 08:00'), (2, 20, '2026-01-02 08:00')");
        }
        TestProject project = project("""
                  - name: orders
                    source:
                      jdbc: {url: "%s", user: strata, table: supply_orders}
                      cursor: updated_at
                    columns:
                      - {name: id, type: bigint, tests: [unique]}
                      - {name: qty, type: int}
                      - {name: updated_at, type: timestamp}
                """.formatted(url));

        RunResult first = run(project, endpoints, false);
        assertThat(first.outcome()).as(first.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(asset(first, "orders").details()).containsEntry("rows_read", 2L);
        Object firstMark = asset(first, "orders").details().get("cursor_to");
        assertThat(firstMark).isNotNull();

        // A row repeating id 1 fails the unique test: the run is kept, main and its mark stay as they were.
        try (Connection erp = java.sql.DriverManager.getConnection(url, io.strata.stack.testing.PostgresCluster.USER, "");
             var statement = erp.createStatement()) {
            statement.execute("insert into supply_orders values (3, 30, '2026-01-03 08:00'), (1, 11, '2026-01-04 08:00')");
        }
        RunResult kept = run(project, endpoints, false);
        assertThat(kept.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        try (Connection main = main(endpoints)) {
            assertThat(TestSql.single(main, "select count(*) from " + layer + ".orders")).isEqualTo(2);
        }

        try (Connection erp = java.sql.DriverManager.getConnection(url, io.strata.stack.testing.PostgresCluster.USER, "");
             var statement = erp.createStatement()) {
            statement.execute("delete from supply_orders where id = 1 and qty = 11");
        }
        RunResult fixed = run(project, endpoints, false);
        assertThat(fixed.outcome()).as(fixed.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(asset(fixed, "orders").details()).as("read from main's mark: row 3 alone")
                .containsEntry("rows_read", 1L).containsEntry("cursor_from", firstMark);
        try (Connection main = main(endpoints)) {
            assertThat(TestSql.rows(main, "select id, qty from " + layer + ".orders order by id")).containsExactly("1,10", "2,20", "3,30");
        }
    }

    @Test
    void aReRunIngestsOnlyNewFilesAndAChangedFileReplacesItsRows(LakeEndpoints endpoints) throws Exception {
        write("data/sales_01.csv", SALES_HEADER + "1,2026-01-05,100.50,north\n2,2026-01-06,200.00,south\n");
        TestProject project = project(SALES.formatted("0"));
        assertThat(run(project, endpoints, false).outcome()).isEqualTo(RunResult.Outcome.MERGED);

        write("data/sales_02.csv", SALES_HEADER + "3,2026-01-07,300.00,east\n");
        RunResult second = run(project, endpoints, false);
        assertThat(second.outcome()).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(asset(second, "sales").details()).containsEntry("files_read", 1L).containsEntry("files_skipped", 1L).containsEntry("rows_read", 1L);

        RunResult third = run(project, endpoints, false);
        assertThat(asset(third, "sales").details()).containsEntry("files_read", 0L).containsEntry("rows_read", 0L);

        Files.setLastModifiedTime(root.resolve("data/sales_02.csv"), java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(60)));
        RunResult touched = run(project, endpoints, false);
        assertThat(asset(touched, "sales").details()).as("a file touched but not changed (same SHA-256) is not read again")
                .containsEntry("files_read", 0L);

        write("data/sales_01.csv", SALES_HEADER + "1,2026-01-05,111.00,north\n");
        RunResult fourth = run(project, endpoints, false);
        assertThat(asset(fourth, "sales").details()).containsEntry("files_read", 1L).containsEntry("rows_written", 1L);
        try (Connection main = main(endpoints)) {
            assertThat(TestSql.rows(main, "select sale_id, price from " + layer + ".sales order by sale_id")).containsExactly("1,111.00", "3,300.00");
            assertThat(TestSql.single(main, "select count(*) from " + layer + ".sales__files")).isEqualTo(2);
        }
    }

    @Test
    void aFailingCheckLeavesMainWithoutTheNewRowsAndTheFilesAreReadAgainNextTime(LakeEndpoints endpoints) throws Exception {
        write("data/sales_01.csv", SALES_HEADER + "1,2026-01-05,100.50,north\n");
        TestProject project = project(SALES.formatted("0"));
        assertThat(run(project, endpoints, false).outcome()).isEqualTo(RunResult.Outcome.MERGED);

        write("data/sales_02.csv", SALES_HEADER + "2,2026-01-06,200.00,south\n3,not a date,1,x\n");
        RunResult failed = run(project, endpoints, false);
        assertThat(failed.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(asset(failed, "sales").checks()).filteredOn(check -> check.outcome() == CheckOutcome.FAIL)
                .extracting(check -> check.name()).containsExactly("max_rejects_sales");
        try (Connection main = main(endpoints)) {
            assertThat(TestSql.single(main, "select count(*) from " + layer + ".sales")).isEqualTo(1);
            assertThat(TestSql.single(main, "select count(*) from " + layer + ".sales__files")).isEqualTo(1);
        }

        write("data/sales_02.csv", SALES_HEADER + "2,2026-01-06,200.00,south\n3,2026-01-07,1,x\n");
        RunResult fixed = run(project, endpoints, false);
        assertThat(fixed.outcome()).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(asset(fixed, "sales").details()).containsEntry("files_read", 1L).containsEntry("rows_written", 2L);
    }

    @Test
    void nestedJsonAndJsonLinesBecomeStructsAndListsWithUnknownFieldsKeptInExtraAndTimesInUtc(LakeEndpoints endpoints) throws Exception {
        write("data/stations.json", """
                [
                  {"station_id": "BER-1", "location": {"lat": 52.52, "lon": 13.40, "city": "Berlin", "district": "Mitte"},
                   "capacity": 8, "opened_at": "2026-03-01 09:00:00", "tags": ["fast", "ccs"]},
                  {"station_id": "HAM-2", "location": {"lat": 53.55, "lon": 9.99, "city": "Hamburg"}, "capacity": 4,
                   "opened_at": "2026-03-02T10:00:00+02:00", "operator": "ChargeNet"}
                ]
                """);
        write("data/health.jsonl", """
                {"vehicle_id": "V1", "battery": 97.5, "maintenance": [{"date": "2026-01-02", "action": "tyres"}]}
                {"vehicle_id": "V2", "battery": 88}
                [1, 2]
                {not json
                """);
        TestProject project = project("""
                  - name: stations
                    source: {path: data/stations.json, format: json}
                    timezone: Europe/Berlin
                    columns:
                      - {name: station_id, type: string}
                      - {name: location, type: "struct<lat: double, lon: double, city: string>"}
                      - {name: capacity, type: int}
                      - {name: opened_at, type: timestamp with time zone}
                      - {name: tags, type: "array<string>"}
                  - name: health
                    source: {path: data/health.jsonl}
                    max_rejects: 2
                """);

        RunResult result = run(project, endpoints, false);

        assertThat(result.outcome()).as(result.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(asset(result, "health").details()).containsEntry("rows_read", 4L).containsEntry("rows_written", 2L).containsEntry("rows_rejected", 2L);
        try (Connection main = main(endpoints)) {
            assertThat(TestSql.rows(main, "select station_id, location.city, cardinality(tags), format_datetime(opened_at at time zone 'UTC',"
                    + " 'yyyy-MM-dd HH:mm'), _extra from " + layer + ".stations order by station_id")).containsExactly(
                    "BER-1,Berlin,2,2026-03-01 08:00,{\"location.district\":\"Mitte\"}",
                    "HAM-2,Hamburg,null,2026-03-02 08:00,{\"operator\":\"ChargeNet\"}");
            assertThat(TestSql.rows(main, "select vehicle_id, battery, cardinality(maintenance), maintenance[1].action from " + layer
                    + ".health order by vehicle_id")).as("columns inferred from the sample: battery double, maintenance array of struct")
                    .containsExactly("V1,97.5,1,tyres", "V2,88.0,null,null");
            assertThat(TestSql.rows(main, "select _source_line from " + layer + ".health__rejects order by 1")).containsExactly("3", "4");
        }
    }

    @Test
    void aTruncatedGzipOrJsonFileFailsItsAssetByNameAndNothingReachesMain(LakeEndpoints endpoints) throws Exception {
        byte[] csv = (SALES_HEADER + "1,2026-01-05,100.50,north\n".repeat(2000)).getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(zipped)) {
            out.write(csv);
        }
        byte[] whole = zipped.toByteArray();
        Files.createDirectories(root.resolve("data"));
        Files.write(root.resolve("data/sales_01.csv.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        write("data/events.json", "[{\"id\": 1}, {\"id\": 2}, {\"id\":");
        TestProject project = project(SALES.formatted("0").replace("data/sales*.csv", "data/sales*.csv.gz") + """
                  - name: events
                    source: {path: data/events.json}
                    columns: [{name: id, type: bigint}]
                """);

        RunResult result = run(project, endpoints, false);

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(asset(result, "sales").status()).isEqualTo(AssetRun.Status.FAILED);
        assertThat(asset(result, "sales").error().orElseThrow()).contains("data/sales_01.csv.gz").contains("truncated");
        assertThat(asset(result, "events").error().orElseThrow()).contains("data/events.json");
        try (Connection main = main(endpoints)) {
            assertThat(TestSql.single(main, "select count(*) from information_schema.tables where table_schema = '" + layer + "'")).isZero();
        }
    }

    @Test
    void aReplaceAssetIsPartitionedAndCompactedAndRebuiltFromTheFilesThereAre(LakeEndpoints endpoints) throws Exception {
        for (int hour = 0; hour < 4; hour++) {
            write("data/hourly_0" + hour + ".csv", SALES_HEADER + (hour * 10 + 1) + ",2026-01-1" + hour + ",1.00,north\n"
                    + (hour * 10 + 2) + ",2026-02-1" + hour + ",2.00,south\n");
        }
        TestProject project = project(SALES.formatted("0").replace("data/sales*.csv", "data/hourly_*.csv").replace("mode: append", """
                mode: replace
                    partition_by: ["month(sale_date)"]
                    compact: true"""));

        RunResult first = run(project, endpoints, false);

        assertThat(first.outcome()).as(first.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(asset(first, "sales").details()).containsEntry("rows_written", 8L).containsEntry("files_compacted", 8L);
        try (Connection main = main(endpoints)) {
            assertThat(TestSql.rows(main, "select month(sale_date), count(*) from " + layer + ".sales group by 1 order by 1"))
                    .containsExactly("1,4", "2,4");
            assertThat(TestSql.single(main, "select count(*) from " + layer + ".\"sales$files\""))
                    .as("four files of two months: eight small data files rewritten into one per month").isEqualTo(2);
        }

        Files.delete(root.resolve("data/hourly_03.csv"));
        RunResult second = run(project, endpoints, false);

        assertThat(asset(second, "sales").details()).as("a file is gone: replace reads every file there is").containsEntry("files_read", 3L);
        try (Connection main = main(endpoints)) {
            assertThat(TestSql.single(main, "select count(*) from " + layer + ".sales")).isEqualTo(6);
            assertThat(TestSql.single(main, "select count(*) from " + layer + ".sales where _source_file = 'data/hourly_03.csv'")).isZero();
        }

        RunResult third = run(project, endpoints, false);

        assertThat(asset(third, "sales").details()).as("the same files as last time: nothing to replace")
                .containsEntry("files_read", 0L).containsEntry("files_skipped", 3L);
        try (Connection main = main(endpoints)) {
            assertThat(TestSql.single(main, "select count(*) from " + layer + ".sales")).isEqualTo(6);
        }
    }

    /** A Parquet file as another tool writes it: its own field ids, its own column order, narrower types. */
    private void writeParquet(String path, int rows) throws IOException {
        org.apache.iceberg.Schema schema = new org.apache.iceberg.Schema(
                org.apache.iceberg.types.Types.NestedField.optional(7, "Amount", org.apache.iceberg.types.Types.IntegerType.get()),
                org.apache.iceberg.types.Types.NestedField.optional(3, "reading_id", org.apache.iceberg.types.Types.LongType.get()),
                org.apache.iceberg.types.Types.NestedField.optional(9, "taken_at", org.apache.iceberg.types.Types.TimestampType.withoutZone()),
                org.apache.iceberg.types.Types.NestedField.optional(1, "sensor", org.apache.iceberg.types.Types.StructType.of(
                        org.apache.iceberg.types.Types.NestedField.optional(11, "kind", org.apache.iceberg.types.Types.StringType.get()),
                        org.apache.iceberg.types.Types.NestedField.optional(12, "slot", org.apache.iceberg.types.Types.IntegerType.get()))));
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        try (org.apache.iceberg.io.FileAppender<org.apache.iceberg.data.Record> writer = org.apache.iceberg.parquet.Parquet
                .write(org.apache.iceberg.Files.localOutput(file.toFile())).schema(schema)
                .createWriterFunc(org.apache.iceberg.data.parquet.GenericParquetWriter::create).build()) {
            for (int i = 1; i <= rows; i++) {
                org.apache.iceberg.data.GenericRecord sensor = org.apache.iceberg.data.GenericRecord.create(schema.findType("sensor").asStructType());
                sensor.setField("kind", i % 2 == 0 ? "dc" : "ac");
                sensor.setField("slot", i);
                org.apache.iceberg.data.GenericRecord row = org.apache.iceberg.data.GenericRecord.create(schema);
                row.setField("Amount", i * 10);
                row.setField("reading_id", (long) i);
                row.setField("taken_at", java.time.LocalDateTime.of(2026, 3, 1, 12, 0).plusHours(i));
                row.setField("sensor", i == 3 ? null : sensor);
                writer.add(row);
            }
        }
    }

    @Test
    void parquetColumnsAreMatchedByNameWidenedToTheDeclaredTypesAndAWrongTypeFailsTheFile(LakeEndpoints endpoints) throws Exception {
        writeParquet("data/readings_1.parquet", 3);
        writeParquet("data/readings_2.parquet", 2);
        String declaration = """
                  - name: readings
                    source: {path: "data/readings_*.parquet", format: parquet}
                    timezone: Europe/Berlin
                    columns:
                      - {name: reading_id, type: bigint, tests: [not_null]}
                      - {name: amount, type: %s}
                      - {name: taken_at, type: timestamp with time zone}
                      - {name: sensor, type: "struct<kind: string, slot: int>"}
                      - {name: note, type: string}
                """;

        RunResult result = run(project(declaration.formatted("bigint")), endpoints, false);

        assertThat(result.outcome()).as(result.reason().orElse("") + result.assets()).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(asset(result, "readings").details()).containsEntry("rows_read", 5L).containsEntry("rows_written", 5L)
                .containsEntry("files_read", 2L);
        try (Connection main = main(endpoints)) {
            assertThat(TestSql.rows(main, "select reading_id, amount, format_datetime(taken_at at time zone 'UTC', 'yyyy-MM-dd HH:mm'), sensor.kind,"
                    + " sensor.slot, coalesce(note, '-'), _source_line from " + layer + ".readings where _source_file = 'data/readings_1.parquet' order by 1"))
                    .as("amount int -> bigint; a local time read in Europe/Berlin, stored in UTC; a column the file lacks is null")
                    .containsExactly("1,10,2026-03-01 12:00,ac,1,-,1", "2,20,2026-03-01 13:00,dc,2,-,2", "3,30,2026-03-01 14:00,null,null,-,3");
        }

        Files.delete(root.resolve("data/readings_2.parquet"));
        RunResult wrong = run(project(declaration.formatted("date").replace("name: readings", "name: readings_as_dates")), endpoints, false);

        assertThat(wrong.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(asset(wrong, "readings_as_dates").error()).hasValueSatisfying(error -> assertThat(error)
                .contains("data/readings_1.parquet").contains("column amount is int in the file, but declared date"));
    }

    @Test
    void s3SourcesAreListedByGlobInTheObjectStoreAndOnlyNewObjectsAreReadAgain(LakeEndpoints endpoints) throws Exception {
        String bucket = "landing-" + layer.replace('_', '-');
        writeParquet("local/readings.parquet", 2);
        try (var s3 = software.amazon.awssdk.services.s3.S3Client.builder().endpointOverride(endpoints.objectStore()).forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(endpoints.accessKey(), endpoints.secretKey()))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build()) {
            s3.createBucket(request -> request.bucket(bucket));
            java.util.function.BiConsumer<String, byte[]> put = (key, bytes) -> s3.putObject(request -> request.bucket(bucket).key(key),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
            put.accept("sales/2026/sales_01.csv", (SALES_HEADER + "1,2026-01-05,10.00,north\n2,2026-01-06,20.00,south\n").getBytes(StandardCharsets.UTF_8));
            put.accept("sales/2026/notes.txt", "not a sales file".getBytes(StandardCharsets.UTF_8));
            put.accept("meters/readings.parquet", Files.readAllBytes(root.resolve("local/readings.parquet")));
            TestProject project = project(SALES.formatted("0").replace("data/sales*.csv", "s3://" + bucket + "/sales/*/sales_*.csv") + """
                      - name: readings
                        source: {path: "s3://%s/meters/*.parquet"}
                        columns:
                          - {name: reading_id, type: bigint}
                          - {name: amount, type: bigint}
                    """.formatted(bucket));

            RunResult first = run(project, endpoints, false);

            assertThat(first.outcome()).as(first.reason().orElse("") + first.assets()).isEqualTo(RunResult.Outcome.MERGED);
            try (Connection main = main(endpoints)) {
                assertThat(TestSql.rows(main, "select sale_id, _source_file, _source_line from " + layer + ".sales order by 1"))
                        .containsExactly("1,s3://" + bucket + "/sales/2026/sales_01.csv,2", "2,s3://" + bucket + "/sales/2026/sales_01.csv,3");
                assertThat(TestSql.rows(main, "select reading_id, amount from " + layer + ".readings order by 1")).containsExactly("1,10", "2,20");
            }

            put.accept("sales/2026/sales_02.csv", (SALES_HEADER + "3,2026-02-01,30.00,east\n").getBytes(StandardCharsets.UTF_8));
            RunResult second = run(project, endpoints, false);

            assertThat(asset(second, "sales").details()).containsEntry("files_read", 1L).containsEntry("files_skipped", 1L).containsEntry("rows_read", 1L);
            try (Connection main = main(endpoints)) {
                assertThat(TestSql.single(main, "select count(*) from " + layer + ".sales")).isEqualTo(3);
            }
        }
    }
}
