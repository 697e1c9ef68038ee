package io.strata.cli;

import io.strata.api.AssetKey;
import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import io.strata.lineage.ColumnEdge;
import io.strata.lineage.ColumnLineage;
import io.strata.lineage.ColumnRef;
import io.strata.lineage.LineageGraph;
import io.strata.lineage.MainColumns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Column lineage of the FutureMobility project at the repository root, compiled from a copy (no stack needed). */
class FutureMobilityLineageTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path project;

    private static CompiledProject compiled;
    private static ColumnLineage lineage;

    @BeforeAll
    static void compileACopy() throws IOException {
        assertThat(REPOSITORY.resolve("strata.yml")).as("the test runs from the cli module of the repository").exists();
        for (String path : List.of("strata.yml", "models", "macros", "tests")) {
            copy(REPOSITORY.resolve(path), project.resolve(path));
        }
        try (Compiler compiler = Compiler.forProject(project, CompileOptions.defaults())) {
            compiled = compiler.compile();
        }
        lineage = compiled.columnLineage();
    }

    private static ColumnRef column(String asset, String column) {
        return new ColumnRef(AssetKey.of(asset), column);
    }

    private static List<String> into(LineageGraph graph, ColumnRef column) {
        return graph.into(column).stream().map(edge -> edge.from() + " " + edge.derivation().label()).toList();
    }

    @Test
    void retypingTheSalePriceWarnsOfTheColumnsOnMainThatDeriveFromIt() throws IOException {
        MainColumns main = MainColumns.empty().with(lineage, compiled.graph().assets().stream().map(Asset::key).toList());
        Path sales = project.resolve("models/silver/sales.sql");
        String original = Files.readString(sales);
        assertThat(original).contains("    price_eur,\n");
        Files.writeString(sales, original.replace("    price_eur,\n", "    cast(price_eur as double) as price_eur,\n"));
        try (Compiler compiler = Compiler.forProject(project, CompileOptions.defaults())) {
            CompiledProject changed = compiler.compile();

            assertThat(main.impact(changed.columnLineage(), changed.graph())).singleElement().asString()
                    .startsWith("models/silver/sales.sql: warning: impact on main: column 'price_eur' of 'sales' (decimal(12,2) on main) is now double;")
                    .contains("sales_monthly.revenue_eur (aggregated)");
        }
        finally {
            Files.writeString(sales, original);
        }
    }

    @Test
    void salesMonthlyRevenueIsTracedThroughSilverSalesToTheBronzeSalePrice() {
        LineageGraph graph = lineage.trace(column("sales_monthly", "revenue_eur"), LineageGraph.Direction.UPSTREAM, -1);

        assertThat(into(graph, column("sales_monthly", "revenue_eur"))).contains("sales.price_eur aggregated", "sales.sale_month joined on");
        assertThat(into(graph, column("sales", "price_eur"))).contains("ecoride_sales.price_eur copied", "ecoride_sales.sale_id filtered by");
        assertThat(graph.columns()).contains(column("ecoride_sales", "price_eur")).doesNotContain(column("ecoride_sales", "dealer"));
    }

    @Test
    void everyGoldColumnIsKnownAndItsValueTracedToColumnsOfIngestOrJavaAssets() {
        assertThat(lineage.warnings()).isEmpty();
        List<Asset> gold = compiled.models().stream().filter(model -> model.layer().equals(java.util.Optional.of("gold"))).toList();
        assertThat(gold).hasSizeGreaterThan(5);
        for (Asset model : gold) {
            List<String> columns = lineage.columns(model.key()).orElseThrow(() -> new AssertionError("no columns for " + model.key()));
            assertThat(columns).as(model.key().toString()).isNotEmpty();
            for (String name : columns) {
                LineageGraph graph = lineage.trace(column(model.name(), name), LineageGraph.Direction.UPSTREAM, -1);
                // A count(*) derives from no column, at most from those that decide its rows.
                if (graph.into(graph.root()).stream().anyMatch(edge -> edge.derivation().carriesValue())) {
                    assertThat(graph.edges()).as(model.key() + "." + name).anyMatch(edge -> edge.derivation().carriesValue()
                            && List.of(AssetKind.INGEST, AssetKind.CODE).contains(compiled.graph().require(edge.from().asset()).kind()));
                }
            }
        }
    }

    @Test
    void unnestAndStructFieldsOfSilverAreTransformationsOfTheirBronzeColumns() {
        assertThat(lineage.upstream(column("vehicle_maintenance", "service_type"))).extracting(edge -> edge.from() + " " + edge.derivation().label())
                .contains("vehicle_health.maintenance_log transformed");
        assertThat(lineage.upstream(column("stations", "latitude"))).extracting(edge -> edge.from() + " " + edge.derivation().label())
                .contains("chargenet_stations.location transformed");
        assertThat(lineage.upstream(column("vehicles", "list_price_eur"))).extracting(edge -> edge.from() + " " + edge.derivation().label())
                .contains("ecoride_vehicles.price_eur renamed");
    }

    @Test
    void downstreamOfTheBronzeSalePriceReachesTheGoldRevenueAndSpend() {
        LineageGraph graph = lineage.trace(column("ecoride_sales", "price_eur"), LineageGraph.Direction.DOWNSTREAM, -1);

        assertThat(graph.columns()).contains(column("sales", "price_eur"), column("sales_monthly", "revenue_eur"),
                column("customer_lifetime_value", "vehicle_spend_eur"), column("customer_lifetime_value", "lifetime_value_eur"));
        assertThat(graph.edges()).extracting(ColumnEdge::derivation).allMatch(derivation -> derivation.carriesValue());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target);
                }
            }
        }
    }
}
