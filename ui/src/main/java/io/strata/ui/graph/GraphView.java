package io.strata.ui.graph;

import java.util.List;

/**
 * The answer of {@code GET /api/graph}: every selected asset with its box, the edges between them and the lanes.
 * Fields that may be absent are null in JSON, as in the rest of the REST API.
 */
public record GraphView(List<Node> nodes, List<Edge> edges, List<Lane> lanes, double width, double height, long layoutMillis) {
    public GraphView {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        lanes = List.copyOf(lanes);
    }

    /** An asset and its box; {@code x}, {@code y} are the top left corner. */
    public record Node(String key, String name, String kind, String layer, String materialization, double x, double y, double width,
                       double height) {
    }

    /** {@code target} reads {@code source}. */
    public record Edge(String source, String target) {
    }

    /** A layer's band ({@code layer} null: the assets without a layer). */
    public record Lane(String layer, double y, double height) {
    }
}
