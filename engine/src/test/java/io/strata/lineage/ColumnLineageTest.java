package io.strata.lineage;

import io.strata.api.AssetKey;
import io.strata.compile.TestProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lineage across the models of a compiled project, over sources, seeds and ephemeral models. */
class ColumnLineageTest {
    @TempDir
    Path root;

    private static ColumnRef column(String text) {
        int dot = text.lastIndexOf('.');
        return new ColumnRef(AssetKey.parse(text.substring(0, dot)), text.substring(dot + 1));
    }

    private static List<String> described(List<ColumnEdge> edges) {
        return edges.stream().map(edge -> edge.from() + " -" + edge.derivation().label() + "-> " + edge.to()).toList();
    }

    private TestProject shop() {
        return TestProject.in(root)
                .file("models/sources.yml", """
                        sources:
                          - name: crm
                            schema: raw
                            tables:
                              - name: orders
                                columns: [{name: id}, {name: customer_id}, {name: cents}, {name: status}]
                        """)
                .file("seeds/countries.csv", "code,country_name\nDE,Germany\n")
                .file("models/silver/customers.sql", "select 'c1' as customer_id, 'DE' as code")
                .file("models/silver/priced.sql", "{{ config(materialized='ephemeral') }}\n"
                        + "select id, customer_id, cents / 100.0 as eur from {{ source('crm', 'orders') }} where status = 'paid'")
                .file("models/silver/orders.sql", "select * from {{ ref('priced') }}")
                .file("models/gold/revenue.sql", """
                        select countries.country_name as country, sum(orders.eur) as revenue
                        from {{ ref('orders') }} as orders
                        join {{ ref('customers') }} as customers on customers.customer_id = orders.customer_id
                        join {{ ref('countries') }} as countries on countries.code = customers.code
                        group by countries.country_name""");
    }

    @Test
    void selectStarOverAModelExpandsToItsColumnsDerivedInDependencyOrder() {
        ColumnLineage lineage = shop().compile().columnLineage();

        assertThat(lineage.columns(AssetKey.of("orders"))).contains(List.of("id", "customer_id", "eur"));
        assertThat(lineage.columns(AssetKey.of("countries"))).contains(List.of("code", "country_name"));
        assertThat(lineage.columns(AssetKey.of("crm", "orders"))).contains(List.of("id", "customer_id", "cents", "status"));
        assertThat(lineage.warnings()).isEmpty();
    }

    @Test
    void aGoldColumnIsTracedThroughAnEphemeralModelToTheSourceColumn() {
        ColumnLineage lineage = shop().compile().columnLineage();

        LineageGraph graph = lineage.trace(column("revenue.revenue"), LineageGraph.Direction.UPSTREAM, -1);

        assertThat(described(graph.into(column("revenue.revenue")))).contains("orders.eur -aggregated-> revenue.revenue",
                "orders.customer_id -joined on-> revenue.revenue", "countries.code -joined on-> revenue.revenue");
        assertThat(described(graph.into(column("orders.eur")))).containsExactly("priced.eur -copied-> orders.eur");
        assertThat(described(graph.into(column("priced.eur")))).containsExactly("crm/orders.cents -transformed-> priced.eur",
                "crm/orders.status -filtered by-> priced.eur");
        assertThat(graph.columns()).contains(column("crm/orders.cents")).doesNotContain(column("crm/orders.id"));
    }

    @Test
    void aColumnThatJoinsOrFiltersIsShownButWhatItDerivesFromIsNotFollowed() {
        ColumnLineage lineage = shop().compile().columnLineage();

        LineageGraph graph = lineage.trace(column("revenue.revenue"), LineageGraph.Direction.UPSTREAM, -1);

        assertThat(graph.columns()).contains(column("orders.customer_id"), column("crm/orders.status"))
                .doesNotContain(column("priced.customer_id"), column("crm/orders.customer_id"));
    }

    @Test
    void downstreamFindsEveryModelColumnDerivedFromASourceColumnAndDepthLimitsTheHops() {
        ColumnLineage lineage = shop().compile().columnLineage();

        LineageGraph all = lineage.trace(column("crm/orders.cents"), LineageGraph.Direction.DOWNSTREAM, -1);
        LineageGraph one = lineage.trace(column("crm/orders.cents"), LineageGraph.Direction.DOWNSTREAM, 1);

        assertThat(all.columns()).containsExactly(column("crm/orders.cents"), column("priced.eur"), column("orders.eur"), column("revenue.revenue"));
        assertThat(one.columns()).containsExactly(column("crm/orders.cents"), column("priced.eur"));
    }

    @Test
    void aModelOverAnAssetOfUnknownColumnsHasUnknownColumnsAndAWarningYetNamesAreFollowed() {
        ColumnLineage lineage = TestProject.in(root)
                .file("models/sources.yml", "sources:\n  - name: crm\n    tables:\n      - name: events\n")
                .file("models/silver/events.sql", "select * from {{ source('crm', 'events') }}")
                .file("models/gold/daily.sql", "select date(at) as day, count(*) as events from {{ ref('events') }} group by 1")
                .compile().columnLineage();

        assertThat(lineage.columns(AssetKey.of("events"))).isEmpty();
        assertThat(lineage.warnings().get(AssetKey.of("events"))).singleElement().asString().contains("columns are unknown");
        assertThat(lineage.columns(AssetKey.of("daily"))).contains(List.of("day", "events"));
        assertThat(described(lineage.upstream(column("daily.day")))).containsExactly("events.at -transformed-> daily.day");
        assertThat(described(lineage.upstream(column("events.at")))).containsExactly("crm/events.at -copied-> events.at");
        assertThat(lineage.has(column("events.at"))).isTrue();
    }

    @Test
    void yamlColumnsStandForAModelWhoseColumnsTheSqlDoesNotShow() {
        ColumnLineage lineage = TestProject.in(root)
                .file("models/sources.yml", """
                        sources:
                          - name: crm
                            tables:
                              - name: events
                        models:
                          - name: events
                            columns: [{name: id}, {name: at}]
                        """)
                .file("models/silver/events.sql", "select * from {{ source('crm', 'events') }}")
                .compile().columnLineage();

        assertThat(lineage.columns(AssetKey.of("events"))).contains(List.of("id", "at"));
        assertThat(lineage.warnings().get(AssetKey.of("events"))).singleElement().asString().contains("taken from its YAML");
    }
}
