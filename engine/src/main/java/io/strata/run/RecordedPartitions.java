package io.strata.run;

import io.strata.partition.Partition;
import io.strata.partition.PartitionsDefinition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fingerprints recorded with an input's partitions, as its current definition maps their keys, found by the
 * partitions they overlap: windows by a binary search of their starts, values by key. A scan of every recorded
 * partition for every partition planned made a backfill of n windows over an input of n windows cost n² overlap tests.
 */
final class RecordedPartitions {
    /** A recorded partition; {@code order} is its place in what the engine returned, which the overlapping keep. */
    private record Recorded(Partition partition, String fingerprint, int order) {
    }

    /** The windows, by start. Windows of one definition do not overlap, so their ends are in the same order. */
    private final List<Recorded> windows = new ArrayList<>();
    private final Map<String, Recorded> values = new HashMap<>();

    /** Keys the definition no longer declares map to nothing; a key that maps to a partition already seen replaces its fingerprint. */
    RecordedPartitions(PartitionsDefinition definition, Map<String, String> fingerprints) {
        Map<Partition, Recorded> mapped = new LinkedHashMap<>();
        fingerprints.forEach((key, fingerprint) -> {
            Partition partition;
            try {
                partition = definition.partition(key);
            }
            catch (IllegalArgumentException e) {
                return;
            }
            Recorded was = mapped.get(partition);
            mapped.put(partition, new Recorded(partition, fingerprint, was != null ? was.order() : mapped.size()));
        });
        for (Recorded recorded : mapped.values()) {
            if (recorded.partition().start().isPresent()) {
                windows.add(recorded);
            }
            else {
                values.put(recorded.partition().key(), recorded);
            }
        }
        windows.sort(Comparator.comparing((Recorded recorded) -> recorded.partition().start().orElseThrow()));
    }

    /**
     * {@code key=fingerprint} of each recorded partition that overlaps the partition (or the time it reads by a mapping
     * with offsets), in the order the engine returned them.
     */
    List<String> overlapping(Partition partition) {
        if (partition.start().isEmpty()) {
            Recorded value = values.get(partition.key());
            return value == null ? List.of() : List.of(describe(value));
        }
        // The first window that ends after the partition starts; those from it that start before the partition ends overlap it.
        int low = 0;
        int high = windows.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (windows.get(middle).partition().end().orElseThrow().isAfter(partition.start().get())) {
                high = middle;
            }
            else {
                low = middle + 1;
            }
        }
        List<Recorded> found = new ArrayList<>();
        for (int i = low; i < windows.size() && windows.get(i).partition().overlaps(partition); i++) {
            found.add(windows.get(i));
        }
        found.sort(Comparator.comparingInt(Recorded::order));
        return found.stream().map(RecordedPartitions::describe).toList();
    }

    private static String describe(Recorded recorded) {
        return recorded.partition().key() + "=" + recorded.fingerprint();
    }
}
