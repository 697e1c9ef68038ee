package io.strata.compile;

import io.strata.api.AssetDefinitions;
import io.strata.api.AssetKey;
import io.strata.api.AssetSpec;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import io.strata.project.AssetDeclaration;
import io.strata.project.CodeDeclaration;
import io.strata.project.DeclaredAsset;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.Materialization;
import io.strata.project.ModelConfig;
import io.strata.project.ProjectFile;
import io.strata.project.Relation;
import io.strata.project.SourceDefinition;
import io.strata.template.RenderedTemplate;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.strata.compile.AssetNaming.layerOf;

/**
 * Puts the project's assets together: the resolved models with their ephemerals inlined, then seeds, source
 * tables, declared (ingest) assets and Java assets, each checked for what it refers to.
 */
final class Assembly {
    /**
     * @param assets every asset by key, in that order
     * @param declarations the declaration readers' parsed forms of the assets they declared
     */
    record Assets(Map<AssetKey, Asset> assets, Map<AssetKey, AssetDeclaration> declarations) {
    }

    private final ProjectFile projectFile;
    private final AssetNaming naming;
    private final Names names;
    private final References references;
    private final Diagnostics diagnostics;
    private final HookRendering hooks;
    private final Map<AssetKey, Asset> assets = new LinkedHashMap<>();
    private final Map<AssetKey, AssetDeclaration> declarations = new HashMap<>();

    Assembly(ProjectFile projectFile, AssetNaming naming, Names names, References references, HookRendering hooks, Diagnostics diagnostics) {
        this.hooks = hooks;
        this.projectFile = projectFile;
        this.naming = naming;
        this.names = names;
        this.references = references;
        this.diagnostics = diagnostics;
    }

    Assets assemble(RefResolution.ResolvedModels models, BaseConfigs configs, ProjectProperties properties, List<AssetDefinitions> codeAssets) {
        assets.putAll(models.models());
        Ephemerals.inlineInto(assets, models.context().ephemeral());
        for (Asset seed : configs.seeds()) {
            seed.checks().forEach(check -> references.checkTest(check, diagnostics::add));
            HookRendering.Compiled seedHooks = hooks.render(seed.name(), seed.path(), seed.config(), models.context(), diagnostics::add);
            Set<AssetKey> deps = new LinkedHashSet<>(seed.deps());
            seedHooks.deps().stream().filter(dep -> !dep.equals(seed.key())).forEach(deps::add);
            assets.put(seed.key(), seedHooks.hooks().isEmpty() ? seed : seed.withHooks(seedHooks.hooks()).withDeps(deps));
        }
        properties.sourceTables().values().forEach(this::addSource);
        for (ProjectProperties.Declared entry : properties.declared()) {
            addDeclared(entry, configs.relations().get(entry.asset().name()), models.context().disabled());
        }
        codeAssets.forEach(definitions -> addCode(definitions, properties.models()));
        return new Assets(assets, declarations);
    }

    private void addSource(ProjectProperties.SourceTable entry) {
        SourceDefinition.Table table = entry.table();
        table.allChecks().forEach(check -> references.checkTest(check, diagnostics::add));
        Asset asset = Asset.builder()
                .key(AssetKey.of(entry.source().name(), table.name()))
                .kind(AssetKind.SOURCE)
                .layer(layerOf(table.config(), entry.folders()))
                .materialization(Materialization.SOURCE)
                .location(table.location())
                .relation(new Relation(entry.source().schema(), table.identifier()))
                .config(table.config())
                .description(table.description().isEmpty() ? entry.source().description() : table.description())
                .tags(table.config().tags())
                .fqn(naming.fqn(entry.folders(), entry.source().name(), table.name()))
                .columns(table.columns())
                .checks(table.allChecks())
                .build();
        assets.put(asset.key(), asset);
    }

