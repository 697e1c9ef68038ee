package io.strata.project;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads YAML text into {@link YamlNode}s with file:line:column locations. Malformed YAML and duplicate
 * keys become a {@link ProjectException} naming the place.
 */
public final class YamlReader {
    private YamlReader() {
    }

    /** Reads one document; an empty document is {@link Optional#empty()}. */
    public static Optional<YamlNode> read(String file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(64 * 1024 * 1024);
        Yaml yaml = new Yaml(options);
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        }
        catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            throw new ProjectException(Diagnostic.error(location(file, mark), "malformed YAML: " + problem + context));
        }
        catch (YAMLException e) {
            throw new ProjectException(Diagnostic.error(Location.of(file), "malformed YAML: " + e.getMessage()));
        }
        if (root == null) {
            return Optional.empty();
        }
        return Optional.of(new Converter(file, options).convert(root));
    }

    private static Location location(String file, Mark mark) {
        return mark == null ? Location.of(file) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** Turns composed nodes into {@link YamlNode}s, using SnakeYAML's own resolution of scalar types. */
    private static final class Converter extends SafeConstructor {
        private final String file;

        Converter(String file, LoaderOptions options) {
            super(options);
            this.file = file;
        }

        YamlNode convert(Node node) {
            Location location = location(file, node.getStartMark());
            return switch (node) {
                case MappingNode mapping -> {
                    rejectDuplicateKeys(mapping);
                    flattenMapping(mapping);
                    Map<String, YamlNode> entries = new LinkedHashMap<>();
                    Map<String, Location> keyLocations = new LinkedHashMap<>();
                    for (NodeTuple tuple : mapping.getValue()) {
                        Object key = tuple.getKeyNode() instanceof ScalarNode scalar ? constructObject(scalar) : null;
                        if (key == null) {
                            throw new ProjectException(Diagnostic.error(location(file, tuple.getKeyNode().getStartMark()),
                                    "a mapping key must be a plain value"));
                        }
                        Location keyLocation = location(file, tuple.getKeyNode().getStartMark());
                        entries.put(key.toString(), convert(tuple.getValueNode()));
                        keyLocations.put(key.toString(), keyLocation);
                    }
                    yield new YamlNode.Mapping(location, entries, keyLocations);
                }
                case SequenceNode sequence -> {
                    List<YamlNode> items = new ArrayList<>(sequence.getValue().size());
                    for (Node item : sequence.getValue()) {
                        items.add(convert(item));
                    }
                    yield new YamlNode.Sequence(location, items);
                }
                case ScalarNode scalar -> new YamlNode.Scalar(location, normalize(constructObject(scalar)));
                default -> throw new ProjectException(Diagnostic.error(location, "unsupported YAML node"));
            };
        }

        /** Checked before merge keys are flattened, which would silently keep only the last duplicate. */
        private void rejectDuplicateKeys(MappingNode mapping) {
            Map<String, Integer> seen = new java.util.HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && !scalar.getTag().equals(org.yaml.snakeyaml.nodes.Tag.MERGE)) {
                    Integer first = seen.putIfAbsent(scalar.getValue(), scalar.getStartMark().getLine() + 1);
                    if (first != null) {
                        throw new ProjectException(Diagnostic.error(location(file, scalar.getStartMark()),
                                "malformed YAML: duplicate key " + scalar.getValue() + " (first at line " + first + ")"));
                    }
                }
            }
        }

        private static Object normalize(Object value) {
            return switch (value) {
                case Integer number -> number.longValue();
                case BigInteger number -> number.bitLength() < 64 ? (Object) number.longValue() : number;
                case null, default -> value;
            };
        }
    }
}
