package io.strata.partition;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.template.Suggestions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Which windows of an input a partition reads, when not only those that overlap it, declared in the model's
 * {@code partitioned_by} as Dagster's {@code TimeWindowPartitionMapping}:
 * <pre>
 * {{ config(partitioned_by={'granularity': 'day', 'start': '2025-01-01', 'column': 'sale_date',
 *                           'mapping': {'daily_sales': {'start_offset': -1, 'end_offset': 0} } }) }}
 * </pre>
 * The partition reads the input's windows that overlap its own window with the start moved by {@code startOffset}
 * windows of the model's granularity and the end by {@code endOffset}: a day and the day before, here.
 * {@code {'offset': -1}} is both offsets at once (the window before only).
 *
 * @param input the input as the model names it in {@code ref()} or {@code source()}: its name, or its key ({@code raw/sales})
 */
public record PartitionMapping(String input, int startOffset, int endOffset) {
    /** The key in {@code partitioned_by}. */
    public static final String CONFIG = "mapping";

    private static final Set<String> KEYS = Set.of("start_offset", "end_offset", "offset");

    public PartitionMapping {
        requireNonNull(input, "input");
        if (startOffset > endOffset) {
            throw new IllegalArgumentException(declaration(input) + ": start_offset " + startOffset + " comes after end_offset " + endOffset
                    + ", which leaves no window to read (start_offset -1 with end_offset 0 reads the window before and the partition's own)");
        }
    }

    /** {@code partitioned_by 'mapping' of 'daily_sales'}, where messages about it point. */
    public String declaration() {
        return declaration(input);
    }

    /** Whether this mapping is of that input. */
    public boolean names(AssetKey key) {
        return input.equals(key.name()) || input.equals(key.toString());
    }

    /** The time the partition reads of the input. */
    public Partition read(PartitionsDefinition definition, Partition partition) {
        return definition.shifted(partition, startOffset, endOffset);
    }

    /** The mappings the model declares, in the order written; refused (a message without the place) when one is malformed. */
    public static List<PartitionMapping> declared(Asset asset) {
        if (!(asset.config().values().get(PartitionsDefinition.CONFIG) instanceof Map<?, ?> settings) || !settings.containsKey(CONFIG)) {
            return List.of();
        }
        if (!(settings.get(CONFIG) instanceof Map<?, ?> inputs)) {
            throw new IllegalArgumentException(PartitionsDefinition.CONFIG + " '" + CONFIG + "' must map inputs to offsets, as in"
                    + " {'daily_sales': {'start_offset': -1, 'end_offset': 0}}");
        }
        List<PartitionMapping> mappings = new ArrayList<>();
        inputs.forEach((input, offsets) -> mappings.add(parse(String.valueOf(input), offsets)));
        return List.copyOf(mappings);
    }

    private static PartitionMapping parse(String input, Object offsets) {
        String where = declaration(input);
        if (!(offsets instanceof Map<?, ?> declared)) {
            throw new IllegalArgumentException(where + " must be offsets, as in {'start_offset': -1, 'end_offset': 0} or {'offset': -1}");
        }
        for (Object key : declared.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(where + " has '" + key + "': write start_offset and end_offset, or offset"
                        + Suggestions.didYouMean(String.valueOf(key), KEYS));
            }
        }
        if (declared.containsKey("offset")) {
            if (declared.containsKey("start_offset") || declared.containsKey("end_offset")) {
                throw new IllegalArgumentException(where + " gives 'offset' and start_offset or end_offset: 'offset' is both, give one or the other");
            }
            int offset = windows(where, "offset", declared.get("offset"));
            return new PartitionMapping(input, offset, offset);
        }
        int startOffset = declared.containsKey("start_offset") ? windows(where, "start_offset", declared.get("start_offset")) : 0;
        int endOffset = declared.containsKey("end_offset") ? windows(where, "end_offset", declared.get("end_offset")) : 0;
        return new PartitionMapping(input, startOffset, endOffset);
    }

    private static String declaration(String input) {
        return PartitionsDefinition.CONFIG + " '" + CONFIG + "' of '" + input + "'";
    }

    /** An offset: a whole number of windows, written as a number (a string or a fraction is refused). */
    private static int windows(String where, String key, Object value) {
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() != ((Number) value).intValue()) {
            throw new IllegalArgumentException(where + ": " + key + " must be a whole number of windows, as in -1, not " + describe(value));
        }
        return ((Number) value).intValue();
    }

    private static String describe(Object value) {
        return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
    }
}