    private void addDeclared(ProjectProperties.Declared entry, Relation relation, Set<String> disabled) {
        DeclaredAsset declaredAsset = entry.asset();
        ModelConfig config = projectFile.modelConfigs().configFor(projectFile.name(), entry.folders(), declaredAsset.name())
                .with(declaredAsset.config());
        Set<AssetKey> deps = new LinkedHashSet<>();
        for (String dep : declaredAsset.deps()) {
            references.ref(new RenderedTemplate.RefCall(Optional.empty(), dep, declaredAsset.location().line()),
                    declaredAsset.location().file(), disabled, diagnostics::add).ifPresent(deps::add);
        }
        declaredAsset.allChecks().forEach(check -> references.checkTest(check, diagnostics::add));
        Asset asset = Asset.builder()
                .key(AssetKey.of(declaredAsset.name()))
                .kind(AssetKind.INGEST)
                .layer(layerOf(config, entry.folders()))
                .materialization(Materialization.INGEST)
                .location(declaredAsset.location())
                .relation(relation)
                .config(config)
                .description(declaredAsset.description())
                .tags(config.tags())
                .fqn(naming.fqn(entry.folders(), declaredAsset.name()))
                .deps(deps)
                .columns(declaredAsset.columns())
                .checks(declaredAsset.allChecks())
                .build();
        assets.put(asset.key(), asset);
        declarations.put(asset.key(), declaredAsset.declaration());
    }

    private Map<String, io.strata.project.ResourceDeclaration> resources;

    /** The project file's resources, read once (with their errors) when a Java asset first asks. */
    private Map<String, io.strata.project.ResourceDeclaration> resources() {
        if (resources == null) {
            List<Diagnostic> errors = new java.util.ArrayList<>();
            resources = io.strata.project.ResourceDeclaration.read(projectFile, errors);
            errors.forEach(diagnostics::add);
        }
        return resources;
    }

    /**
     * A table a multi-asset's build also writes: an asset of its own that reads the multi-asset (so it is checked and
     * read after that build), whose own build only makes sure the table was written.
     */
    private void addProduced(AssetSpec spec, String produced, Location location) {
        AssetKey key = AssetKey.of(produced);
        Relation relation = naming.relationOf(ModelConfig.EMPTY, spec.layer(), produced);
        String written = relation.render();
        AssetSpec.Builder producedSpec = AssetSpec.builder(produced).deps(spec.key()).description("Written by " + spec.key() + "'s build")
                .compute(context -> {
                    try (java.sql.Statement statement = context.sql().createStatement();
                         java.sql.ResultSet rows = statement.executeQuery("select count(*) from " + written)) {
                        rows.next();
                        return io.strata.api.AssetResult.rows(rows.getLong(1));
                    }
                    catch (java.sql.SQLException e) {
                        throw new IllegalStateException(spec.key() + " declares it also produces " + produced + ", but its build did not write "
                                + written + ": " + e.getMessage(), e);
                    }
                });
        spec.layer().ifPresent(producedSpec::layer);
        spec.codeVersion().ifPresent(producedSpec::codeVersion);
        assets.put(key, Asset.builder()
                .key(key)
                .kind(AssetKind.CODE)
                .layer(spec.layer())
                .materialization(Materialization.TABLE)
                .location(location)
                .config(spec.codeVersion().map(version -> new ModelConfig(Map.of("code_version", version))).orElse(ModelConfig.EMPTY))
                .description("Written by " + spec.key() + "'s build")
                .tags(spec.tags())
                .fqn(naming.fqn(List.of(), produced))
                .deps(Set.of(spec.key()))
                .relation(relation)
                .build());
        declarations.put(key, new CodeDeclaration(producedSpec.build(), location, Map.of()));
    }

    /** A Java asset's config: its code version and its partitions, as a model's config would hold them. */
    private ModelConfig codeConfig(AssetSpec spec, Location location) {
        Map<String, Object> config = new LinkedHashMap<>();
        spec.codeVersion().ifPresent(version -> config.put("code_version", version));
        spec.partitionedBy().ifPresent(partitions -> {
            config.put(io.strata.partition.PartitionsDefinition.CONFIG, partitions.config());
            checkPartitions(spec, location);
        });
        return new ModelConfig(config);
    }

