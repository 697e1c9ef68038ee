package io.strata.project;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** What a YAML file says about a model or seed: description, config, columns, tests and exports. */
public record AssetProperties(String name, String description, ModelConfig config, List<ColumnDefinition> columns,
                              List<CheckDefinition> checks, List<Export> exports, Location location) {
    public AssetProperties {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(config, "config");
        columns = List.copyOf(columns);
        checks = List.copyOf(checks);
        exports = List.copyOf(exports);
        requireNonNull(location, "location");
    }

    static AssetProperties parse(YamlNode.Mapping node, String what) {
        if (!what.equals("a model") && node.get("exports").isPresent()) {
            throw new ProjectException(Diagnostic.error(node.locationOf("exports"),
                    "exports are declared on models only, not on " + what.substring(2) + "s: export a model that selects from it"));
        }
        return new AssetProperties(
                node.requireString("name", what),
                node.string("description").orElse(""),
                new ModelConfig(node.mapping("config").toPlain()),
                ColumnDefinition.parseAll(node),
                CheckDefinition.parseAll(node, java.util.Optional.empty()),
                Export.parseAll(node),
                node.location());
    }

    /** The tests on the asset itself and on each of its columns. */
    public List<CheckDefinition> allChecks() {
        List<CheckDefinition> all = new java.util.ArrayList<>(checks);
        columns.forEach(column -> all.addAll(column.checks()));
        return all;
    }
}
