package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.branch.MemoryBranches;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.InstantEngine;
import io.strata.engine.Materialized;
import io.strata.graph.Asset;
import io.strata.lake.LakeEndpoints;
import io.strata.select.Selector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A service of the lake (Nessie, the object store) that stops answering during a run: the asset that met it fails
 * naming the service, no asset starts after it, and the run ends as an environment error with its branch kept.
 */
class LakeDownTest {
    @TempDir
    Path root;

    /** A port nothing listens on: taken, then given back. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * An engine whose lake has Nessie at {@code nessie} and the object store at {@code store}; building {@code orders}
     * closes {@code dies} (the service dies) and fails as a lost catalog would.
     */
    private static final class LakeEngine extends InstantEngine {
        final List<String> built = new CopyOnWriteArrayList<>();
        final LakeEndpoints endpoints;
        final Optional<ServerSocket> dies;

        LakeEngine(URI nessie, URI store, Optional<ServerSocket> dies) {
            endpoints = new LakeEndpoints(nessie, URI.create("http://127.0.0.1:1"), store, "key", "secret", "strata", Optional.empty());
            this.dies = dies;
        }

        @Override
        public Optional<LakeEndpoints> lake() {
            return Optional.of(endpoints);
        }

        @Override
        public Materialized materialize(String branch, Asset model, boolean fullRefresh) throws SQLException {
            built.add(model.name());
            if (model.name().equals("orders")) {
                try {
                    if (dies.isPresent()) {
                        dies.get().close();
                    }
                }
                catch (IOException e) {
                    throw new SQLException(e);
                }
                throw new SQLException("Query failed: Error occurred while processing GET request");
            }
            return super.materialize(branch, model, fullRefresh);
        }
    }

    private Compiler project() {
        return TestProject.in(root)
                .file("models/orders.sql", "select 1 as id")
                .file("models/report.sql", "select * from {{ ref('orders') }}")
                .file("models/totals.sql", "select 2 as id")
                .compiler();
    }

    @Test
    void nessieStoppedAnsweringStopsTheRunNamingItAndKeepsTheBranch() throws IOException {
        ServerSocket nessieSocket = new ServerSocket(0);
        int nessie = nessieSocket.getLocalPort();
        try (ServerSocket store = new ServerSocket(0); Compiler compiler = project()) {
            LakeEngine engine = new LakeEngine(URI.create("http://127.0.0.1:" + nessie), URI.create("http://127.0.0.1:" + store.getLocalPort()),
                    Optional.of(nessieSocket));
            MemoryBranches branches = new MemoryBranches();
            RunStore history = RunStore.open(root.resolve(".strata"));

            // One thread, orders first: totals (no dependency) must not start once Nessie is known to be gone.
            assertThatThrownBy(() -> new Runner(compiler, engine, branches, Optional.of(history))
                    .run(RunRequest.builder(Selector.parse("orders totals", "")).threads(1).build(), RunListener.SILENT))
                    .isInstanceOfSatisfying(RunException.class, e -> {
                        assertThat(e.kind()).isEqualTo(io.strata.project.StrataException.Kind.ENVIRONMENT);
                        assertThat(e.getMessage()).startsWith("Nessie at 127.0.0.1:" + nessie + " stopped answering while building orders")
                                .contains("main is unchanged").contains("is kept");
                    });
            assertThat(engine.built).containsExactly("orders");
            RunStore.RunSummary recorded = history.list(1).getFirst();
            assertThat(recorded.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("Nessie at 127.0.0.1:" + nessie));
            assertThat(branches.find(recorded.branch())).as("the branch is kept for inspection").isPresent();
            history.close();
        }
    }

