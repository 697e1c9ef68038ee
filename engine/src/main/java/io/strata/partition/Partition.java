package io.strata.partition;

import java.time.LocalDateTime;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One partition of a partitioned asset: a time window {@code [start, end)} in the definition's time zone's wall
 * clock, or one value of a static list (no window).
 *
 * @param key how runs, the CLI and the API name it: {@code 2025-03-01} (a day, or the first day of a week or month),
 *            {@code 2025-03-01T05:00} (an hour), or the static value itself
 */
public record Partition(String key, Optional<LocalDateTime> start, Optional<LocalDateTime> end) {
    public Partition {
        requireNonNull(key, "key");
        requireNonNull(start, "start");
        requireNonNull(end, "end");
    }

    static Partition window(String key, LocalDateTime start, LocalDateTime end) {
        return new Partition(key, Optional.of(start), Optional.of(end));
    }

    static Partition value(String value) {
        return new Partition(value, Optional.empty(), Optional.empty());
    }

    /** Whether the two windows share time (a static partition overlaps only itself). */
    public boolean overlaps(Partition other) {
        if (start.isEmpty() || other.start.isEmpty()) {
            return key.equals(other.key);
        }
        return start.get().isBefore(other.end.orElseThrow()) && other.start.get().isBefore(end.orElseThrow());
    }

    /** {@code 2025-03-01..2025-03-31, 2025-05-01}: partitions in order, as ranges of consecutive windows. */
    public static String describe(java.util.List<Partition> partitions) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        Partition first = null;
        Partition last = null;
        for (Partition partition : partitions) {
            if (last != null && last.end().isPresent() && last.end().equals(partition.start())) {
                last = partition;
                continue;
            }
            if (first != null) {
                parts.add(first.equals(last) ? first.key() : first.key() + ".." + last.key());
            }
            first = partition;
            last = partition;
        }
        if (first != null) {
            parts.add(first.equals(last) ? first.key() : first.key() + ".." + last.key());
        }
        return String.join(", ", parts);
    }

    @Override
    public String toString() {
        return key;
    }
}
