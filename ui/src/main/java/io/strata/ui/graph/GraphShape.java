package io.strata.ui.graph;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a layout depends on: the assets with their layer (their lane) and the edges between them. Two equal shapes
 * have the same layout, so the shape is the layout cache's key.
 *
 * @param nodes in key order
 * @param edges from the asset read to the asset reading it, in order
 */
public record GraphShape(List<Node> nodes, List<Edge> edges) {
    public GraphShape {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** An asset as the layout sees it: its key (shown joined by {@code /}) and its layer, if it has one. */
    public record Node(String key, Optional<String> layer) {
        public Node {
            requireNonNull(key, "key");
            requireNonNull(layer, "layer");
        }
    }

    /** {@code target} reads {@code source}. */
    public record Edge(String source, String target) {
        public Edge {
            requireNonNull(source, "source");
            requireNonNull(target, "target");
        }
    }
}
