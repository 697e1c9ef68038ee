package io.strata.engine.dremio;

import io.strata.api.AssetKey;
import io.strata.engine.Failure;
import io.strata.engine.Materialized;
import io.strata.engine.SeedData;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import io.strata.lake.LakeEndpoints;
import io.strata.partition.PartitionsDefinition;
import io.strata.project.Location;
import io.strata.project.Materialization;
import io.strata.project.ModelConfig;
import io.strata.project.Relation;
import org.apache.arrow.flight.CallStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * The Dremio engine through the real Arrow Flight SQL JDBC driver, against a Flight SQL server in the test that
 * answers as Dremio does ({@link DremioFlightServer}). It proves what the engine sends, in which order, how it reads
 * Dremio-shaped answers and how it classifies Flight errors; not that a real Dremio accepts the statements.
 */
class DremioEngineWireTest {
    private static final String BRANCH = "run-42";
    private static final Relation RAW = new Relation("bronze", "raw_sessions");
    private static final Relation SESSIONS = new Relation("silver", "charging_sessions");
    private static final String SQL = "select session_id, kwh from bronze.raw_sessions where kwh > 0";
    private static final String ON_BRANCH = "select session_id, kwh from nessie.bronze.raw_sessions AT BRANCH \"run-42\" where kwh > 0";

    /** The query an increment reads the target's columns with, to compare them with the new rows'. */
    private static final String TARGET_COLUMNS = "SELECT * FROM (\nSELECT * FROM nessie.silver.charging_sessions AT BRANCH \"run-42\"\n) AS strata_columns LIMIT 0";

    private DremioFlightServer server;
    private MemoryBranchCatalog catalog;
    private DremioEngine engine;

    @BeforeEach
    void start() throws Exception {
        server = new DremioFlightServer();
        catalog = new MemoryBranchCatalog().with(BRANCH, RAW, BranchCatalog.Kind.TABLE);
        engine = engine(new DremioSettings(URI.create("grpc://127.0.0.1:" + server.port()), DremioFlightServer.USER, DremioFlightServer.PASSWORD,
                false, "nessie"));
    }

    private DremioEngine engine(DremioSettings settings) {
        LakeEndpoints endpoints = new LakeEndpoints(URI.create("http://127.0.0.1:1"), settings.address(), URI.create("http://127.0.0.1:2"),
                "key", "secret", settings.user(), Optional.empty());
        return new DremioEngine(settings, endpoints, catalog);
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
        server.close();
    }

    private static Asset model(Materialization materialization, Map<String, Object> config) {
        return Asset.builder().key(AssetKey.of("charging_sessions")).kind(AssetKind.MODEL).materialization(materialization)
                .location(Location.of("models/silver/charging_sessions.sql")).relation(SESSIONS).config(new ModelConfig(config)).sql(SQL).build();
    }

    @Test
    void aTableBuildReplacesTheTableOnTheBranchAndCountsItsRecords() throws SQLException {
        catalog.with(BRANCH, SESSIONS, BranchCatalog.Kind.TABLE);

        Materialized built = engine.materialize(BRANCH, model(Materialization.TABLE, Map.of()), false);

        List<String> expected = List.of(
                "DROP TABLE IF EXISTS nessie.silver.charging_sessions AT BRANCH \"run-42\"",
                "CREATE TABLE nessie.silver.charging_sessions AT BRANCH \"run-42\" AS\n" + ON_BRANCH);
        assertThat(server.statements()).isEqualTo(expected);
        assertThat(built.statements()).isEqualTo(expected);
        assertThat(built.rows()).as("the Records column of the CTAS answer").isEqualTo(OptionalLong.of(3));
        assertThat(catalog.schemasMade()).containsExactly("run-42/silver");
        assertThat(server.logins()).contains("password strata");
    }

    @Test
    void aViewBuildIsOneCreateOrReplaceWhoseBodyFollowsTheBranch() throws SQLException {
        Materialized built = engine.materialize(BRANCH, model(Materialization.VIEW, Map.of()), false);

        assertThat(server.statements()).containsExactly("CREATE OR REPLACE VIEW nessie.silver.charging_sessions AT BRANCH \"run-42\" AS\n"
                + "select session_id, kwh from nessie.bronze.raw_sessions where kwh > 0");
        assertThat(built.rows()).as("a view writes no rows").isEmpty();
    }

