package io.strata.compile;

import io.strata.api.AssetDefinitions;
import io.strata.api.AssetKey;
import io.strata.api.AssetSpec;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.graph.AssetKind;
import io.strata.graph.GraphBuilder;
import io.strata.project.AssetDeclarationReader;
import io.strata.project.AssetProperties;
import io.strata.project.CheckDefinition;
import io.strata.project.DeclaredAsset;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.ModelConfig;
import io.strata.project.Profile;
import io.strata.project.ProjectException;
import io.strata.project.ProjectFile;
import io.strata.project.ProjectScanner;
import io.strata.project.ProjectScanner.ProjectPath;
import io.strata.project.ProjectScanner.Role;
import io.strata.project.PropertiesFile;
import io.strata.project.Relation;
import io.strata.project.SourceDefinition;
import io.strata.template.Placeholders;
import io.strata.template.RenderedTemplate;
import io.strata.template.SourceText;
import io.strata.template.Suggestions;
import io.strata.template.TemplateEnvironment;
import io.strata.template.TemplateInputs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Turns a project folder into a {@link CompiledProject}: loads the project file, YAML, macros and models,
 * renders every model with Jinja, resolves refs and sources, builds the asset graph and reads the SQL.
 * Errors are collected across the whole project and thrown together as one {@link ProjectException}.
 * <p>
 * A compiler keeps what it derived from each file while the file is unchanged, so compiling again after
 * an edit re-reads and re-renders only what the edit touched.
 */
public final class Compiler implements AutoCloseable {
    private static final Set<String> MODEL_MATERIALIZATIONS = Set.of("view", "table", "incremental", "ephemeral");
    private static final Set<String> INCREMENTAL_STRATEGIES = Set.of("append", "merge", "delete+insert");

    private final Path root;
    private final CompileOptions options;
    private final Map<String, AssetDeclarationReader> readers;
    private final List<AssetDefinitions> codeAssets;
    private final ForkJoinPool pool;

    private final FileCache<Outcome<String>> texts = new FileCache<>();
    private final FileCache<Outcome<PropertiesFile>> properties = new FileCache<>();
    private final Map<String, RenderEntry> renders = new ConcurrentHashMap<>();
    private final Map<String, SqlLint.Result> lints = new ConcurrentHashMap<>();
    private List<ProjectPath> macroVersions = List.of();
    private TemplateEnvironment environment;
    private TemplateInputs previousInputs;

    public Compiler(Path root, CompileOptions options, List<AssetDeclarationReader> readers, List<AssetDefinitions> codeAssets) {
        this.root = root.toAbsolutePath().normalize();
        this.options = options;
        Map<String, AssetDeclarationReader> byKey = new LinkedHashMap<>();
        readers.forEach(reader -> byKey.put(reader.key(), reader));
        this.readers = Map.copyOf(byKey);
        this.codeAssets = List.copyOf(codeAssets);
        this.pool = new ForkJoinPool(options.threads());
    }

    /** A compiler with the asset declaration readers and Java assets found on the class path. */
    public static Compiler forProject(Path root, CompileOptions options) {
        List<AssetDeclarationReader> readers = ServiceLoader.load(AssetDeclarationReader.class).stream().map(ServiceLoader.Provider::get).toList();
        List<AssetDefinitions> definitions = ServiceLoader.load(AssetDefinitions.class).stream().map(ServiceLoader.Provider::get).toList();
        return new Compiler(root, options, readers, definitions);
    }

