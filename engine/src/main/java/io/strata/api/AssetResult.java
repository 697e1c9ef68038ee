package io.strata.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * What a Java asset's build made: the rows it wrote, if it counts them, and numbers it wants kept with the run (shown
 * by {@code strata runs show} and the UI next to an ingest asset's counts).
 */
public record AssetResult(OptionalLong rows, Map<String, Long> metadata) {
    public AssetResult {
        requireNonNull(rows, "rows");
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** Nothing counted: an asset of side effects. */
    public static AssetResult none() {
        return new AssetResult(OptionalLong.empty(), Map.of());
    }

    /** {@code rows} rows written. */
    public static AssetResult rows(long rows) {
        return new AssetResult(OptionalLong.of(rows), Map.of());
    }

    /** The same result with one more number kept. */
    public AssetResult with(String name, long value) {
        Map<String, Long> more = new LinkedHashMap<>(metadata);
        more.put(name, value);
        return new AssetResult(rows, more);
    }
}