    @Test
    void anIncrementMergesTheNewRowsByTheirKey() throws SQLException {
        catalog.with(BRANCH, SESSIONS, BranchCatalog.Kind.TABLE);

        engine.materialize(BRANCH, model(Materialization.INCREMENTAL, Map.of("unique_key", "session_id", "incremental_strategy", "merge")), false);

        assertThat(server.statements()).containsExactly(
                "SELECT * FROM (\n" + ON_BRANCH + "\n) AS strata_columns LIMIT 0",
                TARGET_COLUMNS,
                "MERGE INTO nessie.silver.charging_sessions AT BRANCH \"run-42\" AS strata_target\nUSING (\n" + ON_BRANCH + "\n) AS strata_new\n"
                        + "ON (strata_target.session_id = strata_new.session_id)\nWHEN MATCHED THEN UPDATE SET kwh = strata_new.kwh\n"
                        + "WHEN NOT MATCHED THEN INSERT (session_id, kwh) VALUES (strata_new.session_id, strata_new.kwh)");
    }

    @Test
    void anIncrementAddsTheNewRowsNewColumnsToTheTableOnTheBranchWhenAskedTo() throws SQLException {
        catalog.with(BRANCH, SESSIONS, BranchCatalog.Kind.TABLE);
        server.answer(sql -> sql.equals(TARGET_COLUMNS) ? new DremioFlightServer.Answer.Rows(List.of("session_id"), List.of())
                : DremioFlightServer.dremioDefault(sql));

        engine.materialize(BRANCH, model(Materialization.INCREMENTAL, Map.of("on_schema_change", "append_new_columns")), false);

        assertThat(server.statements()).containsExactly(
                "SELECT * FROM (\n" + ON_BRANCH + "\n) AS strata_columns LIMIT 0",
                TARGET_COLUMNS,
                "ALTER TABLE nessie.silver.charging_sessions AT BRANCH \"run-42\" ADD COLUMNS (kwh VARCHAR)",
                "INSERT INTO nessie.silver.charging_sessions AT BRANCH \"run-42\" (session_id, kwh)\nSELECT session_id, kwh FROM (\n" + ON_BRANCH
                        + "\n) AS strata_new");
    }

    @Test
    void anIncrementIgnoringSchemaChangesWritesOnlyTheColumnsTheTableHas() throws SQLException {
        catalog.with(BRANCH, SESSIONS, BranchCatalog.Kind.TABLE);
        server.answer(sql -> sql.equals(TARGET_COLUMNS) ? new DremioFlightServer.Answer.Rows(List.of("session_id", "station"), List.of())
                : DremioFlightServer.dremioDefault(sql));

        engine.materialize(BRANCH, model(Materialization.INCREMENTAL, Map.of()), false);

        assertThat(server.statements()).last().isEqualTo("INSERT INTO nessie.silver.charging_sessions AT BRANCH \"run-42\" (session_id)\n"
                + "SELECT session_id FROM (\n" + ON_BRANCH + "\n) AS strata_new");
    }

    @Test
    void aSeedIsATableThenBatchesOfValues() throws SQLException {
        Relation stations = new Relation("seeds", "stations");
        Asset seed = Asset.builder().key(AssetKey.of("stations")).kind(AssetKind.SEED).materialization(Materialization.SEED)
                .location(Location.of("seeds/stations.csv")).relation(stations).build();

        Materialized loaded = engine.loadSeed(BRANCH, seed, new SeedData(List.of("id", "city"), List.of("bigint", "varchar"),
                List.of(List.of("1", "Berlin"), List.of("2", ""))));

        assertThat(server.statements()).containsExactly(
                "CREATE TABLE nessie.seeds.stations (id BIGINT, city VARCHAR) AT BRANCH \"run-42\"",
                "INSERT INTO nessie.seeds.stations AT BRANCH \"run-42\" VALUES (CAST('1' AS BIGINT), 'Berlin'), (CAST('2' AS BIGINT), NULL)");
        assertThat(loaded.rows()).isEqualTo(OptionalLong.of(2));
    }

    @Test
    void aConnectionOnTheBranchQualifiesWhatItIsSent() throws SQLException {
        server.answer(sql -> new DremioFlightServer.Answer.Rows(List.of("failures"), List.of(List.of("0"))));

        try (Connection connection = engine.connect(BRANCH); Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM (\nSELECT * FROM bronze.raw_sessions AS tested WHERE kwh IS NULL\n) AS failures")) {
            assertThat(count.next()).isTrue();
            assertThat(count.getString(1)).isEqualTo("0");
        }

        assertThat(server.statements()).containsExactly(
                "SELECT count(*) FROM (\nSELECT * FROM nessie.bronze.raw_sessions AT BRANCH \"run-42\" AS tested WHERE kwh IS NULL\n) AS failures");
    }

    @Test
    void strataQueryCanSetTheSessionSchemaAsItDoesOnTrino() throws SQLException {
        try (Connection connection = engine.connect(BRANCH); Statement statement = connection.createStatement()) {
            connection.setSchema("analytics");
            statement.setMaxRows(11);
            try (ResultSet rows = statement.executeQuery("select * from bronze.raw_sessions")) {
                assertThat(rows.getMetaData().getColumnCount()).isPositive();
            }
        }

        assertThat(server.statements()).containsExactly("select * from nessie.bronze.raw_sessions AT BRANCH \"run-42\"");
    }

