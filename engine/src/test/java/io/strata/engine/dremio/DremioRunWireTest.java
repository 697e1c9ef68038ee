package io.strata.engine.dremio;

import io.strata.api.AssetKey;
import io.strata.branch.MemoryBranches;
import io.strata.check.CheckOutcome;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.lake.LakeEndpoints;
import io.strata.project.Relation;
import io.strata.run.AssetRun;
import io.strata.run.RetryPolicy;
import io.strata.run.RunListener;
import io.strata.run.RunRequest;
import io.strata.run.RunResult;
import io.strata.run.Runner;
import io.strata.select.Selector;
import org.apache.arrow.flight.CallStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole runs of a small project on the Dremio engine: the real Runner, the real Flight SQL JDBC driver and a Flight
 * SQL server in the test answering as Dremio does ({@link DremioFlightServer}). Branches are kept in memory
 * ({@link MemoryBranches}): what this proves is the statements a run sends and what the run decides from Dremio's
 * answers, not Nessie's merge (that path is the same as Trino's and is tested on the real Nessie).
 */
class DremioRunWireTest {
    private static final Relation RAW = new Relation("raw", "sessions");
    private static final Relation SESSIONS = new Relation("silver", "sessions");
    private static final Relation DAILY = new Relation("gold", "daily_energy");
    private static final Relation SALES = new Relation("silver", "sales");

    @TempDir
    Path root;

    private DremioFlightServer server;
    private DremioEngine engine;
    private MemoryBranches branches;
    private MemoryBranchCatalog catalog;

    @BeforeEach
    void start() throws Exception {
        server = new DremioFlightServer();
        // The run's branch holds the source and, for the checks to run, the relations the run builds.
        catalog = new MemoryBranchCatalog().everywhere(RAW, BranchCatalog.Kind.TABLE)
                .everywhere(SESSIONS, BranchCatalog.Kind.TABLE).everywhere(DAILY, BranchCatalog.Kind.VIEW).everywhere(SALES, BranchCatalog.Kind.TABLE);
        DremioSettings settings = new DremioSettings(URI.create("grpc://127.0.0.1:" + server.port()), DremioFlightServer.USER,
                DremioFlightServer.PASSWORD, false, "nessie");
        // No Nessie behind these endpoints: fingerprints cannot be read, so every asset is built.
        LakeEndpoints endpoints = new LakeEndpoints(URI.create("http://127.0.0.1:1"), settings.address(), URI.create("http://127.0.0.1:2"),
                "key", "secret", "strata", Optional.empty());
        engine = new DremioEngine(settings, endpoints, catalog);
        branches = new MemoryBranches();
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
        server.close();
    }

