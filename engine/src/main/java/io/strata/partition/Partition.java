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

    /** Partitions in order, consecutive windows grouped (a window that starts where the one before ends), each static value alone. */
    public static java.util.List<java.util.List<Partition>> consecutive(java.util.List<Partition> partitions) {
        java.util.List<java.util.List<Partition>> groups = new java.util.ArrayList<>();
        for (Partition partition : partitions) {
            java.util.List<Partition> current = groups.isEmpty() ? null : groups.getLast();
            if (current != null && current.getLast().end().isPresent() && current.getLast().end().equals(partition.start())) {
                current.add(partition);
            }
            else {
                groups.add(new java.util.ArrayList<>(java.util.List.of(partition)));
            }
        }
        return groups;
    }

    /** {@code 2025-03-01..2025-03-31, 2025-05-01}: partitions in order, as ranges of consecutive windows. */
    public static String describe(java.util.List<Partition> partitions) {
        return String.join(", ", consecutive(partitions).stream()
                .map(group -> group.size() == 1 ? group.getFirst().key() : group.getFirst().key() + ".." + group.getLast().key()).toList());
    }

    @Override
    public String toString() {
        return key;
    }
}
