package io.strata.lineage;

import io.strata.api.AssetKey;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One asset's columns, each with the columns it derives from directly: what {@code strata lineage ASSET.COLUMN --upstream
 * --depth 1} shows for every column at once, read from one compiled project.
 *
 * @param columns the asset's columns in order, when the project says or its SQL shows them
 * @param types the type of each column whose type is known (declared, or derived from the SQL)
 * @param upstream by column, in the order of {@code columns}: the edges into it (none for a column where lineage starts)
 * @param warnings what lineage could not follow in the asset's SQL (why its columns are unknown, for one)
 */
public record ColumnSources(AssetKey asset, Optional<List<String>> columns, Map<String, String> types, Map<String, List<ColumnEdge>> upstream,
                            List<String> warnings) {
    public ColumnSources {
        requireNonNull(asset, "asset");
        columns = columns.map(List::copyOf);
        types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        upstream = Collections.unmodifiableMap(new LinkedHashMap<>(upstream));
        warnings = List.copyOf(warnings);
    }
}
