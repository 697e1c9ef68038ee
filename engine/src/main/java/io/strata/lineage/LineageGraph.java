package io.strata.lineage;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The columns a column derives from (upstream), those that derive from it (downstream), or both: each column once,
 * with the edges between them. Edges that carry a value are followed; a filtered-by or joined-on edge ends where it
 * is.
 *
 * @param root the column asked about
 * @param columns every column reached, the root first, then in the order they were reached
 * @param edges each derivation once, {@code from} upstream of {@code to}
 * @param warnings what lineage could not follow in the models on the way, as {@code model: text}
 */
public record LineageGraph(ColumnRef root, Direction direction, List<ColumnRef> columns, List<ColumnEdge> edges, List<String> warnings) {
    public LineageGraph {
        requireNonNull(root, "root");
        requireNonNull(direction, "direction");
        columns = List.copyOf(columns);
        edges = List.copyOf(edges);
        warnings = List.copyOf(warnings);
    }

    /** Which way to follow a column. */
    public enum Direction {
        UPSTREAM, DOWNSTREAM, BOTH;

        boolean upstream() {
            return this != DOWNSTREAM;
        }

        boolean downstream() {
            return this != UPSTREAM;
        }
    }

    /** The edges into {@code column}: what it derives from. */
    public List<ColumnEdge> into(ColumnRef column) {
        return edges.stream().filter(edge -> edge.to().equals(column)).toList();
    }

    /** The edges out of {@code column}: what derives from it. */
    public List<ColumnEdge> outOf(ColumnRef column) {
        return edges.stream().filter(edge -> edge.from().equals(column)).toList();
    }
}
