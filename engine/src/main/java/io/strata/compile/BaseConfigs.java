package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import io.strata.project.AssetProperties;
import io.strata.project.DeclaredAsset;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.Materialization;
import io.strata.project.ModelConfig;
import io.strata.project.ProjectFile;
import io.strata.project.ProjectScanner.ProjectPath;
import io.strata.project.Relation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.strata.compile.AssetNaming.layerOf;

/**
 * Each model's, snapshot's, seed's and declared asset's base config (folder configs, then its YAML {@code config:}) and
 * the relation that config gives, before any model's in-file {@code config()} is known.
 *
 * @param models the SQL models and snapshots, each name once
 * @param seeds the enabled seeds, complete as assets
 * @param relations the relation of every model, snapshot, seed and declared asset by name
 */
record BaseConfigs(List<ModelDraft> models, List<Asset> seeds, Map<String, Relation> relations) {
    /**
     * A SQL model or snapshot before its in-file config is known.
     *
     * @param snapshot what makes it a snapshot, if it is one
     */
    record ModelDraft(ProjectPath file, String name, ModelConfig baseConfig, Optional<AssetProperties> properties, Optional<Snapshot> snapshot) {
        /** Where the asset is defined: the model's file, or a snapshot's block or YAML entry. */
        Location location() {
            return snapshot.map(Snapshot::location).orElseGet(() -> Location.of(file.path()));
        }
    }

    /**
     * @param location the {@code {% snapshot %}} tag or the YAML entry
     * @param template the text to render, placed at the snapshot's lines in its file
     */
    record Snapshot(Location location, String template) {
    }

    static BaseConfigs collect(ProjectFile projectFile, AssetNaming naming, ProjectProperties properties,
                               List<ProjectPath> modelFiles, List<ProjectPath> seedFiles, List<ProjectPath> snapshotFiles,
                               List<io.strata.api.AssetDefinitions> codeAssets, FileTexts texts, Diagnostics diagnostics) {
        Map<String, Relation> relations = new HashMap<>();
        java.util.Set<String> javaAssets = new java.util.HashSet<>();
        codeAssets.forEach(definitions -> definitions.assets().forEach(spec -> javaAssets.add(spec.key().name())));
        List<ModelDraft> models = new ArrayList<>(collectModels(projectFile, naming, properties.models(), modelFiles, relations, javaAssets,
                diagnostics));
        models.addAll(new SnapshotDrafts(projectFile, naming, properties.snapshots(), texts, diagnostics).collect(snapshotFiles, models, relations));
        List<Asset> seeds = collectSeeds(projectFile, naming, properties.seeds(), seedFiles, relations);
        for (ProjectProperties.Declared entry : properties.declared()) {
            DeclaredAsset asset = entry.asset();
            ModelConfig config = projectFile.modelConfigs().configFor(projectFile.name(), entry.folders(), asset.name())
                    .with(asset.config());
            relations.put(asset.name(), naming.relationOf(config, layerOf(config, entry.folders()), asset.name()));
        }
        for (io.strata.api.AssetDefinitions definitions : codeAssets) {
            for (io.strata.api.AssetSpec spec : definitions.assets()) {
                codeRelation(naming, spec).ifPresent(relation -> relations.put(spec.key().name(), relation));
                for (String produced : spec.alsoProduces()) {
                    relations.put(produced, naming.relationOf(ModelConfig.EMPTY, spec.layer(), produced));
                }
            }
        }
        return new BaseConfigs(models, seeds, relations);
    }

    /** Where a Java asset's table or view lives: in the schema of its layer, as a model's; none for an asset of side effects. */
    static Optional<Relation> codeRelation(AssetNaming naming, io.strata.api.AssetSpec spec) {
        if (spec.output() == io.strata.api.AssetSpec.Output.NONE || spec.key().path().size() != 1) {
            return Optional.empty();
        }
        return Optional.of(naming.relationOf(ModelConfig.EMPTY, spec.layer(), spec.key().name()));
    }

    private static List<ModelDraft> collectModels(ProjectFile projectFile, AssetNaming naming, Map<String, AssetProperties> described,
                                                  List<ProjectPath> files, Map<String, Relation> relations, java.util.Set<String> javaAssets,
                                                  Diagnostics diagnostics) {
        List<ModelDraft> models = new ArrayList<>();
        Map<String, ProjectPath> byName = new HashMap<>();
        for (ProjectPath file : files) {
            String name = file.stem();
            ProjectPath previous = byName.putIfAbsent(name, file);
            if (previous != null) {
                diagnostics.add(Diagnostic.error(Location.of(file.path()), "model '" + name + "' is defined twice: "
                        + previous.path() + " and " + file.path() + "; model names must be unique"));
                continue;
            }
            Optional<AssetProperties> properties = Optional.ofNullable(described.get(name));
            ModelConfig config = projectFile.modelConfigs().configFor(projectFile.name(), file.folders(), name)
                    .with(properties.map(AssetProperties::config).orElse(ModelConfig.EMPTY));
            models.add(new ModelDraft(file, name, config, properties, Optional.empty()));
            relations.put(name, naming.relationOf(config, layerOf(config, file.folders()), name));
        }
        for (AssetProperties properties : described.values()) {
            // A Java asset is described in YAML as a model is (its columns and tests).
            if (!byName.containsKey(properties.name()) && !javaAssets.contains(properties.name())) {
                diagnostics.add(Diagnostic.warning(properties.location(), "model '" + properties.name()
                        + "' is described here but has no SQL file under " + String.join(", ", projectFile.modelPaths())));
            }
        }
        return models;
    }

    private static List<Asset> collectSeeds(ProjectFile projectFile, AssetNaming naming, Map<String, AssetProperties> described,
                                            List<ProjectPath> files, Map<String, Relation> relations) {
        List<Asset> seeds = new ArrayList<>();
        for (ProjectPath file : files) {
            String name = file.stem();
            Optional<AssetProperties> properties = Optional.ofNullable(described.get(name));
            ModelConfig config = projectFile.seedConfigs().configFor(projectFile.name(), file.folders(), name)
                    .with(properties.map(AssetProperties::config).orElse(ModelConfig.EMPTY));
            if (!config.enabled()) {
                continue;
            }
            Optional<String> layer = layerOf(config, file.folders());
            Relation relation = naming.relationOf(config, layer, name);
            relations.put(name, relation);
            seeds.add(Asset.builder()
                    .key(AssetKey.of(name))
                    .kind(AssetKind.SEED)
                    .layer(layer)
                    .materialization(Materialization.SEED)
                    .location(Location.of(file.path()))
                    .relation(relation)
                    .config(config)
                    .description(properties.map(AssetProperties::description).orElse(""))
                    .tags(config.tags())
                    .fqn(naming.fqn(file.folders(), name))
                    .columns(properties.map(AssetProperties::columns).orElse(List.of()))
                    .checks(properties.map(AssetProperties::allChecks).orElse(List.of()))
                    .build());
        }
        return seeds;
    }
}
