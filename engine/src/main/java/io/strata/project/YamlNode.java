package io.strata.project;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A YAML value that remembers where it was written, so errors about it can name the file and line. */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {
    Location location();

    /** The value as plain Java: {@code Map}, {@code List}, {@code String}, {@code Long}, {@code Double}, {@code Boolean} or null. */
    Object toPlain();

    record Mapping(Location location, Map<String, YamlNode> entries, Map<String, Location> keyLocations) implements YamlNode {
        public Mapping {
            requireNonNull(location, "location");
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyLocations = Map.copyOf(keyLocations);
        }

        public Optional<YamlNode> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        public Location locationOf(String key) {
            return keyLocations.getOrDefault(key, location);
        }

        /** A single value under {@code key}; a list or mapping there is an error naming the line. */
        public Optional<String> string(String key) {
            YamlNode node = entries.get(key);
            if (node == null || node instanceof Scalar scalar && scalar.isNull()) {
                return Optional.empty();
            }
            if (node instanceof Scalar scalar) {
                return Optional.of(scalar.text());
            }
            throw new ProjectException(Diagnostic.error(node.location(), "'" + key + "' must be a single value"));
        }

        public String requireString(String key, String what) {
            return string(key).orElseThrow(() -> new ProjectException(Diagnostic.error(location,
                    what + " needs '" + key + ":'")));
        }

        /** The mapping under {@code key}, or an empty one. */
        public Mapping mapping(String key) {
            YamlNode node = entries.get(key);
            if (node == null || node instanceof Scalar scalar && scalar.isNull()) {
                return new Mapping(location, Map.of(), Map.of());
            }
            if (node instanceof Mapping mapping) {
                return mapping;
            }
            throw new ProjectException(Diagnostic.error(node.location(), "'" + key + "' must be a mapping"));
        }

        /** The list under {@code key}, or an empty one. */
        public List<YamlNode> sequence(String key) {
            YamlNode node = entries.get(key);
            if (node == null || node instanceof Scalar scalar && scalar.isNull()) {
                return List.of();
            }
            if (node instanceof Sequence sequence) {
                return sequence.items();
            }
            throw new ProjectException(Diagnostic.error(node.location(), "'" + key + "' must be a list"));
        }

        /** Each item of the list under {@code key}, which must be mappings (one per model, column, …). */
        public List<Mapping> mappings(String key) {
            List<Mapping> mappings = new ArrayList<>();
            for (YamlNode item : sequence(key)) {
                if (!(item instanceof Mapping mapping)) {
                    throw new ProjectException(Diagnostic.error(item.location(),
                            "each entry of '" + key + "' must be a mapping (name: …)"));
                }
                mappings.add(mapping);
            }
            return mappings;
        }

        @Override
        public Map<String, Object> toPlain() {
            Map<String, Object> plain = new LinkedHashMap<>();
            entries.forEach((key, value) -> plain.put(key, value.toPlain()));
            return plain;
        }
    }

    record Sequence(Location location, List<YamlNode> items) implements YamlNode {
        public Sequence {
            requireNonNull(location, "location");
            items = List.copyOf(items);
        }

        @Override
        public List<Object> toPlain() {
            List<Object> plain = new ArrayList<>(items.size());
            for (YamlNode item : items) {
                plain.add(item.toPlain());
            }
            return plain;
        }
    }

    /** A scalar; {@code value} is null for YAML's null. */
    record Scalar(Location location, Object value) implements YamlNode {
        public Scalar {
            requireNonNull(location, "location");
        }

        @Override
        public Object toPlain() {
            return value;
        }

        public boolean isNull() {
            return value == null;
        }

        public String text() {
            return value == null ? "" : value.toString();
        }
    }
}
