package io.strata.run;

import io.strata.api.AssetCheck;
import io.strata.api.AssetKey;
import io.strata.api.AssetResult;
import io.strata.api.AssetSpec;
import io.strata.branch.Branches;
import io.strata.branch.NessieBranches;
import io.strata.check.CheckOutcome;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.trino.TrinoEngine;
import io.strata.lake.LakeEndpoints;
import io.strata.select.Selector;
import io.strata.stack.testing.LocalStackExtension;
import io.strata.stack.testing.TestSql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Java assets between SQL models on the real stack: built on the run's branch, checked, merged only when the checks pass. */
@ExtendWith(LocalStackExtension.class)
class JavaAssetIT {
    @TempDir
    Path root;

    private final String layer = "j_" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger builds = new AtomicInteger();
    private final AtomicReference<String> version = new AtomicReference<>("1");
    /** The least score the check accepts. */
    private final AtomicInteger least = new AtomicInteger(1);
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> token = new AtomicReference<>();

    private static final String ORDERS = "{{ config(materialized='table') }}\nselect * from (values (1, 2), (2, 5)) as t(id, qty)";

    /** orders (SQL) -> order_scores (Java) -> score_total (SQL). */
    private TestProject project(String scoring) {
        return TestProject.in(root)
                // Any variable of the environment stands for a secret: PATH is set wherever the tests run.
                .file("strata.yml", "name: shop\nresources:\n  partner: {type: http, url: \"https://partner.invalid\", token_env: PATH}\n")
                .file("models/" + layer + "/orders.sql", ORDERS)
                .file("models/" + layer + "/score_total.sql", "{{ config(materialized='table') }}\nselect sum(score) as total from {{ ref('order_scores') }}")
                // YAML tests on the Java asset's table, as on a model's.
                .file("models/" + layer + "/order_scores.yml", """
                        version: 2
                        models:
                          - name: order_scores
                            columns:
                              - name: id
                                tests: [unique, not_null]
                        """)
                .with(() -> List.of(AssetSpec.builder("order_scores")
                        .deps("orders")
                        .layer(layer)
                        .description("A score per order, computed in Java")
                        .codeVersion(version.get())
                        .resources("partner")
                        .compute(context -> {
                            builds.incrementAndGet();
                            token.set(context.resource("partner").setting("token"));
                            context.log("scoring orders on " + context.branch());
                            try (Statement statement = context.sql().createStatement()) {
                                statement.execute("drop table if exists " + context.relation());
                                statement.execute("create table " + context.relation() + " as select id, " + scoring + " as score from orders");
                                try (ResultSet rows = statement.executeQuery("select count(*), max(score) from " + context.relation())) {
                                    rows.next();
                                    return AssetResult.rows(rows.getLong(1)).with("max_score", rows.getLong(2));
                                }
                            }
                        })
                        .check(new AssetCheck("scores_at_least_least", AssetCheck.Severity.ERROR, context -> {
                            try (Statement statement = context.sql().createStatement();
                                 ResultSet rows = statement.executeQuery("select count(*) from " + context.relation() + " where score < " + least.get())) {
                                rows.next();
                                long below = rows.getLong(1);
                                return below == 0 ? AssetCheck.Result.passed("every score is at least " + least.get())
                                        : AssetCheck.Result.failed(below, below + " scores below " + least.get());
                            }
                        }))
                        .build()));
    }

    private RunResult run(TestProject project, LakeEndpoints endpoints) {
        try (Compiler compiler = project.compiler(); NessieBranches branches = new NessieBranches(endpoints.nessieApi())) {
            Runner runner = new Runner(compiler, new TrinoEngine(endpoints), branches, Optional.empty(), List.of());
            return runner.run(RunRequest.builder(Selector.all()).threads(2).build(), new RunListener() {
                @Override
                public void logged(io.strata.graph.Asset asset, String message) {
                    logged.add(asset.key() + ": " + message);
                }
            });
        }
    }

    private static AssetRun asset(RunResult result, String name) {
        return result.assets().stream().filter(run -> run.key().equals(AssetKey.of(name))).findFirst().orElseThrow();
    }

    private long total(LakeEndpoints endpoints) throws Exception {
        try (Connection main = new TrinoEngine(endpoints).connect(Branches.MAIN)) {
            return TestSql.single(main, "select total from " + layer + ".score_total");
        }
    }

