package io.strata.engine.dremio;

import io.strata.api.AssetKey;
import io.strata.engine.Failure;
import io.strata.engine.Materialized;
import io.strata.engine.SeedData;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import io.strata.lake.LakeEndpoints;
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
                "MERGE INTO nessie.silver.charging_sessions AT BRANCH \"run-42\" AS strata_target\nUSING (\n" + ON_BRANCH + "\n) AS strata_new\n"
                        + "ON (strata_target.session_id = strata_new.session_id)\nWHEN MATCHED THEN UPDATE SET kwh = strata_new.kwh\n"
                        + "WHEN NOT MATCHED THEN INSERT (session_id, kwh) VALUES (strata_new.session_id, strata_new.kwh)");
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
