package io.strata.partition;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Which partitions of the partitioned assets a run builds. With none of its options, a run builds the partitions that
 * are missing or stale up to the last ended window; a {@code key} or a {@code from}/{@code to} range builds those
 * partitions whatever their state (a backfill), unless {@code missing} or {@code stale} narrows them.
 *
 * @param key one partition ({@code --partition 2025-03-01}), or {@value #LATEST}: each asset's latest window that has ended
 * @param from the first partition of a range ({@code --from}), inclusive
 * @param to the last partition of a range ({@code --to}), inclusive
 * @param missing only partitions never built ({@code --missing})
 * @param stale only partitions built before their SQL or an input partition changed ({@code --stale})
 */
public record PartitionSelection(Optional<String> key, Optional<String> from, Optional<String> to, boolean missing, boolean stale) {
    /** The key that names each asset's latest ended window (a schedule's {@code partition: latest}). */
    public static final String LATEST = "latest";

    public static final PartitionSelection DEFAULT = new PartitionSelection(Optional.empty(), Optional.empty(), Optional.empty(), false, false);

    public PartitionSelection {
        requireNonNull(key, "key");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        if (key.isPresent() && (from.isPresent() || to.isPresent())) {
            throw new IllegalArgumentException("--partition names one partition; --from and --to a range: give one or the other");
        }
    }

    /** Whether the run names partitions (one, or a range). */
    public boolean namesPartitions() {
        return key.isPresent() || from.isPresent() || to.isPresent();
    }

    /** Whether the run asks anything of partitions beyond the default. */
    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /**
     * The partitions of a definition this selection names or, when it names none, every partition there is now; refused
     * (a message without the place) when a key is malformed or outside the definition's windows.
     */
    public List<Partition> partitions(PartitionsDefinition definition, Instant now) {
        List<Partition> all;
        if (key.isPresent() && key.get().equals(LATEST)) {
            all = definition.partitions(now);
            return all.isEmpty() || !definition.contiguous() ? all : List.of(all.getLast());
        }
        if (key.isPresent()) {
            return List.of(definition.partition(key.get()));
        }
        all = definition.partitions(now);
        if (from.isEmpty() && to.isEmpty()) {
            return all;
        }
        Partition first = from.map(definition::partition).orElseGet(definition::first);
        Optional<Partition> last = to.map(definition::partition).or(() -> all.isEmpty() ? Optional.empty() : Optional.of(all.getLast()));
        // Without --to and no window ended yet there is nothing to build; with it, windows that have not ended are built as they are now.
        return last.map(end -> definition.range(first, end)).orElse(List.of());
    }
}