    @Test
    void aFailureOfTheAssetItselfWithTheLakeAnsweringIsTheAssetsOwn() throws IOException {
        try (ServerSocket nessie = new ServerSocket(0); ServerSocket store = new ServerSocket(0); Compiler compiler = project()) {
            LakeEngine engine = new LakeEngine(URI.create("http://127.0.0.1:" + nessie.getLocalPort()),
                    URI.create("http://127.0.0.1:" + store.getLocalPort()), Optional.empty());

            RunResult result = new Runner(compiler, engine, new MemoryBranches(), Optional.empty())
                    .run(RunRequest.builder(Selector.parse("orders totals", "")).threads(1).build(), RunListener.SILENT);

            assertThat(result.assets()).filteredOn(run -> run.key().equals(AssetKey.of("orders"))).singleElement()
                    .satisfies(run -> assertThat(run.error()).hasValueSatisfying(error -> assertThat(error).contains("Error occurred while processing GET request")));
            assertThat(engine.built).as("the run goes on with what does not depend on it").contains("totals");
        }
    }

    @Test
    void nessieStoppedAnsweringWhileChecksRunStopsTheRunNamingIt() throws IOException {
        ServerSocket nessieSocket = new ServerSocket(0);
        int nessie = nessieSocket.getLocalPort();
        try (ServerSocket store = new ServerSocket(0); Compiler compiler = TestProject.in(root)
                .file("models/totals.sql", "select 1 as id")
                .file("models/zones.sql", "select 2 as id")
                .file("models/schema.yml", "version: 2\nmodels:\n  - name: totals\n    columns:\n      - {name: id, tests: [not_null]}\n")
                .compiler()) {
            // Building works; the check's query meets a Nessie that has just died.
            InstantEngine engine = new InstantEngine() {
                @Override
                public Optional<LakeEndpoints> lake() {
                    return Optional.of(new LakeEndpoints(URI.create("http://127.0.0.1:" + nessie), URI.create("http://127.0.0.1:1"),
                            URI.create("http://127.0.0.1:" + store.getLocalPort()), "key", "secret", "strata", Optional.empty()));
                }

                @Override
                public java.sql.Connection connect(String branch) {
                    try {
                        nessieSocket.close();
                    }
                    catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    throw new IllegalStateException("Error occurred while processing GET request");
                }
            };

            assertThatThrownBy(() -> new Runner(compiler, engine, new MemoryBranches(), Optional.empty())
                    .run(RunRequest.builder(Selector.parse("totals zones", "")).threads(1).build(), RunListener.SILENT))
                    .isInstanceOfSatisfying(RunException.class, e -> assertThat(e.getMessage())
                            .startsWith("Nessie at 127.0.0.1:" + nessie + " stopped answering while checking totals").contains("main is unchanged"));
        }
    }

    @Test
    void aServiceThatWasNeverThereIsNotBlamedForAnAssetsFailure() throws IOException {
        // A lake the engine does not use (Dremio's tests give it none): nothing answered at the start, nothing stopped.
        try (Compiler compiler = project()) {
            LakeEngine engine = new LakeEngine(URI.create("http://127.0.0.1:" + closedPort()), URI.create("http://127.0.0.1:" + closedPort()),
                    Optional.empty());

            RunResult result = new Runner(compiler, engine, new MemoryBranches(), Optional.empty())
                    .run(RunRequest.builder(Selector.parse("orders totals", "")).threads(1).build(), RunListener.SILENT);

            assertThat(result.assets()).filteredOn(run -> run.key().equals(AssetKey.of("orders"))).singleElement()
                    .satisfies(run -> assertThat(run.error()).hasValueSatisfying(error -> assertThat(error).doesNotContain("stopped answering")));
            assertThat(engine.built).contains("totals");
        }
    }

    @Test
    void theObjectStoreIsNamedWhenNessieAnswersAndItDoesNot() throws IOException {
        int store = closedPort();
        try (ServerSocket nessie = new ServerSocket(0)) {
            LakeEndpoints endpoints = new LakeEndpoints(URI.create("http://127.0.0.1:" + nessie.getLocalPort()), URI.create("http://127.0.0.1:1"),
                    URI.create("http://127.0.0.1:" + store), "key", "secret", "strata", Optional.empty());
            assertThat(endpoints.unreachable()).contains("the object store at 127.0.0.1:" + store);
        }
    }
}
