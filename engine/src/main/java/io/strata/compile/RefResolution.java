package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import io.strata.project.AssetProperties;
import io.strata.project.CheckDefinition;
import io.strata.project.Diagnostic;
import io.strata.project.IncrementalStrategy;
import io.strata.project.Location;
import io.strata.project.Materialization;
import io.strata.project.ModelConfig;
import io.strata.project.OnSchemaChange;
import io.strata.project.Relation;
import io.strata.project.SnapshotConfig;
import io.strata.template.Placeholders;
import io.strata.template.RenderedTemplate;
import io.strata.template.Suggestions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static io.strata.compile.AssetNaming.layerOf;

/**
 * Fixes each model's final config and relation now that its in-file {@code config()} is known, replaces its
 * ref placeholders by relations and checks its refs, sources and tests; unchanged models are taken from memory.
 */
final class RefResolution {
    private static final Set<String> MODEL_MATERIALIZATIONS = labels(Materialization.ofModels().stream().map(Materialization::label).toList());
    private static final Set<String> ON_SCHEMA_CHANGE = labels(Arrays.stream(OnSchemaChange.values()).map(OnSchemaChange::label).toList());
    private static final Set<String> INCREMENTAL_STRATEGIES = labels(Arrays.stream(IncrementalStrategy.values()).map(IncrementalStrategy::label).toList());

    /**
     * @param context what the models' resolution depended on besides their own files
     * @param models the enabled models as assets, in file order
     * @param memos what the next compilation may reuse, by model name
     * @param rewrites the casts rewritten for the engine, model by model in file order
     */
    record ResolvedModels(Memory.ResolutionContext context, Map<AssetKey, Asset> models, Map<String, Memory.ModelMemo> memos,
                          List<DialectRewrite> rewrites) {
    }

    private final AssetNaming naming;
    private final References references;
    private final DialectRewriting dialect;
    private final HookRendering hooks;

    RefResolution(AssetNaming naming, References references, DialectRewriting dialect, HookRendering hooks) {
        this.naming = naming;
        this.references = references;
        this.dialect = dialect;
        this.hooks = hooks;
    }

    ResolvedModels resolve(BaseConfigs configs, Map<String, RenderedTemplate> rendered, Names names,
                           Set<List<String>> sourceTables, Memory memory, Diagnostics diagnostics) {
        Map<String, Relation> finalRelations = new HashMap<>(configs.relations());
        Set<String> ephemeral = new HashSet<>();
        List<BaseConfigs.ModelDraft> enabled = new ArrayList<>();
        Set<String> disabled = new HashSet<>();
        for (BaseConfigs.ModelDraft model : configs.models()) {
            RenderedTemplate result = rendered.get(model.name());
            Memory.ModelMemo previous = memory.models().get(model.name());
            if (previous != null && previous.rendered() == result && previous.baseConfig().equals(model.baseConfig())) {
                // Same render and base config: same final config, so the same relation.
                enabled.add(model);
                finalRelations.put(model.name(), previous.asset().relation().orElseThrow());
                if (previous.asset().materialization() == Materialization.EPHEMERAL) {
                    ephemeral.add(model.name());
                }
                continue;
            }
            ModelConfig config = model.baseConfig().with(result.config());
            if (config.modelMaterialization().filter(Materialization.EPHEMERAL::equals).isPresent()) {
                ephemeral.add(model.name());
            }
            if (!config.enabled()) {
                disabled.add(model.name());
                continue;
            }
            enabled.add(model);
            finalRelations.put(model.name(), naming.relationOf(config, layerOf(config, model.file().folders()), model.name()));
        }
        Memory.ResolutionContext context = new Memory.ResolutionContext(finalRelations, disabled, ephemeral, Set.copyOf(names.all()),
                Set.copyOf(sourceTables));
        boolean sameContext = context.equals(memory.context());
        Map<AssetKey, Asset> models = new LinkedHashMap<>();
        Map<String, Memory.ModelMemo> memos = new HashMap<>();
        List<DialectRewrite> rewrites = new ArrayList<>();
        for (BaseConfigs.ModelDraft model : enabled) {
            RenderedTemplate result = rendered.get(model.name());
            Memory.ModelMemo previous = sameContext ? memory.models().get(model.name()) : null;
            if (previous != null && previous.rendered() == result && previous.baseConfig().equals(model.baseConfig())
                    && previous.properties().equals(model.properties()) && previous.asset().path().equals(model.file().path())) {
                memos.put(model.name(), previous);
                diagnostics.addAll(previous.diagnostics());
                rewrites.addAll(previous.rewrites());
                models.put(previous.asset().key(), previous.asset());
                continue;
            }
            List<Diagnostic> found = new ArrayList<>();
            List<DialectRewrite> rewritten = new ArrayList<>();
            Asset asset = resolveModel(model, result, context, found, rewritten);
            memos.put(model.name(), new Memory.ModelMemo(result, model.baseConfig(), model.properties(), asset, List.copyOf(found),
                    List.copyOf(rewritten)));
            diagnostics.addAll(found);
            rewrites.addAll(rewritten);
            models.put(asset.key(), asset);
        }
        return new ResolvedModels(context, models, memos, List.copyOf(rewrites));
    }

