package io.strata.ui.api;

import io.strata.graph.Asset;
import io.strata.lineage.ColumnEdge;
import io.strata.lineage.ColumnSources;
import io.strata.project.ColumnDefinition;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An asset's columns, each with the columns it derives from directly, as {@code strata lineage MODEL.COLUMN --upstream
 * --depth 1} shows them.
 *
 * @param columns in the asset's order; null when they are not known (as {@code strata ls --columns} shows {@code ?})
 * @param warnings what lineage could not follow in the asset's SQL: why its columns are not known, for one
 */
@Schema(description = "An asset's columns, each with the columns it derives from directly.")
public record AssetColumns(String asset, @Schema(nullable = true) List<Column> columns, List<String> warnings) {
    /**
     * @param type the data type the YAML declares, else the one Strata knows (an ingest declaration's, a seed's, or derived from the
     *             model's SQL); null when neither says
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

    static AssetColumns of(Asset asset, ColumnSources sources) {
        Map<String, ColumnDefinition> declared = asset.columns().stream()
                .collect(Collectors.toMap(column -> column.name().toLowerCase(Locale.ROOT), Function.identity(), (first, second) -> first));
        List<Column> columns = sources.columns().map(names -> names.stream().map(name -> {
            Optional<ColumnDefinition> yaml = Optional.ofNullable(declared.get(name));
            return new Column(name, yaml.flatMap(ColumnDefinition::dataType).orElse(sources.types().get(name)),
                    yaml.map(ColumnDefinition::description).filter(text -> !text.isBlank()).orElse(null),
                    sources.upstream().getOrDefault(name, List.of()).stream().map(Upstream::of).toList());
        }).toList()).orElse(null);
        return new AssetColumns(asset.key().toString(), columns, sources.warnings());
    }
}
