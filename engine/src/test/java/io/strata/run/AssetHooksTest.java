package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.branch.MemoryBranches;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.InstantEngine;
import io.strata.engine.Materialized;
import io.strata.graph.Asset;
import io.strata.select.Selector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** A model's hooks run on the run's branch around its build, in order; a hook the engine refuses fails the asset and the run. */
class AssetHooksTest {
    private static final String REFUSED = "Query failed (#20250101_000000_00001_abcde): line 1:13: Table 'lake.audit.missing' does not exist";

    @TempDir
    Path root;

    /** Builds nothing but writes down, in order, each build and each statement run on a connection, with its branch. */
    private static final class RecordingEngine extends InstantEngine {
        final List<String> done = new CopyOnWriteArrayList<>();

        @Override
        public Materialized materialize(String branch, Asset model, boolean fullRefresh) throws SQLException {
            done.add(branch + ": build " + model.name());
            return super.materialize(branch, model, fullRefresh);
        }

        @Override
        public Materialized loadSeed(String branch, Asset seed, io.strata.engine.SeedData data) {
            done.add(branch + ": load " + seed.name() + " " + data.rows().size());
            return super.loadSeed(branch, seed, data);
        }

        @Override
        public Connection connect(String branch) {
            Statement statement = jdbc(Statement.class, (method, arguments) -> {
                if (method.equals("execute")) {
                    String sql = (String) arguments[0];
                    done.add(branch + ": " + sql);
                    if (sql.contains("audit.missing")) {
                        throw new SQLException(REFUSED, "42000", 46);
                    }
                    return false;
                }
                return null;
            });
            return jdbc(Connection.class, (method, arguments) -> method.equals("createStatement") ? statement : null);
        }

        private interface Answer {
            Object answer(String method, Object[] arguments) throws SQLException;
        }

        private static <T> T jdbc(Class<T> type, Answer answer) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, arguments) -> answer.answer(method.getName(), arguments)));
        }
    }

    private RunResult run(TestProject project, RecordingEngine engine) {
        try (Compiler compiler = project.compiler()) {
            return new Runner(compiler, engine, new MemoryBranches(), Optional.empty()).run(
                    RunRequest.builder(Selector.all()).threads(1).retries(new RetryPolicy(1, Duration.ofMillis(1))).build(), new RunListener() {
                    });
        }
    }

    @Test
    void preHooksRunBeforeTheBuildAndPostHooksAfterItInOrderOnTheRunsBranch() {
        RecordingEngine engine = new RecordingEngine();
        RunResult result = run(TestProject.in(root).file("models/silver/orders.sql", """
                {{ config(materialized='table', pre_hook=["delete from audit.log where model = '{{ this.name }}'", "select 1"],
                          post_hook="insert into audit.log select '{{ this }}', count(*) from {{ this }}") }}
                select 1 as id"""), engine);

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.MERGED);
        String branch = engine.done.getFirst().substring(0, engine.done.getFirst().indexOf(':'));
        assertThat(branch).isNotEqualTo("main");
        assertThat(engine.done).containsExactly(
                branch + ": delete from audit.log where model = 'orders'",
                branch + ": select 1",
                branch + ": build orders",
                branch + ": insert into audit.log select 'silver.orders', count(*) from silver.orders");
    }

    @Test
    void aSeedsHooksRunAroundItsLoad() {
        RecordingEngine engine = new RecordingEngine();
        RunResult result = run(TestProject.in(root)
                .file("seeds/countries.csv", "id|name\n1|France\n2|Peru\n")
                .file("seeds/schema.yml", """
                        version: 2
                        seeds:
                          - name: countries
                            config:
                              delimiter: "|"
                              pre_hook: "select 'before {{ this }}'"
                              post_hook: "select 'after {{ this }}'"
                        """), engine);

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(engine.done).extracting(done -> done.substring(done.indexOf(": ") + 2))
                .containsExactly("select 'before analytics.countries'", "load countries 2", "select 'after analytics.countries'");
    }

    @Test
    void aModelWhoseCompiledHooksChangedIsNotUpToDate() {
        TestProject project = TestProject.in(root).file("models/orders.sql",
                "{{ config(materialized='table', post_hook=\"insert into audit.log values ('{{ var('label', 'a') }}')\") }}\nselect 1 as id");

        io.strata.compile.CompiledProject first = project.compile();
        io.strata.compile.CompiledProject second = project.options(io.strata.compile.CompileOptions.defaults().withVars(java.util.Map.of("label", "b"))).compile();

        assertThat(TestProject.asset(first, "orders").config()).as("the config reads the same").isEqualTo(TestProject.asset(second, "orders").config());
        assertThat(fingerprint(first, "orders")).isNotEqualTo(fingerprint(second, "orders"));
    }

    private String fingerprint(io.strata.compile.CompiledProject project, String model) {
        return new Fingerprints(project.graph(), new InstantEngine(), "main", root).of(TestProject.asset(project, model)).orElseThrow();
    }

    @Test
    void aFailingHookFailsTheAssetWithTheHooksTextAndTheEnginesMessageAndTheRunDoesNotMerge() {
        RecordingEngine engine = new RecordingEngine();
        RunResult result = run(TestProject.in(root).file("models/silver/orders.sql", """
                {{ config(materialized='table', post_hook=["select 1", "insert into audit.missing values ('{{ this }}')", "select 3"]) }}
                select 1 as id"""), engine);

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        AssetRun orders = result.assets().stream().filter(asset -> asset.key().equals(AssetKey.of("orders"))).findFirst().orElseThrow();
        assertThat(orders.status()).isEqualTo(AssetRun.Status.FAILED);
        assertThat(orders.error().orElseThrow())
                .startsWith("models/silver/orders.sql: post-hook 2 of 3 failed: insert into audit.missing values ('silver.orders')")
                .endsWith(REFUSED);
        assertThat(engine.done).as("the hooks after the failing one do not run").noneMatch(done -> done.endsWith("select 3"));
    }
}
