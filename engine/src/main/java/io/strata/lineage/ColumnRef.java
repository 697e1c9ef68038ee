package io.strata.lineage;

import io.strata.api.AssetKey;

import static java.util.Objects.requireNonNull;

/** One column of one asset, its name lower-cased as Trino keeps it; shown {@code asset.column}. */
public record ColumnRef(AssetKey asset, String column) implements Comparable<ColumnRef> {
    public ColumnRef {
        requireNonNull(asset, "asset");
        requireNonNull(column, "column");
        column = column.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public int compareTo(ColumnRef other) {
        int order = asset.compareTo(other.asset);
        return order != 0 ? order : column.compareTo(other.column);
    }

    @Override
    public String toString() {
        return asset + "." + column;
    }
}
