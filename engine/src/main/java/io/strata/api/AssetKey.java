package io.strata.api;

import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The identity of an asset in the graph: a path of one or more segments, shown joined by {@code /}.
 * Models, seeds, ingest assets and Java assets have one segment (their name); a source table has two
 * (source name, table name), so a source and a model may share a table name.
 */
public record AssetKey(List<String> path) implements Comparable<AssetKey> {
    public AssetKey {
        path = List.copyOf(requireNonNull(path, "path"));
        if (path.isEmpty()) {
            throw new IllegalArgumentException("an asset key needs at least one segment");
        }
        for (String segment : path) {
            if (segment.isBlank() || segment.contains("/")) {
                throw new IllegalArgumentException("invalid asset key segment: '" + segment + "'");
            }
        }
    }

    public static AssetKey of(String... path) {
        return new AssetKey(Arrays.asList(path));
    }

    /** Parses the display form, {@code a/b}. */
    public static AssetKey parse(String text) {
        return new AssetKey(Arrays.asList(text.split("/", -1)));
    }

    /** The last segment: the model, seed or table name. */
    public String name() {
        return path.getLast();
    }

    @Override
    public int compareTo(AssetKey other) {
        int shared = Math.min(path.size(), other.path.size());
        for (int i = 0; i < shared; i++) {
            int order = path.get(i).compareTo(other.path.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(path.size(), other.path.size());
    }

    @Override
    public String toString() {
        return String.join("/", path);
    }
}