    @Test
    void aJavaAssetBetweenSqlModelsMergesAndIsUpToDateUntilItsCodeVersionOrAnInputChanges(LakeEndpoints endpoints) throws Exception {
        TestProject project = project("qty * 10");

        RunResult first = run(project, endpoints);

        assertThat(first.outcome()).as(first.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        AssetRun scores = asset(first, "order_scores");
        assertThat(scores.status()).isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(scores.rows()).hasValue(2);
        assertThat(scores.details()).containsEntry("max_score", 50L);
        assertThat(scores.checks()).extracting(check -> check.name() + " " + check.outcome())
                .containsExactlyInAnyOrder("scores_at_least_least PASS", "unique_order_scores_id PASS", "not_null_order_scores_id PASS");
        assertThat(logged).singleElement().asString().startsWith("order_scores: scoring orders on run-");
        assertThat(token.get()).as("the resource's secret, read from the environment").isEqualTo(System.getenv("PATH"));
        assertThat(total(endpoints)).isEqualTo(70);

        RunResult second = run(project, endpoints);
        assertThat(asset(second, "order_scores").status()).as("same code version, same inputs").isEqualTo(AssetRun.Status.UP_TO_DATE);
        assertThat(asset(second, "score_total").status()).isEqualTo(AssetRun.Status.UP_TO_DATE);
        assertThat(builds).hasValue(1);

        version.set("2");
        project = project("qty * 100");
        RunResult newVersion = run(project, endpoints);
        assertThat(asset(newVersion, "order_scores").status()).as("a new code version").isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(asset(newVersion, "score_total").status()).as("its input changed").isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(total(endpoints)).isEqualTo(700);

        project.file("models/" + layer + "/orders.sql", ORDERS.replace("(2, 5)", "(2, 5), (3, 1)"));
        RunResult newInput = run(project, endpoints);
        assertThat(asset(newInput, "order_scores").status()).as("an input changed").isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(builds).hasValue(3);
        assertThat(total(endpoints)).isEqualTo(800);
    }

    @Test
    void aFailingJavaCheckKeepsTheRunOffMainAndItsBranchKept(LakeEndpoints endpoints) throws Exception {
        TestProject project = project("qty * 10");
        assertThat(run(project, endpoints).outcome()).isEqualTo(RunResult.Outcome.MERGED);
        String mainBefore;
        try (NessieBranches branches = new NessieBranches(endpoints.nessieApi())) {
            mainBefore = branches.main().hash();
        }

        version.set("2");
        least.set(30);
        RunResult failed = run(project, endpoints);

        assertThat(failed.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(asset(failed, "order_scores").checks()).filteredOn(check -> check.name().equals("scores_at_least_least")).singleElement().satisfies(check -> {
            assertThat(check.outcome()).isEqualTo(CheckOutcome.FAIL);
            assertThat(check.failures()).isEqualTo(1);
            assertThat(check.sql()).contains("1 scores below 30");
        });
        try (NessieBranches branches = new NessieBranches(endpoints.nessieApi())) {
            assertThat(branches.main().hash()).as("main untouched").isEqualTo(mainBefore);
            assertThat(branches.find(failed.branch())).as("the branch is kept").isPresent();
        }
        assertThat(total(endpoints)).isEqualTo(70);
    }

    @Test
    void anExceptionInTheCodeFailsTheAssetNamingTheLineOfTheCodeAndSkipsWhatReadsIt(LakeEndpoints endpoints) {
        TestProject project = project("qty / (qty - qty)");

        RunResult failed = run(project, endpoints);

        assertThat(failed.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        AssetRun scores = asset(failed, "order_scores");
        assertThat(scores.status()).isEqualTo(AssetRun.Status.FAILED);
        assertThat(scores.error()).hasValueSatisfying(error -> assertThat(error)
                .contains("Division by zero")
                .containsPattern("at io\\.strata\\.run\\.JavaAssetIT\\.lambda\\$project\\$\\d+\\(JavaAssetIT\\.java:\\d+\\)"));
        assertThat(asset(failed, "score_total").status()).isEqualTo(AssetRun.Status.SKIPPED);
    }

    @Test
    void aMultiAssetWritesBothTablesInOneBuildAndEachIsAnAssetThatSqlReads(LakeEndpoints endpoints) throws Exception {
        TestProject project = TestProject.in(root)
                .file("models/" + layer + "/orders.sql", ORDERS)
                .file("models/" + layer + "/largest.sql", "{{ config(materialized='table') }}\nselect max(qty) as qty from {{ ref('order_extremes') }}")
                .with(() -> List.of(AssetSpec.builder("order_stats")
                        .deps("orders")
                        .layer(layer)
                        .codeVersion("1")
                        .alsoProduces("order_extremes")
                        .compute(context -> {
                            builds.incrementAndGet();
                            try (Statement statement = context.sql().createStatement()) {
                                statement.execute("create table " + context.relation() + " as select count(*) as orders, sum(qty) as qty from orders");
                                statement.execute("create table " + context.relation("order_extremes")
                                        + " as select * from orders where qty = (select max(qty) from orders)");
                            }
                            return AssetResult.rows(1);
                        })
                        .build()));

        RunResult result = run(project, endpoints);

        assertThat(result.outcome()).as(result.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        assertThat(builds).as("one build wrote both").hasValue(1);
        assertThat(asset(result, "order_stats").status()).isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(asset(result, "order_extremes").status()).isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(asset(result, "order_extremes").rows()).hasValue(1);
        try (Connection main = new TrinoEngine(endpoints).connect(Branches.MAIN)) {
            assertThat(TestSql.single(main, "select qty from " + layer + ".order_stats")).isEqualTo(7);
            assertThat(TestSql.single(main, "select qty from " + layer + ".largest")).isEqualTo(5);
        }

        RunResult again = run(project, endpoints);
        assertThat(asset(again, "order_stats").status()).isEqualTo(AssetRun.Status.UP_TO_DATE);
        assertThat(asset(again, "order_extremes").status()).isEqualTo(AssetRun.Status.UP_TO_DATE);
        assertThat(builds).hasValue(1);
    }

    /** A row of the Java asset's table: its columns are the components, in snake_case. */
    public record Score(long id, double scoreValue, List<String> reasons) {
    }

    @Test
    void aJavaAssetWritesItsTablesThroughTheIcebergApiInOneCommitEachAndNothingWhenItFails(LakeEndpoints endpoints) throws Exception {
        AtomicReference<Boolean> fail = new AtomicReference<>(false);
        TestProject project = TestProject.in(root)
                .file("models/" + layer + "/orders.sql", ORDERS)
                .file("models/" + layer + "/band_count.sql", "{{ config(materialized='table') }}\n"
                        + "select count(*) as bands, sum(score_value) as total from {{ ref('scores') }} join {{ ref('score_bands') }} using (id)")
                .with(() -> List.of(AssetSpec.builder("scores")
                        .deps("orders")
                        .layer(layer)
                        .alsoProduces("score_bands")
                        .compute(context -> {
                            List<Score> scores = context.tables().read("orders").stream()
                                    .map(order -> new Score(((Number) order.get("id")).longValue(), ((Number) order.get("qty")).intValue() * 1.5,
                                            List.of("qty " + order.get("qty"))))
                                    .toList();
                            context.tables().overwrite("scores", Score.class, scores);
                            context.tables().overwrite("score_bands", List.of(io.strata.api.AssetTables.Column.of("id", "bigint"),
                                    io.strata.api.AssetTables.Column.of("band", "varchar")), scores.stream().map(score -> List.of(score.id(), "b")).toList());
                            if (fail.get()) {
                                throw new IllegalStateException("scoring stopped half way");
                            }
                            return AssetResult.rows(scores.size());
                        })
                        .build()));

        RunResult first = run(project, endpoints);

        assertThat(first.outcome()).as(first.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        try (Connection main = new TrinoEngine(endpoints).connect(Branches.MAIN)) {
            assertThat(TestSql.single(main, "select count(*) from " + layer + ".band_count where bands = 2 and total = 10.5")).isEqualTo(1);
            assertThat(TestSql.single(main, "select count(*) from " + layer + ".scores where reasons = array['qty 5']")).isEqualTo(1);
        }
        long snapshot;
        try (var catalog = io.strata.lake.IcebergCatalogs.forBranch(endpoints, Branches.MAIN)) {
            var table = catalog.loadTable(org.apache.iceberg.catalog.TableIdentifier.of(layer, "scores"));
            assertThat(table.snapshots()).as("one commit of the build").hasSize(1);
            assertThat(table.schema().findField("score_value")).isNotNull();
            snapshot = table.currentSnapshot().snapshotId();
        }

        fail.set(true);
        RunResult failed = run(project, endpoints);

        assertThat(failed.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(asset(failed, "scores").error()).hasValueSatisfying(error -> assertThat(error).contains("scoring stopped half way"));
        try (var catalog = io.strata.lake.IcebergCatalogs.forBranch(endpoints, failed.branch())) {
            assertThat(catalog.loadTable(org.apache.iceberg.catalog.TableIdentifier.of(layer, "scores")).currentSnapshot().snapshotId())
                    .as("nothing committed on the run's branch by the failed build").isEqualTo(snapshot);
        }
    }

    @Test
    void aJavaAssetsViewReadsMainAfterTheMergeLikeAModelsView(LakeEndpoints endpoints) throws Exception {
        TestProject project = TestProject.in(root)
                .file("models/" + layer + "/orders.sql", ORDERS)
                .with(() -> List.of(AssetSpec.builder("big_orders")
                        .deps("orders")
                        .layer(layer)
                        .view()
                        .compute(context -> {
                            try (Statement statement = context.sql().createStatement()) {
                                statement.execute("create or replace view " + context.relation() + " as select * from orders where qty > 2");
                            }
                            return AssetResult.none();
                        })
                        .build()));

        RunResult result = run(project, endpoints);

        assertThat(result.outcome()).as(result.reason().orElse("")).isEqualTo(RunResult.Outcome.MERGED);
        try (NessieBranches branches = new NessieBranches(endpoints.nessieApi())) {
            assertThat(branches.find(result.branch())).as("the run's branch is gone").isEmpty();
        }
        try (Connection main = new TrinoEngine(endpoints).connect(Branches.MAIN)) {
            assertThat(TestSql.single(main, "select count(*) from " + layer + ".big_orders")).isEqualTo(1);
        }
    }
}
