package io.strata.run;

import io.strata.branch.MemoryBranches;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.InstantEngine;
import io.strata.engine.Materialized;
import io.strata.export.PendingExports;
import io.strata.graph.Asset;
import io.strata.select.Selector;
import io.strata.stack.testing.PostgresCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports happen after a run's merge and only then: a failed one leaves the run merged with a warning and is owed to
 * the next run. The engine is instant except that its main is a PostgreSQL database holding the models' tables.
 */
class ExportsInARunTest {
    private static final String PASSWORD = "s3cret-dash";

    @TempDir
    Path root;

    private String mainUrl;
    private String targetUrl;
    private final Map<String, String> environment = new HashMap<>();

    /** An instant engine whose main is a PostgreSQL database; a model named {@code broken} fails to build. */
    private final class MainInPostgres extends InstantEngine {
        @Override
        public Connection connect(String branch) {
            try {
                return DriverManager.getConnection(mainUrl, PostgresCluster.USER, "");
            }
            catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Materialized materialize(String branch, Asset model, boolean fullRefresh) throws SQLException {
            if (model.name().equals("broken")) {
                throw new SQLException("broken on purpose");
            }
            return super.materialize(branch, model, fullRefresh);
        }
    }

    @BeforeEach
    void databases() throws Exception {
        PostgresCluster cluster = PostgresCluster.shared();
        mainUrl = cluster.createDatabase();
        targetUrl = cluster.createDatabase();
        try (Connection main = DriverManager.getConnection(mainUrl, PostgresCluster.USER, ""); Statement statement = main.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + relationSchema());
            statement.execute("CREATE TABLE " + relationSchema() + ".orders AS SELECT i AS id, 'order ' || i AS label FROM generate_series(1, 4) i");
        }
        environment.put("DASH_URL", targetUrl);
        environment.put("DASH_PASSWORD", PASSWORD);
    }

    private String relationSchema() {
        return project("").compile().graph().require(io.strata.api.AssetKey.of("orders")).relation().orElseThrow().schema();
    }

    private TestProject project(String extraModel) {
        TestProject project = TestProject.in(root)
                .file("models/orders.sql", "select 1 as id")
                .file("models/other.sql", "select 2 as id")
                .file("models/orders.yml", """
                        models:
                          - name: orders
                            exports:
                              - jdbc: {url: "${DASH_URL}", user: strata, password: "${DASH_PASSWORD}"}
                                table: public.orders
                        """);
        return extraModel.isEmpty() ? project : project.file("models/broken.sql", "select * from {{ ref('orders') }}");
    }

    private Runner runner(Compiler compiler, RunStore store, AssetExports.Exporter... exporter) {
        MainInPostgres engine = new MainInPostgres();
        return new Runner(compiler, engine, new MemoryBranches(), Optional.of(store), List.of(),
                exportRoot -> exporter.length == 0 ? AssetExports.of(engine, exportRoot, environment::get)
                        : new AssetExports(PendingExports.in(exportRoot.resolve(".strata")), exporter[0], environment::get));
    }

