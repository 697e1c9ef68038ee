package io.strata.project;

import io.strata.compile.CompiledProject;
import io.strata.compile.SingularTest;
import io.strata.compile.TestProject;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

import static io.strata.compile.TestProject.asset;
import static io.strata.compile.TestProject.sql;
import static org.assertj.core.api.Assertions.assertThat;

/** dbt's jaffle_shop, its files as dbt users have them, loads without a change. */
class DbtProjectTest {
    @TempDir
    Path root;

    private CompiledProject compileJaffleShop() throws IOException, URISyntaxException {
        Path fixture = Paths.get(getClass().getResource("/projects/jaffle_shop").toURI());
        try (Stream<Path> files = Files.walk(fixture)) {
            files.forEach(file -> {
                try {
                    Path copy = root.resolve(fixture.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    }
                    else {
                        Files.copy(file, copy);
                    }
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return TestProject.empty(root).compile();
    }

    @Test
    void everyModelSeedAndTestOfJaffleShopLoads() throws Exception {
        CompiledProject project = compileJaffleShop();

        assertThat(project.projectFile().name()).isEqualTo("jaffle_shop");
        assertThat(project.graph().assets()).extracting(asset -> asset.key().toString()).containsExactlyInAnyOrder(
                "raw_customers", "raw_orders", "raw_payments", "stg_customers", "stg_orders", "stg_payments", "customers", "orders");
        assertThat(project.graph().assets().stream().filter(asset -> asset.kind() == AssetKind.SEED)).hasSize(3);
        assertThat(project.singularTests()).extracting(SingularTest::name).containsExactly("assert_total_payment_amount_is_positive");
        assertThat(project.singularTests().getFirst().deps()).extracting(Object::toString).containsExactly("orders");
    }

    @Test
    void whatDbtDeclaresBeyondModelsIsReadUnitTestsCompiledAndASnapshotWithoutRelationWithAWarning() {
        CompiledProject project = TestProject.in(root)
                .file("models/orders.sql", "select 1 as id, 10 as amount")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: orders
                        semantic_models:
                          - {name: orders_sm, model: "ref('orders')", measures: [{name: amount, agg: sum}]}
                        metrics:
                          - {name: revenue, type: simple, type_params: {measure: amount}}
                        saved_queries:
                          - {name: q1, query_params: {metrics: [revenue]}}
                        exposures:
                          - {name: dash, type: dashboard, owner: {name: ana}, depends_on: ["ref('orders')"]}
                        groups:
                          - {name: finance, owner: {name: ana}}
                        unit_tests:
                          - {name: t1, model: orders, given: [], expect: {rows: [{id: 1}]}}
                        snapshots:
                          - {name: orders_snapshot}
                        """)
                .compile();

        assertThat(project.warnings()).extracting(warning -> warning.location().line() + ": " + warning.message()).containsExactly(
                "17: snapshot 'orders_snapshot' has no relation: add relation: ref('model') or source('source', 'table'), or a"
                        + " {% snapshot orders_snapshot %} block under snapshots");
        assertThat(project.unitTests()).extracting(test -> test.qualifiedName()).containsExactly("orders.t1");
        assertThat(project.warnings()).allSatisfy(warning -> assertThat(warning.location().file()).isEqualTo("models/schema.yml"));
    }

    @Test
    void folderConfigsUnderTheProjectNameApply() throws Exception {
        CompiledProject project = compileJaffleShop();

        Asset staging = asset(project, "stg_orders");
        assertThat(staging.materialization()).isEqualTo(Materialization.VIEW);
        assertThat(staging.tags()).containsExactly("staging");
        assertThat(asset(project, "customers").materialization()).isEqualTo(Materialization.TABLE);
    }

    @Test
    void varsLoopsAndMacrosRenderAsDbtWould() throws Exception {
        CompiledProject project = compileJaffleShop();

        assertThat(sql(project, "orders"))
                .contains("sum(case when payment_method = 'credit_card' then amount else 0 end) as credit_card_amount,")
                .contains("sum(case when payment_method = 'gift_card' then amount else 0 end) as gift_card_amount,")
                .as("dbt's schema naming: the target's schema").contains("from analytics.stg_orders");
        assertThat(sql(project, "stg_payments")).as("the Postgres cast, as Trino reads it").contains("CAST((amount / 100) AS decimal(16, 2)) as amount");
        assertThat(asset(project, "customers").deps()).extracting(Object::toString)
                .containsExactlyInAnyOrder("stg_customers", "stg_orders", "stg_payments");
    }

    @Test
    void yamlTestsAreAttachedToTheirColumnsWithArgumentsAndSeverity() throws Exception {
        CompiledProject project = compileJaffleShop();

        var checks = asset(project, "orders").checks();
        assertThat(checks).extracting(CheckDefinition::test).containsExactly(
                "unique", "not_null", "not_null", "relationships", "accepted_values", "not_null", "is_positive");
        CheckDefinition status = checks.get(4);
        assertThat(status.column()).contains("status");
        assertThat(status.severity()).isEqualTo(CheckDefinition.Severity.WARN);
        assertThat(status.arguments().get("values")).asList().hasSize(5);
        assertThat(checks.get(3).referencedModels()).containsExactly("customers");
        assertThat(asset(project, "stg_orders").checks().get(2).arguments().get("values")).asList()
                .as("dbt 1.10's arguments: block").hasSize(5);
    }

    @Test
    void aCleanProjectHasNoDirectTableReadWarnings() throws Exception {
        CompiledProject project = compileJaffleShop();

        assertThat(project.warnings()).noneMatch(warning -> warning.message().contains("directly"));
    }
}