    @Test
    void aPersonalAccessTokenLogsIn() throws SQLException {
        try (DremioEngine withToken = engine(new DremioSettings(URI.create("grpc://127.0.0.1:" + server.port()), "ignored",
                DremioFlightServer.TOKEN, true, "nessie"))) {
            withToken.materialize(BRANCH, model(Materialization.VIEW, Map.of()), false);
        }

        assertThat(server.logins()).isNotEmpty().allMatch("token"::equals);
        assertThat(server.statements()).hasSize(1);
    }

    private static final Relation RAW_SALES = new Relation("bronze", "raw_sales");
    private static final Relation SALES = new Relation("silver", "sales");
    private static final String STAGED = "nessie.silver.sales__strata_partition AT BRANCH \"run-42\"";
    private static final String QUARTER = "\"sale_date\" >= DATE '2025-01-01' AND \"sale_date\" < DATE '2025-04-01'";

    private static Asset monthlySales() {
        return Asset.builder().key(AssetKey.of("sales")).kind(AssetKind.MODEL).materialization(Materialization.TABLE)
                .location(Location.of("models/silver/sales.sql")).relation(SALES)
                .config(new ModelConfig(Map.of("partitioned_by", Map.of("granularity", "month", "start", "2025-01-01", "column", "sale_date"))))
                .sql("select sale_date, region, price_eur from bronze.raw_sales").build();
    }

    /** Builds January to March as the run does: the SQL rendered for the quarter, the condition from the model's partitions. */
    private Materialized buildFirstQuarter() throws SQLException {
        Asset sales = monthlySales();
        PartitionsDefinition partitions = PartitionsDefinition.of(sales).orElseThrow();
        return engine.replacePartitions(BRANCH, sales, "select sale_date, region, price_eur from bronze.raw_sales"
                + " where sale_date >= date '2025-01-01' and sale_date < date '2025-04-01'",
                partitions.condition(partitions.partition("2025-01-01"), partitions.partition("2025-03-01")), false);
    }

    private void answerColumnsOfSales() {
        server.answer(sql -> sql.endsWith("LIMIT 0") ? new DremioFlightServer.Answer.Rows(List.of("sale_date", "region", "price_eur"), List.of())
                : DremioFlightServer.dremioDefault(sql));
    }

    @Test
    void aPartitionBuildStagesTheWindowCountsStrayRowsThenDeletesAndInsertsItOnTheBranch() throws SQLException {
        catalog.with(BRANCH, RAW_SALES, BranchCatalog.Kind.TABLE).with(BRANCH, SALES, BranchCatalog.Kind.TABLE);
        answerColumnsOfSales();

        Materialized built = buildFirstQuarter();

        String insert = "INSERT INTO nessie.silver.sales AT BRANCH \"run-42\" (sale_date, region, price_eur)\n"
                + "SELECT sale_date, region, price_eur FROM (\nSELECT * FROM " + STAGED + "\n) AS strata_new";
        assertThat(server.statements()).containsExactly(
                "DROP TABLE IF EXISTS " + STAGED,
                "CREATE TABLE " + STAGED + " AS\nselect sale_date, region, price_eur from nessie.bronze.raw_sales AT BRANCH \"run-42\""
                        + " where sale_date >= date '2025-01-01' and sale_date < date '2025-04-01'",
                "SELECT count(*) FROM " + STAGED + " WHERE (" + QUARTER + ") IS NOT TRUE",
                "SELECT * FROM (\nSELECT * FROM " + STAGED + "\n) AS strata_columns LIMIT 0",
                "DELETE FROM nessie.silver.sales AT BRANCH \"run-42\" WHERE " + QUARTER,
                insert,
                "DROP TABLE IF EXISTS " + STAGED);
        assertThat(built.statements()).as("what the build reports, its columns query aside")
                .containsSubsequence("SELECT count(*) FROM " + STAGED + " WHERE (" + QUARTER + ") IS NOT TRUE", insert)
                .noneMatch(statement -> statement.endsWith("LIMIT 0"));
        assertThat(built.rows()).as("the Records column of the INSERT answer").isEqualTo(OptionalLong.of(3));
        assertThat(catalog.schemasMade()).containsExactly("run-42/silver");
    }

    @Test
    void aPartitionBuildOfATableNotYetOnTheBranchCreatesItFromTheStagedRows() throws SQLException {
        catalog.with(BRANCH, RAW_SALES, BranchCatalog.Kind.TABLE);

        Materialized built = buildFirstQuarter();

        assertThat(server.statements()).hasSize(5).endsWith(
                "CREATE TABLE nessie.silver.sales AT BRANCH \"run-42\" AS\nSELECT * FROM " + STAGED,
                "DROP TABLE IF EXISTS " + STAGED);
        assertThat(server.statements()).noneMatch(statement -> statement.startsWith("DELETE") || statement.startsWith("INSERT"));
        assertThat(built.rows()).isEqualTo(OptionalLong.of(3));
    }

