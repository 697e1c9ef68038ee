package io.strata.ui.graph;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where each asset of a {@link GraphShape} is drawn: dependencies run left to right, and each layer is a horizontal
 * lane (bronze above silver above gold, then other layers, then the assets without one).
 *
 * @param boxes each node's box, by key
 * @param lanes top to bottom, one per layer present
 * @param layoutMillis how long computing it took
 */
public record GraphLayout(Map<String, Box> boxes, List<Lane> lanes, double width, double height, long layoutMillis) {
    public GraphLayout {
        boxes = Map.copyOf(boxes);
        lanes = List.copyOf(lanes);
    }

    /** A node's rectangle; {@code x} and {@code y} are its top left corner. */
    public record Box(double x, double y, double width, double height) {
    }

    /** The band of one layer ({@code layer} empty: the assets without a layer), full width. */
    public record Lane(Optional<String> layer, double y, double height) {
        public Lane {
            requireNonNull(layer, "layer");
        }
    }
}
