package io.strata.ui.api;

import io.strata.graph.Asset;
import io.strata.lineage.ColumnEdge;
import io.strata.lineage.LineageGraph;
import io.strata.project.ColumnDefinition;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An asset's columns, each with the columns it derives from directly, as {@code strata lineage MODEL.COLUMN --upstream
 * --depth 1} shows them.
 *
 * @param columns in the asset's order; null when they are not known (as {@code strata ls --columns} shows {@code ?})
 * @param warnings what lineage could not follow in this asset and those it reads, as {@code asset: text}
 */
@Schema(description = "An asset's columns, each with the columns it derives from directly.")
public record AssetColumns(String asset, @Schema(nullable = true) List<Column> columns, List<String> warnings) {
    /**
     * @param type the declared data type, null when the YAML does not say
     * @param description the YAML's description, null when it has none
     * @param upstream the columns it derives from directly; empty for a column where lineage starts or a constant
     */
    @Schema(name = "AssetColumnLineage", description = "A column with the columns it derives from directly.")
    public record Column(String name, String type, String description, List<Upstream> upstream) {
    }

    /**
     * @param derivation copied, renamed, transformed, aggregated, filtered by or joined on
     */
    @Schema(name = "UpstreamColumn", description = "A column of an asset read, and how the column derives from it.")
    public record Upstream(String asset, String column,
                           @Schema(allowableValues = {"copied", "renamed", "transformed", "aggregated", "filtered by", "joined on"}) String derivation) {
        static Upstream of(ColumnEdge edge) {
            return new Upstream(edge.from().asset().toString(), edge.from().column(), edge.derivation().label());
        }
    }

    /**
     * @param names the asset's columns, if known
     * @param lineage each column's lineage one derivation upstream
     */
    static AssetColumns of(Asset asset, Optional<List<String>> names, Function<String, LineageGraph> lineage) {
        Map<String, ColumnDefinition> declared = asset.columns().stream()
                .collect(Collectors.toMap(column -> column.name().toLowerCase(Locale.ROOT), Function.identity(), (first, second) -> first));
        Set<String> warnings = new LinkedHashSet<>();
        List<Column> columns = names.map(list -> list.stream().map(name -> {
            LineageGraph graph = lineage.apply(name);
            warnings.addAll(graph.warnings());
            Optional<ColumnDefinition> yaml = Optional.ofNullable(declared.get(name));
            return new Column(name, yaml.flatMap(ColumnDefinition::dataType).orElse(null),
                    yaml.map(ColumnDefinition::description).filter(text -> !text.isBlank()).orElse(null),
                    graph.into(graph.root()).stream().map(Upstream::of).toList());
        }).toList()).orElse(null);
        return new AssetColumns(asset.key().toString(), columns, List.copyOf(warnings));
    }
}
