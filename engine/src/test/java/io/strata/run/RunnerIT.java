package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.branch.Branches;
import io.strata.check.CheckOutcome;
import io.strata.compile.CompileOptions;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.trino.TrinoEngine;
import io.strata.select.Selector;
import io.strata.lake.LakeEndpoints;
import io.strata.stack.testing.LocalStackExtension;
import io.strata.stack.testing.TestSql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Branch per run, checks gating the merge, on the real stack. */
@ExtendWith(LocalStackExtension.class)
class RunnerIT {
    @TempDir
    Path root;

    private final String layer = "r_" + UUID.randomUUID().toString().substring(0, 8);

    private TestProject shop(String ordersSql, String idTests) {
        return TestProject.in(root)
                .file("seeds/" + layer + "/prices.csv", "product,price\napple,2\npear,3\n")
                .file("models/" + layer + "/orders.sql", "{{ config(materialized='table') }}\n" + ordersSql)
                .file("models/" + layer + "/revenue.sql", "select sum(o.qty * p.price) as revenue from {{ ref('orders') }} o join {{ ref('prices') }} p using (product)")
                .file("models/" + layer + "/schema.yml", "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        tests: " + idTests + "\n");
    }

    private static final String GOOD_ORDERS = "select * from (values (1, 'apple', 2), (2, 'pear', 1)) as t(id, product, qty)";
    private static final String ORDERS_WITH_NULL_ID = "select * from (values (1, 'apple', 2), (null, 'pear', 1)) as t(id, product, qty)";

    private RunResult run(TestProject project, LakeEndpoints endpoints, Branches branches) {
        return run(project, endpoints, branches, 0);
    }

    private RunResult run(TestProject project, LakeEndpoints endpoints, Branches branches, int conflictRetries) {
        return run(project, endpoints, branches, conflictRetries, Optional.empty());
    }

    private RunResult run(TestProject project, LakeEndpoints endpoints, Branches branches, int conflictRetries, Optional<RunStore> store) {
        CompileOptions options = CompileOptions.defaults();
        try (Compiler compiler = new Compiler(project.root(), options, List.of(), List.of())) {
            Runner runner = new Runner(compiler, new TrinoEngine(endpoints), branches, store);
            return runner.run(RunRequest.builder(Selector.all()).threads(2).conflictRetries(conflictRetries).build(), RunListener.SILENT);
        }
    }

