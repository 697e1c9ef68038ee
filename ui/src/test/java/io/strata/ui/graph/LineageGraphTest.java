package io.strata.ui.graph;

import io.strata.compile.CompileOptions;
import io.strata.compile.TestProject;
import io.strata.lake.LakeLocator;
import io.strata.service.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The graph the page draws, from a real project compiled by a workspace. */
class LineageGraphTest {
    private static final LakeLocator NO_LAKE = (profile, root) -> {
        throw new AssertionError("the lake was asked for");
    };

    @TempDir
    Path root;

    @Test
    void aSelectionNarrowsTheGraphToItsAssetsAndTheEdgesBetweenThem() {
        TestProject.in(root)
                .file("models/bronze/raw_orders.sql", "select 1 as id")
                .file("models/bronze/raw_customers.sql", "select 1 as id")
                .file("models/silver/orders.sql", "select * from {{ ref('raw_orders') }}")
                .file("models/silver/customers.sql", "select * from {{ ref('raw_customers') }}")
                .file("models/gold/revenue.sql", "select * from {{ ref('orders') }} join {{ ref('customers') }} using (id)");
        try (Workspace workspace = Workspace.open(root, CompileOptions.defaults(), NO_LAKE)) {
            LayoutCache cache = new LayoutCache(new LaneLayout(), 4);
            LineageGraph graph = new LineageGraph(workspace, cache);

            GraphView all = graph.view("");
            assertThat(all.nodes()).extracting(GraphView.Node::key)
                    .containsExactlyInAnyOrder("raw_orders", "raw_customers", "orders", "customers", "revenue");
            assertThat(all.edges()).hasSize(4);
            assertThat(all.lanes()).extracting(GraphView.Lane::layer).containsExactly("bronze", "silver", "gold");
            assertThat(all.nodes()).filteredOn(node -> node.key().equals("revenue")).singleElement()
                    .satisfies(node -> assertThat(node.layer()).isEqualTo("gold"))
                    .satisfies(node -> assertThat(node.kind()).isEqualTo("model"));

            assertThat(graph.view(" ")).as("blank is everything, answered from the last answer").isSameAs(all);

            GraphView upstream = graph.view("+orders");
            assertThat(upstream.nodes()).extracting(GraphView.Node::key).containsExactlyInAnyOrder("raw_orders", "orders");
            assertThat(upstream.edges()).containsExactly(new GraphView.Edge("raw_orders", "orders"));
            assertThat(upstream.lanes()).extracting(GraphView.Lane::layer).containsExactly("bronze", "silver");

            assertThat(graph.view("")).as("from the cached layout").isEqualTo(all);
            assertThat(cache.computed()).as("two shapes, each laid out once").isEqualTo(2);
        }
    }
}