    public Path root() {
        return root;
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    /** Compiles the project as it is on disk now. */
    public CompiledProject compile() {
        ProjectFile projectFile = ProjectFile.load(root);
        Profile target = projectFile.profile(options.profile());
        List<ProjectPath> files = ProjectScanner.scan(root, projectFile);
        Set<String> present = new java.util.HashSet<>();
        files.forEach(file -> present.add(file.path()));
        texts.retain(present);
        properties.retain(present);
        renders.keySet().retainAll(present);

        Run run = new Run(projectFile, target);
        run.loadProperties(byRole(files, Role.PROPERTIES));
        run.loadMacros(byRole(files, Role.MACRO));
        run.collectModels(byRole(files, Role.MODEL));
        run.collectSeeds(byRole(files, Role.SEED));
        run.collectDeclaredAssets();
        run.render();
        run.checkNames();
        run.resolveModels();
        AssetGraph graph = run.buildGraph();
        List<SingularTest> tests = run.singularTests(byRole(files, Role.SINGULAR_TEST));
        run.throwIfErrors();
        run.lint(graph);
        run.throwIfErrors();
        return new CompiledProject(root, projectFile, target, graph, tests, run.sortedWarnings(), run.reused);
    }

    private static List<ProjectPath> byRole(List<ProjectPath> files, Role role) {
        return files.stream().filter(file -> file.role() == role).toList();
    }

    private <T, R> List<R> parallel(List<T> items, Function<T, R> work) {
        if (items.size() < 64 || options.threads() == 1) {
            return items.stream().map(work).toList();
        }
        return pool.submit(() -> items.parallelStream().map(work).toList()).join();
    }

    private Outcome<String> read(ProjectPath file) {
        return texts.get(file, version -> {
            try {
                return Outcome.of(Files.readString(version.file(), StandardCharsets.UTF_8));
            }
            catch (IOException e) {
                return Outcome.failed(Diagnostic.error(Location.of(version.path()), "cannot read file: " + e.getMessage()));
            }
        });
    }

    /** A value derived from a file, or the errors that prevented it. */
    record Outcome<T>(T value, List<Diagnostic> errors) {
        static <T> Outcome<T> of(T value) {
            return new Outcome<>(value, List.of());
        }

        static <T> Outcome<T> failed(Diagnostic error) {
            return new Outcome<>(null, List.of(error));
        }

        static <T> Outcome<T> failed(List<Diagnostic> errors) {
            return new Outcome<>(null, errors);
        }
    }

    private record RenderEntry(ProjectPath version, ModelConfig baseConfig, TemplateInputs inputs,
                               TemplateEnvironment environment, RenderedTemplate rendered) {
    }

    /** A SQL model before its in-file config is known. */
    private record ModelDraft(ProjectPath file, String name, ModelConfig baseConfig, Optional<String> layer,
                              Optional<AssetProperties> properties) {
    }

    /** The state of one compilation. */
    private final class Run {
        final ProjectFile projectFile;
        final Profile target;
        final List<Diagnostic> diagnostics = Collections.synchronizedList(new ArrayList<>());
        final Map<String, AssetProperties> modelProperties = new HashMap<>();
        final Map<String, AssetProperties> seedProperties = new HashMap<>();
        final Map<List<String>, SourceTableEntry> sourceTables = new LinkedHashMap<>();
        final List<DeclaredEntry> declared = new ArrayList<>();
        final List<ModelDraft> models = new ArrayList<>();
        final List<Asset> seeds = new ArrayList<>();
        final Map<String, RenderedTemplate> rendered = new HashMap<>();
        final Map<String, Relation> relations = new HashMap<>();
        final Map<AssetKey, Asset> assets = new LinkedHashMap<>();
        final Map<String, Location> definedAt = new HashMap<>();
        TemplateInputs inputs;
        int reused;

        Run(ProjectFile projectFile, Profile target) {
            this.projectFile = projectFile;
            this.target = target;
        }

        record SourceTableEntry(SourceDefinition source, SourceDefinition.Table table, List<String> folders) {
        }

        record DeclaredEntry(DeclaredAsset asset, List<String> folders) {
        }

        void loadProperties(List<ProjectPath> files) {
            List<Outcome<PropertiesFile>> parsed = parallel(files, file -> properties.get(file, version -> {
                Outcome<String> text = read(version);
                if (text.value() == null) {
                    return Outcome.failed(text.errors());
                }
                try {
                    return Outcome.of(PropertiesFile.parse(version.path(), text.value(), readers));
                }
                catch (ProjectException e) {
                    return Outcome.failed(e.diagnostics());
                }
            }));
            for (int i = 0; i < files.size(); i++) {
                Outcome<PropertiesFile> outcome = parsed.get(i);
                diagnostics.addAll(outcome.errors());
                if (outcome.value() == null) {
                    continue;
                }
                PropertiesFile file = outcome.value();
                List<String> folders = files.get(i).folders();
                diagnostics.addAll(file.warnings());
                file.models().forEach(model -> describeOnce(modelProperties, model, "model"));
                file.seeds().forEach(seed -> describeOnce(seedProperties, seed, "seed"));
                for (SourceDefinition source : file.sources()) {
                    for (SourceDefinition.Table table : source.tables()) {
                        SourceTableEntry previous = sourceTables.putIfAbsent(List.of(source.name(), table.name()),
                                new SourceTableEntry(source, table, folders));
                        if (previous != null) {
                            diagnostics.add(Diagnostic.error(table.location(), "source table '" + source.name() + "." + table.name()
                                    + "' is declared twice: here and at " + previous.table().location()));
                        }
                    }
                }
                file.declaredAssets().forEach(asset -> declared.add(new DeclaredEntry(asset, folders)));
            }
        }

        private void describeOnce(Map<String, AssetProperties> described, AssetProperties entry, String kind) {
            AssetProperties previous = described.putIfAbsent(entry.name(), entry);
            if (previous != null) {
                diagnostics.add(Diagnostic.error(entry.location(), kind + " '" + entry.name()
                        + "' is described twice: here and at " + previous.location() + "; keep one entry"));
            }
        }

        void loadMacros(List<ProjectPath> files) {
            if (environment != null && files.size() == macroVersions.size() && sameVersions(files, macroVersions)) {
                return;
            }
            List<SourceText> macroTexts = new ArrayList<>();
            for (ProjectPath file : files) {
                Outcome<String> text = read(file);
                if (text.value() == null) {
                    throw new ProjectException(text.errors());
                }
                macroTexts.add(new SourceText(file.path(), text.value()));
            }
            environment = TemplateEnvironment.create(macroTexts);
            macroVersions = List.copyOf(files);
        }

        private static boolean sameVersions(List<ProjectPath> now, List<ProjectPath> before) {
            for (int i = 0; i < now.size(); i++) {
                if (!now.get(i).path().equals(before.get(i).path()) || !now.get(i).sameVersionAs(before.get(i))) {
                    return false;
                }
            }
            return true;
        }

        void collectModels(List<ProjectPath> files) {
            Map<String, ProjectPath> byName = new HashMap<>();
            for (ProjectPath file : files) {
                String name = file.stem();
                ProjectPath previous = byName.putIfAbsent(name, file);
                if (previous != null) {
                    diagnostics.add(Diagnostic.error(Location.of(file.path()), "model '" + name + "' is defined twice: "
                            + previous.path() + " and " + file.path() + "; model names must be unique"));
                    continue;
                }
                Optional<AssetProperties> described = Optional.ofNullable(modelProperties.get(name));
                ModelConfig config = projectFile.modelConfigs().configFor(projectFile.name(), file.folders(), name)
                        .with(described.map(AssetProperties::config).orElse(ModelConfig.EMPTY));
                Optional<String> layer = config.layer().or(() -> file.folders().stream().findFirst());
                models.add(new ModelDraft(file, name, config, layer, described));
                relations.put(name, relationOf(config, layer, name));
            }
            for (AssetProperties described : modelProperties.values()) {
                if (!byName.containsKey(described.name())) {
                    diagnostics.add(Diagnostic.warning(described.location(), "model '" + described.name()
                            + "' is described here but has no SQL file under " + String.join(", ", projectFile.modelPaths())));
                }
            }
        }

        void collectSeeds(List<ProjectPath> files) {
            for (ProjectPath file : files) {
                String name = file.stem();
                Optional<AssetProperties> described = Optional.ofNullable(seedProperties.get(name));
                ModelConfig config = projectFile.seedConfigs().configFor(projectFile.name(), file.folders(), name)
                        .with(described.map(AssetProperties::config).orElse(ModelConfig.EMPTY));
                if (!config.enabled()) {
                    continue;
                }
                Optional<String> layer = config.layer().or(() -> file.folders().stream().findFirst());
                Relation relation = relationOf(config, layer, name);
                relations.put(name, relation);
                seeds.add(new Asset(AssetKey.of(name), AssetKind.SEED, layer, "seed", Location.of(file.path()),
                        Optional.of(relation), config, described.map(AssetProperties::description).orElse(""), config.tags(),
                        fqn(file.folders(), name), Set.of(), Optional.empty(),
                        described.map(AssetProperties::columns).orElse(List.of()),
                        described.map(AssetProperties::allChecks).orElse(List.of())));
            }
        }

        void collectDeclaredAssets() {
            for (DeclaredEntry entry : declared) {
                DeclaredAsset asset = entry.asset();
                ModelConfig config = projectFile.modelConfigs().configFor(projectFile.name(), entry.folders(), asset.name())
                        .with(asset.config());
                Optional<String> layer = config.layer().or(() -> entry.folders().stream().findFirst());
                relations.put(asset.name(), relationOf(config, layer, asset.name()));
            }
        }

        private Relation relationOf(ModelConfig config, Optional<String> layer, String name) {
            return new Relation(config.schema().or(() -> layer).orElse(target.schema()), config.alias().orElse(name));
        }

        private List<String> fqn(List<String> folders, String... names) {
            List<String> fqn = new ArrayList<>();
            fqn.add(projectFile.name());
            fqn.addAll(folders);
            fqn.addAll(List.of(names));
            return fqn;
        }

        void render() {
            Map<String, Object> vars = new LinkedHashMap<>(projectFile.vars());
            vars.putAll(options.vars());
            Map<List<String>, Relation> sources = new HashMap<>();
            sourceTables.forEach((key, entry) -> sources.put(key, new Relation(entry.source().schema(), entry.table().identifier())));
            TemplateInputs fresh = new TemplateInputs(projectFile.name(), vars, target, sources, relations,
                    options.existingAssets(), options.fullRefresh());
            inputs = fresh.equals(previousInputs) ? previousInputs : fresh;
            previousInputs = inputs;
            TemplateEnvironment templates = environment;
            java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
            List<RenderedTemplate> results = parallel(models, draft -> {
                RenderEntry cached = renders.get(draft.file().path());
                if (cached != null && cached.version().sameVersionAs(draft.file()) && cached.inputs() == inputs
                        && cached.environment() == templates && cached.baseConfig().equals(draft.baseConfig())) {
                    hits.incrementAndGet();
                    return cached.rendered();
                }
                Outcome<String> text = read(draft.file());
                if (text.value() == null) {
                    return new RenderedTemplate("", List.of(), List.of(), Map.of(), text.errors());
                }
                RenderedTemplate result = templates.render(inputs, draft.file().path(), text.value(), Optional.of(draft.name()), draft.baseConfig());
                renders.put(draft.file().path(), new RenderEntry(draft.file(), draft.baseConfig(), inputs, templates, result));
                return result;
            });
            for (int i = 0; i < models.size(); i++) {
                RenderedTemplate result = results.get(i);
                rendered.put(models.get(i).name(), result);
                diagnostics.addAll(result.diagnostics());
            }
            reused = hits.get();
        }

        /** Every ref-able name (models, seeds, ingest and Java assets) must be unique across kinds. */
        void checkNames() {
            for (ModelDraft model : models) {
                definedAt.putIfAbsent(model.name(), Location.of(model.file().path()));
            }
            for (Asset seed : seeds) {
                define(seed.name(), seed.location(), "seed");
            }
            for (DeclaredEntry entry : declared) {
                define(entry.asset().name(), entry.asset().location(), "asset");
            }
            for (AssetDefinitions definitions : codeAssets) {
                for (AssetSpec spec : definitions.assets()) {
                    if (spec.key().path().size() == 1) {
                        define(spec.key().name(), codeLocation(definitions), "Java asset");
                    }
                }
            }
        }

        private void define(String name, Location location, String kind) {
            Location previous = definedAt.putIfAbsent(name, location);
            if (previous != null) {
                diagnostics.add(Diagnostic.error(location, kind + " '" + name + "' has the same name as the asset defined at "
                        + previous + "; names must be unique across models, seeds and assets"));
            }
        }

        private static Location codeLocation(AssetDefinitions definitions) {
            return Location.of("java:" + definitions.getClass().getName());
        }

        void resolveModels() {
            Set<String> sourceNames = new java.util.TreeSet<>();
            sourceTables.keySet().forEach(key -> sourceNames.add(key.get(0) + "." + key.get(1)));
            Map<String, Relation> finalRelations = new HashMap<>(relations);
            List<ModelDraft> enabled = new ArrayList<>();
            Set<String> disabled = new java.util.HashSet<>();
            for (ModelDraft model : models) {
                RenderedTemplate result = rendered.get(model.name());
                ModelConfig config = model.baseConfig().with(result.config());
                if (!config.enabled()) {
                    disabled.add(model.name());
                    continue;
                }
                enabled.add(model);
                Optional<String> layer = config.layer().or(() -> model.file().folders().stream().findFirst());
                finalRelations.put(model.name(), relationOf(config, layer, model.name()));
            }
            for (ModelDraft model : enabled) {
                RenderedTemplate result = rendered.get(model.name());
                ModelConfig config = model.baseConfig().with(result.config());
                String path = model.file().path();
                Optional<String> materialization = validateMaterialization(config, path);
                Set<AssetKey> deps = new LinkedHashSet<>();
                for (RenderedTemplate.RefCall ref : result.refs()) {
                    resolveRef(ref, path, disabled).ifPresent(deps::add);
                }
                for (RenderedTemplate.SourceCall call : result.sources()) {
                    if (sourceTables.containsKey(List.of(call.source(), call.table()))) {
                        deps.add(AssetKey.of(call.source(), call.table()));
                    }
                    else {
                        diagnostics.add(Diagnostic.error(new Location(path, call.line(), 0), "source('" + call.source() + "', '"
                                + call.table() + "') is not declared under 'sources:' in any YAML file"
                                + Suggestions.didYouMean(call.source() + "." + call.table(), sourceNames)));
                    }
                }
                List<CheckDefinition> checks = model.properties().map(AssetProperties::allChecks).orElse(List.of());
                checks.forEach(this::validateCheckRefs);
                String sql = Placeholders.resolve(result.text(), name -> {
                    Relation relation = finalRelations.get(name);
                    return relation == null ? name : relation.render();
                });
                Optional<String> layer = config.layer().or(() -> model.file().folders().stream().findFirst());
                Asset asset = new Asset(AssetKey.of(model.name()), AssetKind.MODEL, layer, materialization.orElse("view"),
                        Location.of(path), Optional.of(finalRelations.get(model.name())), config,
                        model.properties().map(AssetProperties::description).orElse(""), config.tags(),
                        fqn(model.file().folders(), model.name()), deps, Optional.of(sql),
                        model.properties().map(AssetProperties::columns).orElse(List.of()), checks);
                assets.put(asset.key(), asset);
            }
            seeds.forEach(seed -> {
                seed.checks().forEach(this::validateCheckRefs);
                assets.put(seed.key(), seed);
            });
            addSources();
            addDeclaredAssets(disabled);
            addCodeAssets();
        }

        private Optional<String> validateMaterialization(ModelConfig config, String path) {
            String materialized = config.materialized().orElse("view");
            if (!MODEL_MATERIALIZATIONS.contains(materialized)) {
                diagnostics.add(Diagnostic.error(Location.of(path), "materialized='" + materialized + "' is not one of "
                        + String.join(", ", new java.util.TreeSet<>(MODEL_MATERIALIZATIONS))
                        + Suggestions.didYouMean(materialized, MODEL_MATERIALIZATIONS)));
                return Optional.empty();
            }
            if (materialized.equals("incremental")) {
                String strategy = config.incrementalStrategy().orElse("append");
                if (!INCREMENTAL_STRATEGIES.contains(strategy)) {
                    diagnostics.add(Diagnostic.error(Location.of(path), "incremental_strategy='" + strategy + "' is not one of "
                            + String.join(", ", new java.util.TreeSet<>(INCREMENTAL_STRATEGIES))));
                }
                else if (!strategy.equals("append") && config.uniqueKey().isEmpty()) {
                    diagnostics.add(Diagnostic.error(Location.of(path), "incremental_strategy='" + strategy
                            + "' needs unique_key: the column(s) that identify a row"));
                }
            }
            return Optional.of(materialized);
        }

        private Optional<AssetKey> resolveRef(RenderedTemplate.RefCall ref, String path, Set<String> disabled) {
            Location location = new Location(path, ref.line(), 0);
            if (ref.packageName().isPresent() && !ref.packageName().get().equals(projectFile.name())) {
                diagnostics.add(Diagnostic.error(location, "ref('" + ref.packageName().get() + "', '" + ref.name()
                        + "') names package '" + ref.packageName().get() + "', but this project is '" + projectFile.name()
                        + "' and has no installed packages"));
                return Optional.empty();
            }
            if (disabled.contains(ref.name())) {
                diagnostics.add(Diagnostic.error(location, "ref('" + ref.name() + "') points at a model that is disabled (enabled=false)"));
                return Optional.empty();
            }
            if (!definedAt.containsKey(ref.name())) {
                diagnostics.add(Diagnostic.error(location, "ref('" + ref.name() + "') names no model, seed or asset of this project"
                        + Suggestions.didYouMean(ref.name(), definedAt.keySet())));
                return Optional.empty();
            }
            return Optional.of(AssetKey.of(ref.name()));
        }

        private void validateCheckRefs(CheckDefinition check) {
            for (String name : check.referencedModels()) {
                if (!definedAt.containsKey(name)) {
                    diagnostics.add(Diagnostic.error(check.location(), "test '" + check.test() + "' refers to ref('" + name
                            + "'), which names no model, seed or asset" + Suggestions.didYouMean(name, definedAt.keySet())));
                }
            }
            for (List<String> table : check.referencedSources()) {
                if (!sourceTables.containsKey(table)) {
                    diagnostics.add(Diagnostic.error(check.location(), "test '" + check.test() + "' refers to source('"
                            + table.get(0) + "', '" + table.get(1) + "'), which is not declared"));
                }
            }
        }

        private void addSources() {
            sourceTables.forEach((key, entry) -> {
                SourceDefinition.Table table = entry.table();
                table.allChecks().forEach(this::validateCheckRefs);
                Optional<String> layer = table.config().layer().or(() -> entry.folders().stream().findFirst());
                Asset asset = new Asset(AssetKey.of(entry.source().name(), table.name()), AssetKind.SOURCE, layer, "source",
                        table.location(), Optional.of(new Relation(entry.source().schema(), table.identifier())), table.config(),
                        table.description().isEmpty() ? entry.source().description() : table.description(), table.config().tags(),
                        fqn(entry.folders(), entry.source().name(), table.name()), Set.of(), Optional.empty(),
                        table.columns(), table.allChecks());
                assets.put(asset.key(), asset);
            });
        }

        private void addDeclaredAssets(Set<String> disabled) {
            for (DeclaredEntry entry : declared) {
                DeclaredAsset declaredAsset = entry.asset();
                ModelConfig config = projectFile.modelConfigs().configFor(projectFile.name(), entry.folders(), declaredAsset.name())
                        .with(declaredAsset.config());
                Set<AssetKey> deps = new LinkedHashSet<>();
                for (String dep : declaredAsset.deps()) {
                    resolveRef(new RenderedTemplate.RefCall(Optional.empty(), dep, declaredAsset.location().line()),
                            declaredAsset.location().file(), disabled).ifPresent(deps::add);
                }
                declaredAsset.allChecks().forEach(this::validateCheckRefs);
                Optional<String> layer = config.layer().or(() -> entry.folders().stream().findFirst());
                Asset asset = new Asset(AssetKey.of(declaredAsset.name()), AssetKind.INGEST, layer, "ingest",
                        declaredAsset.location(), Optional.of(relations.get(declaredAsset.name())), config,
                        declaredAsset.description(), config.tags(), fqn(entry.folders(), declaredAsset.name()), deps,
                        Optional.empty(), declaredAsset.columns(), declaredAsset.allChecks());
                assets.put(asset.key(), asset);
            }
        }

        private void addCodeAssets() {
            for (AssetDefinitions definitions : codeAssets) {
                Location location = codeLocation(definitions);
                for (AssetSpec spec : definitions.assets()) {
                    for (AssetKey dep : spec.deps()) {
                        if (!assets.containsKey(dep) && !(dep.path().size() == 1 && definedAt.containsKey(dep.name()))) {
                            diagnostics.add(Diagnostic.error(location, "Java asset '" + spec.key() + "' depends on '" + dep
                                    + "', which is not an asset of this project"));
                        }
                    }
                    assets.put(spec.key(), new Asset(spec.key(), AssetKind.CODE, spec.layer(), "code", location,
                            Optional.empty(), ModelConfig.EMPTY, spec.description(), spec.tags(),
                            fqn(List.of(), spec.key().path().toArray(String[]::new)), spec.deps(), Optional.empty(), List.of(), List.of()));
                }
            }
        }

        AssetGraph buildGraph() {
            List<Asset> known = new ArrayList<>(assets.size());
            for (Asset asset : assets.values()) {
                // Unknown deps were reported above; leave them out so the rest of the graph can still be checked.
                Set<AssetKey> deps = new LinkedHashSet<>(asset.deps());
                deps.retainAll(assets.keySet());
                known.add(deps.size() == asset.deps().size() ? asset : withDeps(asset, deps));
            }
            try {
                return GraphBuilder.build(known);
            }
            catch (ProjectException e) {
                diagnostics.addAll(e.diagnostics());
                return null;
            }
        }

        private static Asset withDeps(Asset asset, Set<AssetKey> deps) {
            return new Asset(asset.key(), asset.kind(), asset.layer(), asset.materialization(), asset.location(),
                    asset.relation(), asset.config(), asset.description(), asset.tags(), asset.fqn(), deps, asset.sql(),
                    asset.columns(), asset.checks());
        }

        List<SingularTest> singularTests(List<ProjectPath> files) {
            List<SingularTest> tests = new ArrayList<>();
            for (ProjectPath file : files) {
                Outcome<String> text = read(file);
                if (text.value() == null) {
                    diagnostics.addAll(text.errors());
                    continue;
                }
                RenderedTemplate result = environment.render(inputs, file.path(), text.value(), Optional.empty(), ModelConfig.EMPTY);
                diagnostics.addAll(result.diagnostics());
                Set<AssetKey> deps = new LinkedHashSet<>();
                for (RenderedTemplate.RefCall ref : result.refs()) {
                    resolveRef(ref, file.path(), Set.of()).ifPresent(deps::add);
                }
                for (RenderedTemplate.SourceCall call : result.sources()) {
                    if (sourceTables.containsKey(List.of(call.source(), call.table()))) {
                        deps.add(AssetKey.of(call.source(), call.table()));
                    }
                    else {
                        diagnostics.add(Diagnostic.error(new Location(file.path(), call.line(), 0),
                                "source('" + call.source() + "', '" + call.table() + "') is not declared"));
                    }
                }
                String sql = Placeholders.resolve(result.text(), name -> assets.containsKey(AssetKey.of(name))
                        ? assets.get(AssetKey.of(name)).relation().map(Relation::render).orElse(name) : name);
                tests.add(new SingularTest(file.stem(), Location.of(file.path()), sql, deps, new ModelConfig(result.config())));
            }
            return tests;
        }

        void lint(AssetGraph graph) {
            List<Asset> withSql = graph.assets().stream().filter(asset -> asset.sql().isPresent()).toList();
            List<SqlLint.Result> results = parallel(withSql, asset -> lints.computeIfAbsent(asset.sql().get(), SqlLint::read));
            Map<String, Asset> byRelation = new HashMap<>();
            Map<AssetKey, Asset> byKey = new HashMap<>();
            for (Asset asset : graph.assets()) {
                byKey.put(asset.key(), asset);
                asset.relation().ifPresent(relation -> byRelation.put(SqlLint.key(relation), asset));
            }
            Set<String> used = new java.util.HashSet<>();
            for (int i = 0; i < withSql.size(); i++) {
                Asset asset = withSql.get(i);
                used.add(asset.sql().get());
                diagnostics.addAll(SqlLint.diagnose(asset, results.get(i), byRelation, byKey));
            }
            lints.keySet().retainAll(used);
        }

        void throwIfErrors() {
            if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
                throw new ProjectException(sorted());
            }
        }

        List<Diagnostic> sortedWarnings() {
            return sorted().stream().filter(diagnostic -> !diagnostic.isError()).toList();
        }

        private List<Diagnostic> sorted() {
            return Stream.of(diagnostics.toArray(Diagnostic[]::new)).distinct()
                    .sorted(Comparator.comparing((Diagnostic d) -> d.location().file())
                            .thenComparingInt(d -> d.location().line())
                            .thenComparingInt(d -> d.location().column())
                            .thenComparing(Diagnostic::message))
                    .toList();
        }
    }
}
