package io.strata.api;

import java.time.LocalDateTime;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The partition a partitioned Java asset's code builds ({@link AssetContext#partition()}): its rows are those whose
 * partition column lies in {@code [start, end)}, in the wall clock of the declared time zone, or, for a static
 * partition, equals its key.
 *
 * @param key {@code 2025-03-01} (a day, or the first day of a week or month), {@code 2025-03-01T05:00} (an hour), or the value
 * @param start the window's first moment; empty for a static value
 * @param end the moment after the window, exclusive; empty for a static value
 */
public record AssetPartition(String key, Optional<LocalDateTime> start, Optional<LocalDateTime> end) {
    public AssetPartition {
        requireNonNull(key, "key");
        requireNonNull(start, "start");
        requireNonNull(end, "end");
    }
}
