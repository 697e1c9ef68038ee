package io.strata.ui.graph;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The layout's promises: dependencies run left to right, and each layer has its own lane. */
class LaneLayoutTest {
    @Test
    void everyEdgeRunsLeftToRight() {
        GraphShape shape = lakehouse(300, 7);
        GraphLayout layout = new LaneLayout().layout(shape);

        assertThat(layout.boxes()).hasSize(shape.nodes().size());
        for (GraphShape.Edge edge : shape.edges()) {
            GraphLayout.Box source = layout.boxes().get(edge.source());
            GraphLayout.Box target = layout.boxes().get(edge.target());
            assertThat(source.x() + source.width()).as(edge.toString()).isLessThan(target.x());
        }
    }

    @Test
    void lanesAreStackedInLayerOrderWithoutOverlapAndHoldTheirLayersNodes() {
        GraphShape shape = lakehouse(300, 11);
        GraphLayout layout = new LaneLayout().layout(shape);

        assertThat(layout.lanes()).extracting(GraphLayout.Lane::layer)
                .containsExactly(Optional.of("bronze"), Optional.of("silver"), Optional.of("gold"), Optional.of("marts"), Optional.empty());
        for (int i = 1; i < layout.lanes().size(); i++) {
            GraphLayout.Lane above = layout.lanes().get(i - 1);
            assertThat(layout.lanes().get(i).y()).isGreaterThanOrEqualTo(above.y() + above.height());
        }
        for (GraphShape.Node node : shape.nodes()) {
            GraphLayout.Lane lane = layout.lanes().stream().filter(candidate -> candidate.layer().equals(node.layer())).findFirst().orElseThrow();
            GraphLayout.Box box = layout.boxes().get(node.key());
            assertThat(box.y()).as(node.key()).isGreaterThanOrEqualTo(lane.y());
            assertThat(box.y() + box.height()).as(node.key()).isLessThanOrEqualTo(lane.y() + lane.height());
            assertThat(box.x() + box.width()).isLessThanOrEqualTo(layout.width());
        }
        assertThat(layout.height()).isGreaterThanOrEqualTo(layout.lanes().getLast().y() + layout.lanes().getLast().height());
    }

    @Test
    void nodesNeverOverlap() {
        GraphLayout layout = new LaneLayout().layout(lakehouse(200, 3));
        List<GraphLayout.Box> boxes = List.copyOf(layout.boxes().values());
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                GraphLayout.Box a = boxes.get(i);
                GraphLayout.Box b = boxes.get(j);
                boolean apart = a.x() + a.width() <= b.x() || b.x() + b.width() <= a.x() || a.y() + a.height() <= b.y() || b.y() + b.height() <= a.y();
                assertThat(apart).as(a + " and " + b).isTrue();
            }
        }
    }

    @Test
    void aLargeGraphIsLaidOutWithItsPromisesKept() {
        GraphShape shape = lakehouse(3_000, 5);
        assertThat(shape.nodes().size() + shape.edges().size()).isGreaterThan(LaneLayout.LARGE);
        GraphLayout layout = new LaneLayout().layout(shape);

        for (GraphShape.Edge edge : shape.edges()) {
            assertThat(layout.boxes().get(edge.source()).x()).isLessThan(layout.boxes().get(edge.target()).x());
        }
    }

    @Test
    void anEmptyGraphHasNoLanes() {
        GraphLayout layout = new LaneLayout().layout(new GraphShape(List.of(), List.of()));
        assertThat(layout.boxes()).isEmpty();
        assertThat(layout.lanes()).isEmpty();
    }

    @Test
    void theCacheLaysOutAShapeOnceAndForgetsTheOldestBeyondItsCapacity() {
        LayoutCache cache = new LayoutCache(new LaneLayout(), 2);
        GraphShape first = lakehouse(40, 1);
        GraphLayout layout = cache.layoutOf(first);

        assertThat(cache.layoutOf(lakehouse(40, 1))).as("an equal shape, built again").isSameAs(layout);
        assertThat(cache.computed()).isEqualTo(1);

        cache.layoutOf(lakehouse(40, 2));
        cache.layoutOf(lakehouse(40, 3));
        assertThat(cache.computed()).isEqualTo(3);
        assertThat(cache.layoutOf(first)).as("forgotten, computed again").isNotSameAs(layout).isEqualTo(withMillis(layout, cache.layoutOf(first)));
        assertThat(cache.computed()).isEqualTo(4);
    }

    private static GraphLayout withMillis(GraphLayout layout, GraphLayout other) {
        return new GraphLayout(layout.boxes(), layout.lanes(), layout.width(), layout.height(), other.layoutMillis());
    }

    /**
     * A random lakehouse: bronze assets read nothing, silver ones read bronze and earlier silver ones, gold ones read
     * silver; a few assets in a "marts" layer and a few without a layer.
     */
    static GraphShape lakehouse(int size, long seed) {
        Random random = new Random(seed);
        List<GraphShape.Node> nodes = new ArrayList<>();
        List<GraphShape.Edge> edges = new ArrayList<>();
        int bronze = size / 5;
        int silver = size / 2;
        int gold = size - bronze - silver;
        for (int i = 0; i < bronze; i++) {
            nodes.add(new GraphShape.Node("b" + i, Optional.of("bronze")));
        }
        for (int i = 0; i < silver; i++) {
            String key = "s" + i;
            nodes.add(new GraphShape.Node(key, Optional.of("silver")));
            for (int r = 0; r < 1 + random.nextInt(3); r++) {
                String source = i > 3 && random.nextInt(3) == 0 ? "s" + random.nextInt(i) : "b" + random.nextInt(bronze);
                addEdge(edges, source, key);
            }
        }
        for (int i = 0; i < gold; i++) {
            String key = "g" + i;
            Optional<String> layer = i % 10 == 0 ? Optional.of("marts") : i % 10 == 1 ? Optional.empty() : Optional.of("gold");
            nodes.add(new GraphShape.Node(key, layer));
            for (int r = 0; r < 1 + random.nextInt(4); r++) {
                addEdge(edges, "s" + random.nextInt(silver), key);
            }
        }
        nodes.sort((a, b) -> a.key().compareTo(b.key()));
        return new GraphShape(nodes, edges);
    }

    private static void addEdge(List<GraphShape.Edge> edges, String source, String target) {
        GraphShape.Edge edge = new GraphShape.Edge(source, target);
        if (!edges.contains(edge)) {
            edges.add(edge);
        }
    }
}