    private RunResult run() {
        TestProject project = TestProject.in(root)
                .file("models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables: [{name: sessions}]\n")
                .file("models/silver/sessions.sql", "{{ config(materialized='table', schema='silver') }}\n"
                        + "select session_id, kwh from {{ source('raw', 'sessions') }} where kwh > 0")
                .file("models/gold/daily_energy.sql", "{{ config(materialized='view', schema='gold') }}\n"
                        + "select sum(kwh) as kwh from {{ ref('sessions') }}")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: sessions
                            columns:
                              - name: session_id
                                tests: [not_null]
                        """);
        try (Compiler compiler = project.compiler()) {
            return new Runner(compiler, engine, branches, Optional.empty()).run(RunRequest.builder(Selector.all()).threads(1)
                    .retries(new RetryPolicy(3, Duration.ofMillis(1))).build(), new RunListener() {
            });
        }
    }

    @Test
    void aRunBuildsEachModelOnItsBranchChecksItThereAndMerges() {
        RunResult result = run();

        String at = "AT BRANCH \"" + result.branch() + "\"";
        assertThat(result.outcome()).as(String.valueOf(result)).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(result.branch()).startsWith("run-");
        assertThat(server.statements()).containsSubsequence(
                "DROP TABLE IF EXISTS nessie.silver.sessions " + at,
                // The model's config() line renders empty, hence the blank line.
                "CREATE TABLE nessie.silver.sessions " + at + " AS\n\n"
                        + "select session_id, kwh from nessie.raw.sessions " + at + " where kwh > 0",
                "CREATE OR REPLACE VIEW nessie.gold.daily_energy " + at + " AS\n\nselect sum(kwh) as kwh from nessie.silver.sessions");
        assertThat(server.statements()).anySatisfy(statement -> assertThat(statement)
                .startsWith("SELECT count(*) FROM (\nSELECT * FROM nessie.silver.sessions " + at + " AS tested WHERE session_id IS NULL"));
        assertThat(server.statements()).as("nothing reads or writes another branch")
                .allSatisfy(statement -> assertThat(statement.replace(at, "")).doesNotContain("AT BRANCH"));
        assertThat(branches.main().hash()).as("merged into main").isNotEqualTo("0");
    }

    @Test
    void aFailingCheckKeepsTheBranchAndMainUntouched() {
        server.answer(sql -> sql.startsWith("SELECT count(*)") ? new DremioFlightServer.Answer.Count(2)
                : sql.startsWith("SELECT * FROM (") ? new DremioFlightServer.Answer.Rows(List.of("session_id", "kwh"), List.of(List.of("", "1.5")))
                : DremioFlightServer.dremioDefault(sql));

        RunResult result = run();

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(asset(result, "sessions").checks()).singleElement().satisfies(check -> {
            assertThat(check.outcome()).isEqualTo(CheckOutcome.FAIL);
            assertThat(check.failures()).isEqualTo(2);
        });
        assertThat(branches.main().hash()).as("main untouched").isEqualTo("0");
        assertThat(branches.find(result.branch())).as("the branch is kept for review").isPresent();
    }

    @Test
    void aBusyDremioIsAskedAgainAndTheRunSucceeds() {
        AtomicInteger creates = new AtomicInteger();
        server.answer(sql -> sql.startsWith("CREATE TABLE") && creates.incrementAndGet() == 1
                ? new DremioFlightServer.Answer.Failure(CallStatus.RESOURCE_EXHAUSTED.withDescription("Query was cancelled because it exceeded the queue limit"))
                : DremioFlightServer.dremioDefault(sql));

        RunResult result = run();

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(asset(result, "sessions").attempts()).isEqualTo(2);
        assertThat(server.statements()).filteredOn(statement -> statement.startsWith("CREATE TABLE nessie.silver.sessions")).hasSize(2);
    }

    /** A model partitioned by month, January to March 2025 (its rows in the SQL: it reads nothing, so its fingerprints are known). */
    private RunResult runPartitioned() {
        TestProject project = TestProject.in(root)
                .file("models/silver/sales.sql", """
                        {{ config(materialized='table', schema='silver',
                                  partitioned_by={'granularity': 'month', 'start': '2025-01-01', 'end': '2025-04-01', 'column': 'sale_date'}) }}
                        select sale_date, region from (values (date '2025-01-15', 'north'), (date '2025-03-02', 'south')) as t(sale_date, region)
                        where sale_date >= date '{{ partition.start }}' and sale_date < date '{{ partition.end }}'""");
        try (Compiler compiler = project.compiler()) {
            return new Runner(compiler, engine, branches, Optional.empty()).run(RunRequest.builder(Selector.all()).threads(1)
                    .retries(new RetryPolicy(3, Duration.ofMillis(1))).build(), new RunListener() {
            });
        }
    }

    @Test
    void aPartitionedModelBuildsItsMonthsAsOneRangeOnTheBranchAndRecordsThemThere() {
        server.answer(sql -> sql.endsWith("LIMIT 0") ? new DremioFlightServer.Answer.Rows(List.of("sale_date", "region"), List.of())
                : DremioFlightServer.dremioDefault(sql));

        RunResult result = runPartitioned();

        String at = "AT BRANCH \"" + result.branch() + "\"";
        String staged = "nessie.silver.sales__strata_partition " + at;
        String quarter = "\"sale_date\" >= DATE '2025-01-01' AND \"sale_date\" < DATE '2025-04-01'";
        assertThat(result.outcome()).as(String.valueOf(result)).isEqualTo(RunResult.Outcome.MERGED);
        // Every month of the model is built: the table is made again from them (a build of some months deletes and inserts them).
        assertThat(server.statements()).as("one build for the three months").containsSubsequence(
                "DROP TABLE IF EXISTS " + staged,
                "SELECT count(*) FROM " + staged + " WHERE (" + quarter + ") IS NOT TRUE",
                "DROP TABLE IF EXISTS nessie.silver.sales " + at,
                "CREATE TABLE nessie.silver.sales " + at + " AS\nSELECT * FROM " + staged,
                "DROP TABLE IF EXISTS " + staged);
        assertThat(server.statements()).filteredOn(statement -> statement.startsWith("CREATE TABLE " + staged)).singleElement()
                .asString().contains("where sale_date >= date '2025-01-01' and sale_date < date '2025-04-01'");
        assertThat(catalog.partitionFingerprints(result.branch(), SALES)).as("recorded on the run's branch, merged with the data")
                .containsOnlyKeys("2025-01-01", "2025-02-01", "2025-03-01");
        assertThat(asset(result, "sales").details()).containsEntry("partitions_built", 3L);
    }

    @Test
    void aPartitionedModelWhoseRowsLeaveTheWindowFailsWithNothingWrittenOrRecorded() {
        server.answer(sql -> sql.startsWith("SELECT count(*) FROM nessie.silver.sales__strata_partition") ? new DremioFlightServer.Answer.Count(1)
                : DremioFlightServer.dremioDefault(sql));

        RunResult result = runPartitioned();

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(asset(result, "sales").error()).hasValueSatisfying(error -> assertThat(error)
                .contains("models/silver/sales.sql", "1 row outside the partitions built", "nothing was written"));
        assertThat(asset(result, "sales").attempts()).as("a permanent error: not tried again").isEqualTo(1);
        assertThat(server.statements()).noneMatch(statement -> statement.startsWith("DELETE") || statement.startsWith("INSERT"));
        assertThat(catalog.partitionFingerprints(result.branch(), SALES)).isEmpty();
        assertThat(branches.main().hash()).as("main untouched").isEqualTo("0");
    }

    private static AssetRun asset(RunResult result, String name) {
        return result.assets().stream().filter(run -> run.key().equals(AssetKey.of(name))).findFirst().orElseThrow();
    }
}