    /** Two runs of the same project started together: both branches are made from the same main. */
    private List<RunResult> runTogether(LakeEndpoints endpoints, int conflictRetries) throws Exception {
        TestProject project = shop(GOOD_ORDERS, "[not_null]");
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<RunResult>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    try (io.strata.branch.NessieBranches branches = new io.strata.branch.NessieBranches(endpoints.nessieApi());
                         RunStore store = RunStore.open(project.root().resolve(".strata"))) {
                        return run(project, endpoints, branches, conflictRetries, Optional.of(store));
                    }
                }));
            }
            start.countDown();
            List<RunResult> results = new java.util.ArrayList<>();
            for (var future : runs) {
                results.add(future.get(5, java.util.concurrent.TimeUnit.MINUTES));
            }
            return results;
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void exportsFollowTheMergeReplacingOrUpsertingTheTargetAndAKeptRunExportsNothing(LakeEndpoints endpoints, Branches branches)
            throws SQLException {
        String url = io.strata.stack.testing.PostgresCluster.shared().createDatabase();
        java.util.function.Function<String, TestProject> project = orders -> shop(orders, "[not_null]")
                .file("models/" + layer + "/schema.yml", """
                        version: 2
                        models:
                          - name: orders
                            columns:
                              - {name: id, tests: [not_null]}
                            exports:
                              - jdbc: {url: "%s", user: strata}
                                table: public.orders_copy
                              - jdbc: {url: "%s", user: strata}
                                table: public.orders_kept
                                mode: upsert
                                key: [id]
                        """.formatted(url, url));
        java.util.function.Function<String, List<String>> target = sql -> {
            try (Connection dash = java.sql.DriverManager.getConnection(url, io.strata.stack.testing.PostgresCluster.USER, "")) {
                return TestSql.rows(dash, sql);
            }
            catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };

        RunResult first = run(project.apply(GOOD_ORDERS), endpoints, branches);
        assertThat(first.outcome()).as(first.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(first.reason()).isEmpty();
        assertThat(target.apply("select id, product, qty from public.orders_copy order by id")).containsExactly("1,apple,2", "2,pear,1");
        assertThat(target.apply("select id, product, qty from public.orders_kept order by id")).containsExactly("1,apple,2", "2,pear,1");

        // A row gone and one changed: replace mirrors the model, upsert keeps what the model no longer has.
        RunResult second = run(project.apply("select * from (values (1, 'apple', 5)) as t(id, product, qty)"), endpoints, branches);
        assertThat(second.outcome()).as(second.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(target.apply("select id, product, qty from public.orders_copy order by id")).containsExactly("1,apple,5");
        assertThat(target.apply("select id, product, qty from public.orders_kept order by id")).containsExactly("1,apple,5", "2,pear,1");

        // A run whose check fails is kept: nothing is exported.
        RunResult kept = run(project.apply(ORDERS_WITH_NULL_ID), endpoints, branches);
        assertThat(kept.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(target.apply("select id, product, qty from public.orders_copy order by id")).containsExactly("1,apple,5");
    }

    @Test
    void twoConcurrentRunsOnTheSameTablesGiveOneMergeAndOneConflictNamingThem(LakeEndpoints endpoints) throws Exception {
        List<RunResult> results = runTogether(endpoints, 0);

        assertThat(results).extracting(RunResult::outcome).containsExactlyInAnyOrder(RunResult.Outcome.MERGED, RunResult.Outcome.KEPT);
        RunResult conflicted = results.stream().filter(result -> result.outcome() == RunResult.Outcome.KEPT).findFirst().orElseThrow();
        assertThat(conflicted.reason()).get().asString().contains("cannot merge branch '" + conflicted.branch() + "'")
                .contains(layer + ".orders");
    }

    @Test
    void withRetryTheConflictingRunBuildsAgainFromTheNewMainAndMerges(LakeEndpoints endpoints, Branches branches) throws Exception {
        List<RunResult> results = runTogether(endpoints, 2);

        assertThat(results).extracting(RunResult::outcome).containsExactly(RunResult.Outcome.MERGED, RunResult.Outcome.MERGED);
        try (RunStore store = RunStore.open(root.resolve(".strata"))) {
            List<RunStore.RunSummary> recorded = store.list(10);
            assertThat(recorded).as("each attempt is recorded once").extracting(RunStore.RunSummary::status)
                    .containsExactlyInAnyOrder(RunStatus.MERGED, RunStatus.MERGED, RunStatus.KEPT);
            assertThat(recorded.stream().filter(run -> run.status() == RunStatus.KEPT).findFirst().orElseThrow().reason())
                    .get().asString().contains(layer + ".orders");
        }
        try (Connection main = new TrinoEngine(endpoints).connect(Branches.MAIN)) {
            assertThat(TestSql.single(main, "select revenue from " + layer + ".revenue")).isEqualTo(7);
        }
    }

    @Test
    void aPassingRunMergesEveryTableAtOnceAndItsViewsWorkOnMainAfterwards(LakeEndpoints endpoints, Branches branches) throws SQLException {
        String mainBefore = branches.main().hash();

        RunResult result = run(shop(GOOD_ORDERS, "[not_null, unique]"), endpoints, branches);

        assertThat(result.outcome()).as(result.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(result.count(AssetRun.Status.SUCCESS)).isEqualTo(3);
        assertThat(result.count(CheckOutcome.PASS)).isEqualTo(2);
        assertThat(result.mergedCommit()).isPresent().get().isNotEqualTo(mainBefore);
        assertThat(branches.log(Branches.MAIN, 1).getFirst().hash()).as("one merge commit on main").isEqualTo(result.mergedCommit().get());
        assertThat(branches.findMerge(result.id(), 10)).as("Nessie keeps the run's id on its merge commit, where a later command finds it")
                .map(io.strata.branch.Commit::hash).contains(result.mergedCommit().get());
        assertThat(branches.find(result.branch())).as("the run branch is deleted").isEmpty();
        try (Connection main = new TrinoEngine(endpoints).connect(Branches.MAIN)) {
            assertThat(TestSql.single(main, "select revenue from " + layer + ".revenue")).isEqualTo(7);
            assertThat(TestSql.single(main, "select count(*) from " + layer + ".prices")).isEqualTo(2);
        }
    }

    @Test
    void aFailingCheckKeepsMainAsItWasKeepsTheBranchAndSkipsDownstream(LakeEndpoints endpoints, Branches branches) throws SQLException {
        String mainBefore = branches.main().hash();

        RunResult result = run(shop(ORDERS_WITH_NULL_ID, "[not_null]"), endpoints, branches);

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(result.reason()).contains("check not_null_orders_id failed (1 rows)");
        assertThat(branches.main().hash()).as("main untouched").isEqualTo(mainBefore);
        assertThat(branches.find(result.branch())).as("the branch is kept for inspection").isPresent();
        AssetRun revenue = result.assets().stream().filter(run -> run.key().equals(AssetKey.of("revenue"))).findFirst().orElseThrow();
        assertThat(revenue.status()).isEqualTo(AssetRun.Status.SKIPPED);
        assertThat(revenue.error()).contains("skipped: orders did not build cleanly");
        try (Connection main = new TrinoEngine(endpoints).connect(Branches.MAIN);
             ResultSet tables = main.createStatement().executeQuery("select count(*) from information_schema.tables where table_schema = '" + layer + "'")) {
            tables.next();
            assertThat(tables.getLong(1)).as("nothing of the run is on main").isZero();
        }
        try (Connection onBranch = new TrinoEngine(endpoints).connect(result.branch())) {
            assertThat(TestSql.single(onBranch, "select count(*) from " + layer + ".orders")).as("the failing data is on the kept branch").isEqualTo(2);
        }
    }

    @Test
    void aWarnSeverityFailureStillMerges(LakeEndpoints endpoints, Branches branches) {
        RunResult result = run(shop(ORDERS_WITH_NULL_ID, "[{not_null: {config: {severity: warn}}}]"), endpoints, branches);

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(result.count(CheckOutcome.WARN)).isEqualTo(1);
    }

    @Test
    void aModelThatFailsOnTheEngineNamesItsFileAndNothingReachesMain(LakeEndpoints endpoints, Branches branches) {
        String mainBefore = branches.main().hash();

        // Columns are checked at compile time; a function the engine does not know is found only when it runs.
        RunResult result = run(shop("select id, product, no_such_function(qty) as qty from (values (1, 'apple', 2)) as t(id, product, qty)", "[]"),
                endpoints, branches);

        AssetRun orders = result.assets().stream().filter(run -> run.key().equals(AssetKey.of("orders"))).findFirst().orElseThrow();
        assertThat(orders.status()).isEqualTo(AssetRun.Status.FAILED);
        assertThat(orders.error()).get().asString().startsWith("models/" + layer + "/orders.sql: ").contains("no_such_function");
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(branches.main().hash()).isEqualTo(mainBefore);
    }

    private static java.util.Map<String, AssetRun.Status> statuses(RunResult result) {
        java.util.Map<String, AssetRun.Status> statuses = new java.util.TreeMap<>();
        result.assets().forEach(asset -> statuses.put(asset.key().toString(), asset.status()));
        return statuses;
    }

    @Test
    void aModelWhoseSqlAndInputsAreUnchangedIsUpToDateAndAChangeRebuildsItAndWhatReadsIt(LakeEndpoints endpoints, Branches branches)
            throws Exception {
        TestProject project = TestProject.in(root)
                .file("seeds/" + layer + "/rates.csv", "kind,rate\nac,0.39\ndc,0.59\n")
                .file("models/" + layer + "/sessions.sql", "{{ config(materialized='table') }}\nselect * from (values (1, 'ac', 10.0), (2, 'dc', 30.0)) as t(id, kind, kwh)")
                .file("models/" + layer + "/priced.sql", "select s.id, s.kwh * r.rate as cost from {{ ref('sessions') }} s join {{ ref('rates') }} r using (kind)")
                .file("models/" + layer + "/totals.sql", "{{ config(materialized='table') }}\nselect sum(cost) as cost from {{ ref('priced') }}")
                .file("models/" + layer + "/today.sql", "{{ config(materialized='table') }}\nselect current_date as day, count(*) as n from {{ ref('sessions') }}")
                .file("models/" + layer + "/schema.yml", "version: 2\nmodels:\n  - name: totals\n    columns:\n      - name: cost\n        tests: [not_null]\n");

        RunResult first = run(project, endpoints, branches);
        assertThat(first.outcome()).as(first.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(statuses(first)).containsOnlyKeys("rates", "sessions", "priced", "totals", "today").allSatisfy((key, status) ->
                assertThat(status).as(key).isEqualTo(AssetRun.Status.SUCCESS));

        RunResult second = run(project, endpoints, branches);

        assertThat(second.outcome()).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(statuses(second)).containsEntry("rates", AssetRun.Status.UP_TO_DATE).containsEntry("sessions", AssetRun.Status.UP_TO_DATE)
                .containsEntry("priced", AssetRun.Status.UP_TO_DATE).containsEntry("totals", AssetRun.Status.UP_TO_DATE)
                .as("reads the clock: always built").containsEntry("today", AssetRun.Status.SUCCESS);

        project.file("seeds/" + layer + "/rates.csv", "kind,rate\nac,0.40\ndc,0.59\n");
        RunResult newRates = run(project, endpoints, branches);

        assertThat(statuses(newRates)).containsEntry("rates", AssetRun.Status.SUCCESS).containsEntry("sessions", AssetRun.Status.UP_TO_DATE)
                .containsEntry("priced", AssetRun.Status.SUCCESS).containsEntry("totals", AssetRun.Status.SUCCESS);
        try (Connection main = new TrinoEngine(endpoints).connect(Branches.MAIN)) {
            assertThat(TestSql.rows(main, "select cast(cost as decimal(10,2)) from " + layer + ".totals")).containsExactly("21.70");

            // Someone changes the table on main behind Strata's back: it is no longer what its fingerprint says.
            main.createStatement().execute("insert into " + layer + ".sessions values (3, 'ac', 5.0)");
        }
        RunResult afterOutsideChange = run(project, endpoints, branches);

        assertThat(statuses(afterOutsideChange)).containsEntry("sessions", AssetRun.Status.SUCCESS).containsEntry("rates", AssetRun.Status.UP_TO_DATE);
        try (Connection main = new TrinoEngine(endpoints).connect(Branches.MAIN)) {
            assertThat(TestSql.single(main, "select count(*) from " + layer + ".sessions")).isEqualTo(2);
        }

        try (Compiler compiler = new Compiler(project.root(), CompileOptions.defaults(), List.of(), List.of())) {
            RunResult rebuilt = new Runner(compiler, new TrinoEngine(endpoints), branches, Optional.empty())
                    .run(RunRequest.builder(Selector.all()).threads(2).rebuild(true).build(), RunListener.SILENT);
            assertThat(statuses(rebuilt)).allSatisfy((key, status) -> assertThat(status).as(key).isEqualTo(AssetRun.Status.SUCCESS));
        }
    }
}
