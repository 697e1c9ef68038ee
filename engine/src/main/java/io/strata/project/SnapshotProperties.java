package io.strata.project;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A snapshot under {@code snapshots:} in YAML: dbt 1.9's way to declare one ({@code relation: ref('orders')} or
 * {@code source('shop', 'orders')}, the rows to record), or the description, config and tests of a snapshot
 * defined by a {@code {% snapshot %}} block (no relation).
 *
 * @param relation the Jinja expression naming the relation, as written
 */
public record SnapshotProperties(AssetProperties properties, Optional<String> relation) {
    public SnapshotProperties {
        requireNonNull(properties, "properties");
        requireNonNull(relation, "relation");
    }

    static SnapshotProperties parse(YamlNode.Mapping node) {
        return new SnapshotProperties(AssetProperties.parse(node, "a snapshot"), node.string("relation").map(String::strip));
    }

    public String name() {
        return properties.name();
    }
}