    @Test
    void aRowOutsideTheWindowFailsThePartitionBuildWithNothingWritten() {
        catalog.with(BRANCH, RAW_SALES, BranchCatalog.Kind.TABLE).with(BRANCH, SALES, BranchCatalog.Kind.TABLE);
        server.answer(sql -> sql.startsWith("SELECT count(*)") ? new DremioFlightServer.Answer.Count(2) : DremioFlightServer.dremioDefault(sql));

        SQLException error = catchThrowableOfType(SQLException.class, this::buildFirstQuarter);

        assertThat(error.getMessage()).contains("its SQL gave 2 rows outside the partitions built (" + QUARTER + ")")
                .endsWith("nothing was written");
        assertThat(engine.classify(error)).as("the same SQL gives the same rows: not tried again").isEqualTo(Failure.PERMANENT);
        assertThat(server.statements()).as("nothing written to silver.sales; the staged rows dropped")
                .noneMatch(statement -> statement.contains("nessie.silver.sales AT BRANCH"))
                .last().isEqualTo("DROP TABLE IF EXISTS " + STAGED);
    }

    @Test
    void partitionFingerprintsAreKeptWithTheTableOnItsBranch() {
        catalog.with(BRANCH, SALES, BranchCatalog.Kind.TABLE).with("main", SALES, BranchCatalog.Kind.TABLE);

        engine.recordPartitions(BRANCH, SALES, Map.of("2025-01-01", "january", "2025-02-01", "february"));
        engine.recordPartitions(BRANCH, SALES, Map.of("2025-02-01", "february rebuilt"));
        engine.recordPartitions(BRANCH, RAW_SALES, Map.of("2025-01-01", "no table there"));

        assertThat(engine.partitionFingerprints(BRANCH, SALES)).containsExactly(entry("2025-01-01", "january"), entry("2025-02-01", "february rebuilt"));
        assertThat(engine.partitionFingerprints("main", SALES)).as("main sees them only after the merge").isEmpty();
        assertThat(engine.partitionFingerprints(BRANCH, RAW_SALES)).isEmpty();
        assertThat(server.statements()).as("kept in the catalog, not asked of Dremio").isEmpty();
    }

    @Test
    void aBusyOrStartingDremioIsTransient() {
        server.answer(sql -> new DremioFlightServer.Answer.Failure(CallStatus.UNAVAILABLE.withDescription("No executors are available")));
        SQLException unavailable = catchThrowableOfType(SQLException.class, () -> engine.materialize(BRANCH, model(Materialization.VIEW, Map.of()), false));

        server.answer(sql -> new DremioFlightServer.Answer.Failure(CallStatus.RESOURCE_EXHAUSTED.withDescription("Query queue is full")));
        SQLException exhausted = catchThrowableOfType(SQLException.class, () -> engine.materialize(BRANCH, model(Materialization.VIEW, Map.of()), false));

        assertThat(engine.classify(unavailable)).as(String.valueOf(unavailable)).isEqualTo(Failure.TRANSIENT);
        assertThat(engine.classify(exhausted)).as(String.valueOf(exhausted)).isEqualTo(Failure.TRANSIENT);
    }

    @Test
    void aSyntaxErrorIsPermanentAndSaysWhatDremioSaid() {
        server.answer(sql -> new DremioFlightServer.Answer.Failure(
                CallStatus.INVALID_ARGUMENT.withDescription("PARSE ERROR: Failure parsing the query. Encountered \"AT\" at line 1, column 52.")));

        SQLException error = catchThrowableOfType(SQLException.class, () -> engine.materialize(BRANCH, model(Materialization.VIEW, Map.of()), false));

        assertThat(engine.classify(error)).isEqualTo(Failure.PERMANENT);
        assertThat(error.getMessage()).contains("PARSE ERROR");
    }

    @Test
    void nothingListeningIsTransientAndUnreachable() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (DremioEngine nowhere = engine(new DremioSettings(URI.create("grpc://127.0.0.1:" + closed), "strata", "pw", false, "nessie"))) {
            SQLException refused = catchThrowableOfType(SQLException.class, () -> nowhere.materialize(BRANCH, model(Materialization.VIEW, Map.of()), false));

            assertThat(nowhere.classify(refused)).as(String.valueOf(refused)).isEqualTo(Failure.TRANSIENT);
            assertThat(nowhere.reachable()).isFalse();
        }
        assertThat(engine.reachable()).isTrue();
    }
}
