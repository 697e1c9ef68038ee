package io.strata.project;

import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * An asset declared in YAML by an {@link AssetDeclarationReader} (a bronze ingest asset, for one): the
 * engine places it in the graph; the reader's module runs it.
 *
 * @param name the asset's name, unique among the project's assets and usable in {@code ref()}
 * @param deps names of the assets it reads, if any
 * @param declaration the reader's own parsed form of the declaration, handed back when the asset runs
 */
public record DeclaredAsset(String name, String description, ModelConfig config, Set<String> deps,
                            List<ColumnDefinition> columns, List<CheckDefinition> checks, Location location,
                            AssetDeclaration declaration) {
    public DeclaredAsset {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(config, "config");
        deps = Set.copyOf(deps);
        columns = List.copyOf(columns);
        checks = List.copyOf(checks);
        requireNonNull(location, "location");
        requireNonNull(declaration, "declaration");
    }

    public List<CheckDefinition> allChecks() {
        List<CheckDefinition> all = new java.util.ArrayList<>(checks);
        columns.forEach(column -> all.addAll(column.checks()));
        return all;
    }
}
