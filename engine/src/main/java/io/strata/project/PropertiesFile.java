package io.strata.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One YAML file under a model path, read as dbt reads them ({@code version: 2} with {@code models:},
 * {@code sources:}, {@code seeds:}, {@code snapshots:}, {@code unit_tests:}) plus the keys owned by {@link AssetDeclarationReader}s.
 */
public record PropertiesFile(String path, List<AssetProperties> models, List<AssetProperties> seeds,
                             List<SourceDefinition> sources, List<DeclaredAsset> declaredAssets,
                             List<SnapshotProperties> snapshots, List<UnitTestDefinition> unitTests, List<Diagnostic> warnings) {
    /** Keys dbt knows that Strata reads elsewhere or does not run (exposures, metrics, …); they are accepted without a warning. */
    private static final Set<String> KNOWN_ELSEWHERE = Set.of(
            "version", "macros", "exposures", "metrics", "semantic_models", "saved_queries", "analyses", "groups");

    public PropertiesFile {
        requireNonNull(path, "path");
        models = List.copyOf(models);
        seeds = List.copyOf(seeds);
        sources = List.copyOf(sources);
        declaredAssets = List.copyOf(declaredAssets);
        snapshots = List.copyOf(snapshots);
        unitTests = List.copyOf(unitTests);
        warnings = List.copyOf(warnings);
    }

    public static PropertiesFile parse(String path, String text, Map<String, AssetDeclarationReader> readers) {
        var root = YamlReader.read(path, text);
        List<AssetProperties> models = new ArrayList<>();
        List<AssetProperties> seeds = new ArrayList<>();
        List<SourceDefinition> sources = new ArrayList<>();
        List<DeclaredAsset> declared = new ArrayList<>();
        List<SnapshotProperties> snapshots = new ArrayList<>();
        List<UnitTestDefinition> unitTests = new ArrayList<>();
        List<Diagnostic> warnings = new ArrayList<>();
        if (root.isEmpty()) {
            return new PropertiesFile(path, models, seeds, sources, declared, snapshots, unitTests, warnings);
        }
        if (!(root.get() instanceof YamlNode.Mapping mapping)) {
            throw new ProjectException(Diagnostic.error(root.get().location(),
                    "a properties file must be a mapping with 'version: 2' and 'models:', 'sources:' or 'seeds:'"));
        }
        for (var entry : mapping.entries().entrySet()) {
            String key = entry.getKey();
            switch (key) {
                case "models" -> mapping.mappings(key).forEach(node -> models.add(AssetProperties.parse(node, "a model")));
                case "seeds" -> mapping.mappings(key).forEach(node -> seeds.add(AssetProperties.parse(node, "a seed")));
                case "sources" -> mapping.mappings(key).forEach(node -> sources.add(SourceDefinition.parse(node)));
                case "snapshots" -> mapping.mappings(key).forEach(node -> snapshots.add(SnapshotProperties.parse(node)));
                case "unit_tests" -> mapping.mappings(key).forEach(node -> unitTests.add(UnitTestDefinition.parse(node)));
                default -> {
                    AssetDeclarationReader reader = readers.get(key);
                    if (reader != null) {
                        declared.addAll(reader.read(entry.getValue()));
                    }
                    else if (!KNOWN_ELSEWHERE.contains(key)) {
                        warnings.add(Diagnostic.warning(mapping.locationOf(key), "unknown key '" + key
                                + "' is ignored; expected models, sources, seeds, snapshots, unit_tests" + (readers.isEmpty() ? "" : ", " + String.join(", ", readers.keySet()))));
                    }
                }
            }
        }
        return new PropertiesFile(path, models, seeds, sources, declared, snapshots, unitTests, warnings);
    }
}