    private long targetRows() throws SQLException {
        try (Connection target = DriverManager.getConnection(targetUrl, PostgresCluster.USER, "");
             Statement statement = target.createStatement()) {
            try (ResultSet table = target.getMetaData().getTables(null, "public", "orders", null)) {
                if (!table.next()) {
                    return -1;
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM public.orders")) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static RunRequest select(String models) {
        return RunRequest.builder(Selector.parse(models, "")).threads(1).build();
    }

    @Test
    void aMergedRunExportsTheTablesItBuiltFromMain() throws Exception {
        try (RunStore store = RunStore.open(root.resolve(".strata")); Compiler compiler = project("").compiler()) {
            RunResult result = runner(compiler, store).run(select("orders"), new RunListener() { });

            assertThat(result.outcome()).isEqualTo(RunResult.Outcome.MERGED);
            assertThat(result.reason()).isEmpty();
            assertThat(targetRows()).isEqualTo(4);
            assertThat(store.events(result.id(), 0, 100)).extracting(RunStore.EventRecord::message)
                    .contains("exported 4 rows to " + targetUrl.substring("jdbc:".length()) + " public.orders (replace)");
        }
    }

    @Test
    void aFailedExportLeavesTheRunMergedWithAWarningAndTheNextRunExportsItThoughItDidNotBuildTheAsset() throws Exception {
        int port = closedPort();
        environment.put("DASH_URL", "jdbc:postgresql://127.0.0.1:" + port + "/dash");
        try (RunStore store = RunStore.open(root.resolve(".strata")); Compiler compiler = project("").compiler()) {
            RunResult first = runner(compiler, store).run(select("orders"), new RunListener() { });

            assertThat(first.outcome()).isEqualTo(RunResult.Outcome.MERGED);
            assertThat(first.mergedCommit()).isPresent();
            assertThat(first.reason().orElseThrow())
                    .startsWith("export of orders to postgresql://127.0.0.1:" + port + "/dash public.orders failed: ")
                    .endsWith("it is tried again on the next run")
                    .doesNotContain(PASSWORD);
            assertThat(store.find(first.id()).orElseThrow().status()).isEqualTo(RunStatus.MERGED);
            assertThat(store.find(first.id()).orElseThrow().reason()).isEqualTo(first.reason());
            assertThat(store.events(first.id(), 0, 100)).filteredOn(event -> event.level().equals("WARN"))
                    .extracting(RunStore.EventRecord::message).singleElement().asString().startsWith("export of orders to ");
            assertThat(Files.readString(root.resolve(".strata/pending-exports"))).startsWith("orders\t").doesNotContain(PASSWORD);

            environment.put("DASH_URL", targetUrl);
            RunResult second = runner(compiler, store).run(select("other"), new RunListener() { });

            assertThat(second.outcome()).isEqualTo(RunResult.Outcome.MERGED);
            assertThat(second.assets()).extracting(AssetRun::key).extracting(Object::toString).containsExactly("other");
            assertThat(second.reason()).isEmpty();
            assertThat(targetRows()).isEqualTo(4);
            assertThat(root.resolve(".strata/pending-exports")).doesNotExist();
        }
    }

    @Test
    void aRunThatIsNotMergedExportsNothingAndKeepsWhatIsOwed() throws Exception {
        List<String> exported = new ArrayList<>();
        PendingExports.in(root.resolve(".strata")).write(java.util.Set.of(new PendingExports.Pending("orders", "postgresql://db/dash", "public.orders")));
        try (RunStore store = RunStore.open(root.resolve(".strata")); Compiler compiler = project("broken").compiler()) {
            RunResult kept = runner(compiler, store, (asset, export) -> {
                exported.add(asset.name());
                return 0;
            }).run(select("orders broken"), new RunListener() { });

            assertThat(kept.outcome()).isEqualTo(RunResult.Outcome.KEPT);
            assertThat(exported).isEmpty();
            assertThat(PendingExports.in(root.resolve(".strata")).read()).hasSize(1);

            RunResult onDevBranch = runner(compiler, store, (asset, export) -> {
                exported.add(asset.name());
                return 0;
            }).run(RunRequest.builder(Selector.parse("orders", "")).threads(1).devBranch(Optional.of("dev")).build(), new RunListener() { });

            assertThat(onDevBranch.outcome()).isEqualTo(RunResult.Outcome.BUILT_ON_DEV_BRANCH);
            assertThat(exported).isEmpty();
        }
    }

    @Test
    void anUpToDateAssetIsExportedOnlyWhenAnEarlierExportIsOwed() throws Exception {
        List<String> exported = new ArrayList<>();
        PendingExports pending = PendingExports.in(root.resolve(".strata"));
        AssetExports exports = new AssetExports(pending, (asset, export) -> {
            exported.add(asset.name());
            return 1;
        }, environment::get);
        var compiled = project("").compile();
        List<AssetRun> upToDate = List.of(new AssetRun(io.strata.api.AssetKey.of("orders"), AssetRun.Status.UP_TO_DATE,
                io.strata.project.Materialization.TABLE, java.util.OptionalLong.empty(), java.time.Duration.ZERO, Optional.empty(), List.of(), List.of()));

        assertThat(exports.afterMerge(compiled, upToDate, new RunListener() { })).isEmpty();
        assertThat(exported).isEmpty();

        String target = compiled.graph().require(io.strata.api.AssetKey.of("orders")).exports().getFirst().target();
        pending.write(java.util.Set.of(new PendingExports.Pending("orders", target, "public.orders")));

        assertThat(exports.afterMerge(compiled, upToDate, new RunListener() { })).isEmpty();
        assertThat(exported).containsExactly("orders");
        assertThat(pending.read()).isEmpty();
    }

    @Test
    void anExportIsOwedWhileItRunsSoThatAProcessEndingDuringItLeavesItToTheNextRun() {
        PendingExports pending = PendingExports.in(root.resolve(".strata"));
        List<java.util.Set<PendingExports.Pending>> owedDuringExport = new ArrayList<>();
        AssetExports exports = new AssetExports(pending, (asset, export) -> {
            owedDuringExport.add(pending.read());
            return 4;
        }, environment::get);
        var compiled = project("").compile();
        List<AssetRun> built = List.of(new AssetRun(io.strata.api.AssetKey.of("orders"), AssetRun.Status.SUCCESS,
                io.strata.project.Materialization.TABLE, java.util.OptionalLong.of(4), java.time.Duration.ZERO, Optional.empty(), List.of(), List.of()));

        exports.afterMerge(compiled, built, new RunListener() { });

        assertThat(owedDuringExport).singleElement().satisfies(owed -> assertThat(owed).extracting(PendingExports.Pending::asset).containsExactly("orders"));
        assertThat(pending.read()).isEmpty();
    }

    @Test
    void aFailureThatRepeatsThePasswordIsSaidWithoutIt() {
        AssetExports exports = new AssetExports(PendingExports.in(root.resolve(".strata")), (asset, export) -> {
            throw new SQLException("authentication failed for user strata with password " + PASSWORD);
        }, environment::get);
        List<String> warned = new ArrayList<>();
        var compiled = project("").compile();
        List<AssetRun> built = List.of(new AssetRun(io.strata.api.AssetKey.of("orders"), AssetRun.Status.SUCCESS,
                io.strata.project.Materialization.TABLE, java.util.OptionalLong.of(4), java.time.Duration.ZERO, Optional.empty(), List.of(), List.of()));

        List<String> warnings = exports.afterMerge(compiled, built, new RunListener() {
            @Override
            public void warned(Asset asset, String message) {
                warned.add(message);
            }
        });

        assertThat(warnings).singleElement().asString().contains("with password ***").doesNotContain(PASSWORD);
        assertThat(warned).isEqualTo(warnings);
    }
}
