package io.strata.ui.graph;

import org.eclipse.elk.alg.layered.options.CrossingMinimizationStrategy;
import org.eclipse.elk.alg.layered.options.GreedySwitchType;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.LayeringStrategy;
import org.eclipse.elk.alg.layered.options.NodePlacementStrategy;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Lays out a {@link GraphShape} in two steps. ELK's layered algorithm assigns each node a column (left to right by
 * dependency) and an order within its column (crossing minimisation). Then each layer's nodes are stacked in that
 * layer's lane, column by column in ELK's order, centred in the lane; the columns and their order stay ELK's.
 * <p>
 * Only ELK's columns and in-column order are kept, never its coordinates, so its cheapest node placement and edge
 * routing serve; above {@value #LARGE} nodes and edges the crossing minimisation also sweeps once instead of seven
 * times, without the greedy switch after it (see docs/benchmarks.md).
 */
public final class LaneLayout {
    static final double NODE_WIDTH = 220;
    static final double NODE_HEIGHT = 34;
    static final double COLUMN_GAP = 110;
    static final double ROW_GAP = 10;
    /** Room above a lane's first row for its label. */
    static final double LANE_HEADER = 28;
    static final double LANE_PADDING = 12;
    static final double MARGIN = 40;
    /** Nodes plus edges above which the layout trades quality for speed. */
    static final int LARGE = 4_000;

    /** The lanes that come first, in this order; other layers follow by name, then the assets without a layer. */
    private static final List<String> KNOWN_LAYERS = List.of("bronze", "silver", "gold");

    public GraphLayout layout(GraphShape shape) {
        long start = System.nanoTime();
        Map<String, Integer> column = new HashMap<>();
        Map<String, Double> order = new HashMap<>();
        placeWithElk(shape, column, order);

        Map<Optional<String>, List<GraphShape.Node>> byLane = new TreeMap<>(LaneLayout::compareLanes);
        for (GraphShape.Node node : shape.nodes()) {
            byLane.computeIfAbsent(node.layer(), layer -> new ArrayList<>()).add(node);
        }
        int columns = column.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        Map<String, GraphLayout.Box> boxes = new LinkedHashMap<>();
        List<GraphLayout.Lane> lanes = new ArrayList<>();
        double top = MARGIN;
        for (Map.Entry<Optional<String>, List<GraphShape.Node>> lane : byLane.entrySet()) {
            Map<Integer, List<String>> stacks = new TreeMap<>();
            for (GraphShape.Node node : lane.getValue()) {
                stacks.computeIfAbsent(column.get(node.key()), c -> new ArrayList<>()).add(node.key());
            }
            int rows = stacks.values().stream().mapToInt(List::size).max().orElse(0);
            double height = LANE_HEADER + rows * (NODE_HEIGHT + ROW_GAP) - ROW_GAP + LANE_PADDING;
            for (Map.Entry<Integer, List<String>> stack : stacks.entrySet()) {
                List<String> keys = stack.getValue();
                keys.sort(Comparator.comparingDouble(order::get));
                double first = top + LANE_HEADER + (rows - keys.size()) * (NODE_HEIGHT + ROW_GAP) / 2;
                double x = MARGIN + stack.getKey() * (NODE_WIDTH + COLUMN_GAP);
                for (int row = 0; row < keys.size(); row++) {
                    boxes.put(keys.get(row), new GraphLayout.Box(x, first + row * (NODE_HEIGHT + ROW_GAP), NODE_WIDTH, NODE_HEIGHT));
                }
            }
            lanes.add(new GraphLayout.Lane(lane.getKey(), top, height));
            top += height;
        }
        double width = MARGIN * 2 + Math.max(0, columns * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP);
        return new GraphLayout(boxes, lanes, width, top + MARGIN, (System.nanoTime() - start) / 1_000_000);
    }

    /** Runs ELK on the shape: each node's column (0 = leftmost) and its position within the column (smaller = higher). */
    private static void placeWithElk(GraphShape shape, Map<String, Integer> column, Map<String, Double> order) {
        if (shape.nodes().isEmpty()) {
            return;
        }
        boolean large = shape.nodes().size() + shape.edges().size() > LARGE;
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(LayeredOptions.DIRECTION, Direction.RIGHT);
        // One graph, not one per connected component: components packed side by side would not share columns.
        root.setProperty(LayeredOptions.SEPARATE_CONNECTED_COMPONENTS, false);
        root.setProperty(LayeredOptions.NODE_PLACEMENT_STRATEGY, NodePlacementStrategy.SIMPLE);
        root.setProperty(LayeredOptions.EDGE_ROUTING, EdgeRouting.POLYLINE);
        root.setProperty(LayeredOptions.CROSSING_MINIMIZATION_STRATEGY, CrossingMinimizationStrategy.LAYER_SWEEP);
        root.setProperty(LayeredOptions.RANDOM_SEED, 1);
        // Each asset in the first column after all it reads: what is read by nothing downstream of anything starts left.
        root.setProperty(LayeredOptions.LAYERING_STRATEGY, LayeringStrategy.LONGEST_PATH_SOURCE);
        if (large) {
            root.setProperty(LayeredOptions.THOROUGHNESS, 1);
            root.setProperty(LayeredOptions.CROSSING_MINIMIZATION_GREEDY_SWITCH_TYPE, GreedySwitchType.OFF);
        }
        Map<String, ElkNode> nodes = new HashMap<>();
        for (GraphShape.Node node : shape.nodes()) {
            ElkNode elk = ElkGraphUtil.createNode(root);
            elk.setDimensions(NODE_WIDTH, NODE_HEIGHT);
            nodes.put(node.key(), elk);
        }
        for (GraphShape.Edge edge : shape.edges()) {
            ElkGraphUtil.createSimpleEdge(nodes.get(edge.source()), nodes.get(edge.target()));
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());

        // All nodes are as wide as each other, so the nodes of one ELK layer share their x.
        TreeMap<Double, Integer> columns = new TreeMap<>();
        nodes.values().forEach(elk -> columns.put(elk.getX(), 0));
        int index = 0;
        for (Map.Entry<Double, Integer> entry : columns.entrySet()) {
            entry.setValue(index++);
        }
        nodes.forEach((key, elk) -> {
            column.put(key, columns.get(elk.getX()));
            order.put(key, elk.getY());
        });
    }

    /** bronze, silver, gold, then other layers by name, then no layer. */
    static int compareLanes(Optional<String> a, Optional<String> b) {
        return Integer.compare(rank(a), rank(b)) != 0 ? Integer.compare(rank(a), rank(b)) : a.orElse("").compareTo(b.orElse(""));
    }

    private static int rank(Optional<String> layer) {
        if (layer.isEmpty()) {
            return KNOWN_LAYERS.size() + 1;
        }
        int known = KNOWN_LAYERS.indexOf(layer.get());
        return known >= 0 ? known : KNOWN_LAYERS.size();
    }
}