    /** A partitioned Java asset: well-formed partitions, its own table to partition, and a code version for their fingerprints. */
    private void checkPartitions(AssetSpec spec, Location location) {
        String asset = "Java asset '" + spec.key() + "'";
        try {
            io.strata.partition.PartitionsDefinition.parse(spec.partitionedBy().orElseThrow().config());
        }
        catch (IllegalArgumentException e) {
            diagnostics.add(Diagnostic.error(location, asset + ": " + e.getMessage()));
            return;
        }
        if (spec.output() != AssetSpec.Output.TABLE) {
            diagnostics.add(Diagnostic.error(location, asset + " is partitioned, and a partition is rows of its own table: its output must be"
                    + " table(), not " + switch (spec.output()) {
                        case TABLE -> "table()";
                        case VIEW -> "view()";
                        case NONE -> "sideEffects()";
                    }));
        }
        if (spec.codeVersion().isEmpty()) {
            diagnostics.add(Diagnostic.error(location, asset + " is partitioned but declares no code version: add .codeVersion(\"1\") to its"
                    + " AssetSpec (and change it when the code changes what it writes); each partition's fingerprint is made from it, as a"
                    + " model's from its SQL, to know which partitions are stale"));
        }
    }

    private void addCode(AssetDefinitions definitions, Map<String, io.strata.project.AssetProperties> described) {
        Location location = Names.codeLocation(definitions);
        for (AssetSpec spec : definitions.assets()) {
            Map<String, io.strata.project.ResourceDeclaration> used = new LinkedHashMap<>();
            for (String resource : spec.resources()) {
                io.strata.project.ResourceDeclaration declared = resources().get(resource);
                if (declared == null) {
                    diagnostics.add(Diagnostic.error(location, "Java asset '" + spec.key() + "' uses resource '" + resource
                            + "', which the project file does not declare under 'resources:' (it declares " + resources().keySet() + ")"));
                }
                else {
                    used.put(resource, declared);
                }
            }
            for (AssetKey dep : spec.deps()) {
                if (!assets.containsKey(dep) && !(dep.path().size() == 1 && names.contains(dep.name()))) {
                    diagnostics.add(Diagnostic.error(location, "Java asset '" + spec.key() + "' depends on '" + dep
                            + "', which is not an asset of this project"));
                }
            }
            Asset.Builder asset = Asset.builder()
                    .key(spec.key())
                    .kind(AssetKind.CODE)
                    .layer(spec.layer())
                    .materialization(switch (spec.output()) {
                        case TABLE -> Materialization.TABLE;
                        case VIEW -> Materialization.VIEW;
                        case NONE -> Materialization.CODE;
                    })
                    .location(location)
                    // The code version is part of the asset's fingerprint, as a model's SQL is.
                    .config(codeConfig(spec, location))
                    .description(spec.description())
                    .tags(spec.tags())
                    .fqn(naming.fqn(List.of(), spec.key().path().toArray(String[]::new)))
                    .deps(spec.deps());
            BaseConfigs.codeRelation(naming, spec).ifPresent(asset::relation);
            // Columns and tests described in YAML under models:, as for a model: its YAML tests run on its table.
            Optional.ofNullable(described.get(spec.key().name())).filter(properties -> spec.key().path().size() == 1).ifPresent(properties -> {
                properties.allChecks().forEach(check -> references.checkTest(check, diagnostics::add));
                asset.columns(properties.columns()).checks(properties.allChecks());
                if (spec.description().isEmpty()) {
                    asset.description(properties.description());
                }
            });
            assets.put(spec.key(), asset.build());
            declarations.put(spec.key(), new CodeDeclaration(spec, location, used));
            for (String produced : spec.alsoProduces()) {
                addProduced(spec, produced, location);
            }
        }
    }
}