    private Asset resolveModel(BaseConfigs.ModelDraft model, RenderedTemplate result, Memory.ResolutionContext context,
                               List<Diagnostic> found, List<DialectRewrite> rewrites) {
        ModelConfig config = model.baseConfig().with(result.config());
        String path = model.file().path();
        Optional<Materialization> materialization = model.snapshot().isPresent()
                ? validateSnapshot(config, model.location(), found)
                : validateMaterialization(config, path, found);
        Set<AssetKey> deps = new LinkedHashSet<>(references.modelDependencies(result, path, context.disabled(), found::add));
        HookRendering.Compiled compiledHooks = hooks.render(model.name(), path, config, context, found::add);
        compiledHooks.deps().stream().filter(dep -> !dep.name().equals(model.name())).forEach(deps::add);
        warnOfGrants(config, path, found);
        List<CheckDefinition> checks = model.properties().map(AssetProperties::allChecks).orElse(List.of());
        checks.forEach(check -> references.checkTest(check, found::add));
        String sql = Placeholders.resolve(result.text(), name -> {
            if (context.ephemeral().contains(name)) {
                return io.strata.graph.EphemeralCte.name(name);
            }
            Relation relation = context.relations().get(name);
            return relation == null ? name : relation.render();
        });
        // Before ephemerals are inlined, so each model's casts are rewritten once and reported at its own file.
        DialectRewriting.Result bridged = dialect.rewrite(model.file(), sql);
        found.addAll(bridged.warnings());
        rewrites.addAll(bridged.rewrites());
        Optional<String> layer = layerOf(config, model.file().folders());
        return Asset.builder()
                .key(AssetKey.of(model.name()))
                .kind(AssetKind.MODEL)
                .layer(layer)
                .materialization(materialization.orElse(Materialization.VIEW))
                .location(model.location())
                .relation(context.relations().get(model.name()))
                .config(config)
                .description(model.properties().map(AssetProperties::description).orElse(""))
                .tags(config.tags())
                .fqn(naming.fqn(model.file().folders(), model.name()))
                .deps(deps)
                .sql(bridged.sql())
                .columns(model.properties().map(AssetProperties::columns).orElse(List.of()))
                .checks(checks)
                .hooks(compiledHooks.hooks())
                .exports(model.properties().map(AssetProperties::exports).orElse(List.of()))
                .build();
    }

    /** A snapshot whose config says how to record its rows; its errors are reported at its block or YAML entry. */
    private static Optional<Materialization> validateSnapshot(ModelConfig config, Location location, List<Diagnostic> found) {
        SnapshotConfig.Result snapshot = SnapshotConfig.read(config);
        snapshot.errors().forEach(error -> found.add(Diagnostic.error(location, error)));
        return Optional.of(Materialization.SNAPSHOT);
    }

    private static Optional<Materialization> validateMaterialization(ModelConfig config, String path, List<Diagnostic> found) {
        Optional<Materialization> materialization = config.modelMaterialization();
        if (materialization.isEmpty()) {
            String materialized = config.materialized().orElseThrow();
            found.add(Diagnostic.error(Location.of(path), "materialized='" + materialized + "' is not one of "
                    + String.join(", ", MODEL_MATERIALIZATIONS) + Suggestions.didYouMean(materialized, MODEL_MATERIALIZATIONS)));
            return Optional.empty();
        }
        if (materialization.get() == Materialization.INCREMENTAL) {
            String written = config.string("incremental_strategy").orElse(IncrementalStrategy.APPEND.label());
            Optional<IncrementalStrategy> strategy = IncrementalStrategy.of(written);
            if (strategy.isEmpty()) {
                found.add(Diagnostic.error(Location.of(path), "incremental_strategy='" + written + "' is not one of "
                        + String.join(", ", INCREMENTAL_STRATEGIES) + Suggestions.didYouMean(written, INCREMENTAL_STRATEGIES)));
            }
            else if (strategy.get().needsUniqueKey() && config.uniqueKey().isEmpty()) {
                found.add(Diagnostic.error(Location.of(path), "incremental_strategy='" + written
                        + "' needs unique_key: the column(s) that identify a row"));
            }
            Optional<String> onSchemaChange = config.string("on_schema_change");
            if (onSchemaChange.isPresent() && OnSchemaChange.of(onSchemaChange.get()).isEmpty()) {
                found.add(Diagnostic.error(Location.of(path), "on_schema_change='" + onSchemaChange.get() + "' is not one of "
                        + String.join(", ", ON_SCHEMA_CHANGE) + Suggestions.didYouMean(onSchemaChange.get(), ON_SCHEMA_CHANGE)));
            }
        }
        return materialization;
    }

    /** Trino's Iceberg connector and Dremio's Nessie source have no privileges to grant: the config is kept, and said to do nothing. */
    private static void warnOfGrants(ModelConfig config, String path, List<Diagnostic> found) {
        Object grants = config.values().get("grants");
        boolean given = grants instanceof Map<?, ?> map ? !map.isEmpty() : grants != null;
        if (given) {
            found.add(Diagnostic.warning(Location.of(path), "grants are ignored: the engines Strata runs on (Trino's Iceberg connector,"
                    + " Dremio's Nessie source) have no privileges on tables to grant; manage access in the engine or the catalog"));
        }
    }

    /** The labels in alphabetical order, as the error messages list them. */
    private static Set<String> labels(List<String> labels) {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(labels));
    }
}
