package io.strata.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * What a Java asset's build made: the rows it wrote, if it counts them, and metadata it wants kept with the run (shown
 * by {@code strata runs show} and the UI next to an ingest asset's counts): numbers, text and flags by name.
 */
public record AssetResult(OptionalLong rows, Map<String, Object> metadata) {
    public AssetResult {
        requireNonNull(rows, "rows");
        for (Map.Entry<String, Object> entry : metadata.entrySet()) {
            if (!(entry.getValue() instanceof Long || entry.getValue() instanceof Double || entry.getValue() instanceof String
                    || entry.getValue() instanceof Boolean)) {
                throw new IllegalArgumentException("metadata '" + entry.getKey() + "' is a " + (entry.getValue() == null ? "null"
                        : entry.getValue().getClass().getSimpleName()) + "; keep a long, a double, a string or a boolean");
            }
        }
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

    /** The same result with one more count kept. */
    public AssetResult with(String name, long value) {
        return withValue(name, value);
    }

    /** The same result with one more measure kept (an AUC, a share). */
    public AssetResult with(String name, double value) {
        return withValue(name, value);
    }

    /** The same result with one more text kept (a model's version, a file's name). */
    public AssetResult with(String name, String value) {
        return withValue(name, requireNonNull(value, name));
    }

    /** The same result with one more flag kept. */
    public AssetResult with(String name, boolean value) {
        return withValue(name, value);
    }

    private AssetResult withValue(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(metadata);
        more.put(requireNonNull(name, "name"), value);
        return new AssetResult(rows, more);
    }
}
