package io.strata.ui.api;

import io.strata.lineage.LineageGraph;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Locale;

/**
 * A column's lineage as JSON, the document {@code strata lineage MODEL.COLUMN --output json} prints: the columns
 * reached (the asked one first) and the derivations between them.
 *
 * @param column the column asked about, {@code asset.column}
 * @param direction upstream, downstream or both
 * @param warnings what lineage could not follow in the assets on the way, as {@code asset: text}
 */
@Schema(description = "Where a column comes from and where it goes: columns as nodes, derivations as edges.")
public record ColumnGraph(String column, @Schema(allowableValues = {"upstream", "downstream", "both"}) String direction, List<Node> columns,
                          List<Edge> edges, List<String> warnings) {
    /**
     * @param id {@code asset.column}, as edges name it
     */
    @Schema(name = "LineageColumn", description = "A column reached: its asset and name.")
    public record Node(String id, String asset, String column) {
    }

    /**
     * @param from the column derived from, {@code asset.column}
     * @param to the column that derives from it
     * @param derivation copied, renamed, transformed, aggregated, filtered by or joined on
     */
    @Schema(name = "LineageEdge", description = "Column 'to' derives from column 'from', in the given way.")
    public record Edge(String from, String to,
                       @Schema(allowableValues = {"copied", "renamed", "transformed", "aggregated", "filtered by", "joined on"}) String derivation) {
    }

    static ColumnGraph of(LineageGraph graph) {
        return new ColumnGraph(graph.root().toString(), graph.direction().name().toLowerCase(Locale.ROOT),
                graph.columns().stream().map(column -> new Node(column.toString(), column.asset().toString(), column.column())).toList(),
                graph.edges().stream().map(edge -> new Edge(edge.from().toString(), edge.to().toString(), edge.derivation().label())).toList(),
                graph.warnings());
    }
}
