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
import io.strata.sql.SqlAnalysis;

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
    private final Optional<Path> cacheFile;
    private CompileCache cache;
    private Memory memory = Memory.EMPTY;
    private String environmentStamp = "";
    private TemplateEnvironment environment;

    public Compiler(Path root, CompileOptions options, List<AssetDeclarationReader> readers, List<AssetDefinitions> codeAssets) {
        this(root, options, readers, codeAssets, Optional.empty());
    }

    /**
     * @param cacheFile where to keep what compilation derived between processes (the CLI uses
     *        {@link #CACHE_FILE} under the project); written only after a successful compilation
     */
    public Compiler(Path root, CompileOptions options, List<AssetDeclarationReader> readers, List<AssetDefinitions> codeAssets,
                    Optional<Path> cacheFile) {
        this.cacheFile = cacheFile;
        this.root = root.toAbsolutePath().normalize();
        this.options = options;
        Map<String, AssetDeclarationReader> byKey = new LinkedHashMap<>();
        readers.forEach(reader -> byKey.put(reader.key(), reader));
        this.readers = Map.copyOf(byKey);
        this.codeAssets = List.copyOf(codeAssets);
        this.pool = new ForkJoinPool(options.threads());
    }

    /** The compile cache's place under the project root, next to the compiled SQL. */
    public static final String CACHE_FILE = "target/strata/compile-cache.bin";

    /**
     * A compiler with the asset declaration readers and Java assets found on the class path, keeping its
     * cache in the project's {@link #CACHE_FILE}.
     */
    public static Compiler forProject(Path root, CompileOptions options) {
        List<AssetDeclarationReader> readers = ServiceLoader.load(AssetDeclarationReader.class).stream().map(ServiceLoader.Provider::get).toList();
        List<AssetDefinitions> definitions = ServiceLoader.load(AssetDefinitions.class).stream().map(ServiceLoader.Provider::get).toList();
        return new Compiler(root, options, readers, definitions, Optional.of(root.resolve(CACHE_FILE)));
    }

    /** Identifies this build of Strata: a cache written by another build is not trusted. */
    private static final String BUILD = build();

    private static String build() {
        try {
            Path code = Path.of(Compiler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getFileName() + "@" + Files.getLastModifiedTime(code).toMillis() + "/" + Files.size(code);
        }
        catch (Exception e) {
            return "unknown-" + System.nanoTime();
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    /** Compiles the project as it is on disk now, with the options' view of what exists where the run writes. */
    public CompiledProject compile() {
        return compile(options.existingAssets(), options.fullRefresh());
    }

    /**
     * Compiles the project for a run whose branch already holds {@code existingAssets} (what
     * {@code is_incremental()} asks), reusing what this compiler derived before.
     */
    public CompiledProject compile(Set<String> existingAssets, boolean fullRefresh) {
        long started = System.nanoTime();
        ProjectFile projectFile = ProjectFile.load(root);
        Profile target = projectFile.profile(options.profile());
        List<ProjectPath> files = ProjectScanner.scan(root, projectFile);
        Set<String> present = new java.util.HashSet<>();
        files.forEach(file -> present.add(file.path()));
        texts.retain(present);
        properties.retain(present);
        if (cache == null) {
            cache = cacheFile.map(file -> CompileCache.load(file, cacheBuild())).orElseGet(CompileCache::empty);
        }
        boolean trimmed = cache.renders.keySet().retainAll(present) | cache.properties.keySet().retainAll(present);

        Run run = new Run(projectFile, target, Set.copyOf(existingAssets), fullRefresh);
        run.changedCache = trimmed;
        PhaseClock clock = new PhaseClock(started);
        clock.lap("scan");
        run.loadProperties(byRole(files, Role.PROPERTIES));
        clock.lap("yaml");
        run.loadMacros(byRole(files, Role.MACRO));
        clock.lap("macros");
        run.collectModels(byRole(files, Role.MODEL));
        run.collectSeeds(byRole(files, Role.SEED));
        run.collectDeclaredAssets();
        clock.lap("configs");
        run.render();
        clock.lap("render");
        run.checkNames();
        run.resolveModels();
        clock.lap("refs");
        AssetGraph graph = run.buildGraph();
        clock.lap("graph");
        List<SingularTest> tests = run.singularTests(byRole(files, Role.SINGULAR_TEST));
        run.throwIfErrors();
        clock.lap("tests");
        run.lint(graph);
        run.throwIfErrors();
        run.remember(graph);
        run.changedCache |= !cache.validMacros.equals(run.macroStamp);
        cache.validMacros = run.macroStamp;
        clock.lap("sql");
        if (cacheFile.isPresent() && run.changedCache) {
            saveCache(run);
            clock.lap("cache");
        }
        return new CompiledProject(root, projectFile, target, graph, tests, run.sortedWarnings(), run.reused, clock.phases(), run.declarations);
    }

    /** The build and the declaration readers: what parsed YAML depends on besides the file itself. */
    private String cacheBuild() {
        return BUILD + " readers=" + String.join(",", new java.util.TreeSet<>(readers.keySet()));
    }

    private void saveCache(Run run) {
        cache.analyses.keySet().retainAll(run.analysesInUse);
        try {
            cache.save(cacheFile.get(), cacheBuild());
        }
        catch (java.io.IOException e) {
            // The cache only saves time: a project compiles the same without it.
        }
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

    /** What the last successful compilation derived, for reuse when its inputs are unchanged. */
    private record Memory(ResolutionContext context, Map<String, ModelMemo> models, AssetGraph graph,
                          Map<AssetKey, LintMemo> lints) {
        static final Memory EMPTY = new Memory(null, Map.of(), null, Map.of());
    }

    /** Everything outside a model's own files that its resolution depends on. */
    private record ResolutionContext(Map<String, Relation> relations, Set<String> disabled, Set<String> ephemeral,
                                     Set<String> names, Set<List<String>> sourceTables) {
    }

    private record ModelMemo(RenderedTemplate rendered, ModelConfig baseConfig, Optional<AssetProperties> properties,
                             Asset asset, List<Diagnostic> diagnostics) {
    }

    private record LintMemo(Asset asset, String analysisKey, List<Diagnostic> diagnostics) {
    }

    /** A SQL model before its in-file config is known. */
    private record ModelDraft(ProjectPath file, String name, ModelConfig baseConfig, Optional<AssetProperties> properties) {
    }

    /** The state of one compilation. */
    private final class Run {
        final ProjectFile projectFile;
        final Profile target;
        final Set<String> existingAssets;
        final boolean fullRefresh;
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
        final Map<String, ModelMemo> modelMemos = new HashMap<>();
        final Map<AssetKey, LintMemo> lintMemos = new HashMap<>();
        final Set<String> analysesInUse = ConcurrentHashMap.newKeySet();
        ResolutionContext context;
        TemplateInputs inputs;
        String inputsFingerprint;
        List<ProjectPath> macroFiles = List.of();
        String macroStamp;
        boolean changedCache;
        int reused;

        Run(ProjectFile projectFile, Profile target, Set<String> existingAssets, boolean fullRefresh) {
            this.projectFile = projectFile;
            this.target = target;
            this.existingAssets = existingAssets;
            this.fullRefresh = fullRefresh;
        }

        record SourceTableEntry(SourceDefinition source, SourceDefinition.Table table, List<String> folders) {
        }

        record DeclaredEntry(DeclaredAsset asset, List<String> folders) {
        }

        void loadProperties(List<ProjectPath> files) {
            List<Outcome<PropertiesFile>> parsed = parallel(files, file -> properties.get(file, version -> {
                CompileCache.Properties known = cache.properties.get(version.path());
                if (known != null && known.validFor(version.modified(), version.size())) {
                    return Outcome.of(known.file());
                }
                Outcome<String> text = read(version);
                if (text.value() == null) {
                    return Outcome.failed(text.errors());
                }
                try {
                    PropertiesFile parsedFile = PropertiesFile.parse(version.path(), text.value(), readers);
                    if (parsedFile.declaredAssets().isEmpty()) {
                        cache.properties.put(version.path(), new CompileCache.Properties(version.modified(), version.size(), parsedFile));
                        changedCache = true;
                    }
                    return Outcome.of(parsedFile);
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
            for (AssetDeclarationReader reader : readers.values()) {
                try {
                    reader.declaredInCode(projectFile.name()).forEach(code -> declared.add(new DeclaredEntry(code.asset(), List.of(code.layer()))));
                }
                catch (ProjectException e) {
                    diagnostics.addAll(e.diagnostics());
                }
            }
        }

        private void describeOnce(Map<String, AssetProperties> described, AssetProperties entry, String kind) {
            AssetProperties previous = described.putIfAbsent(entry.name(), entry);
            if (previous != null) {
                diagnostics.add(Diagnostic.error(entry.location(), kind + " '" + entry.name()
                        + "' is described twice: here and at " + previous.location() + "; keep one entry"));
            }
        }

        /** Notes the macro files; the template environment is built only when a template must be rendered. */
        void loadMacros(List<ProjectPath> files) {
            macroFiles = files;
            StringBuilder stamp = new StringBuilder(BUILD);
            for (ProjectPath file : files) {
                stamp.append('|').append(file.path()).append('@').append(file.modified()).append('/').append(file.size());
            }
            macroStamp = Fingerprint.of(stamp.toString());
            if (!macroStamp.equals(cache.validMacros)) {
                // Macro files not known to be sound: parse them now so that their errors are reported.
                templates();
            }
        }

        /** The template environment for this compilation's macros, built on first use. */
        synchronized TemplateEnvironment templates() {
            if (environment == null || !environmentStamp.equals(macroStamp)) {
                List<SourceText> macroTexts = new ArrayList<>();
                for (ProjectPath file : macroFiles) {
                    Outcome<String> text = read(file);
                    if (text.value() == null) {
                        throw new ProjectException(text.errors());
                    }
                    macroTexts.add(new SourceText(file.path(), text.value()));
                }
                environment = TemplateEnvironment.create(macroTexts);
                environmentStamp = macroStamp;
            }
            return environment;
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
                Optional<String> layer = layerOf(config, file.folders());
                models.add(new ModelDraft(file, name, config, described));
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
                Optional<String> layer = layerOf(config, file.folders());
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
                Optional<String> layer = layerOf(config, entry.folders());
                relations.put(asset.name(), relationOf(config, layer, asset.name()));
            }
        }

        /** {@code config(layer=…)}, or else the first folder under the model (or seed) path. */
        private static Optional<String> layerOf(ModelConfig config, List<String> folders) {
            return config.layer().or(() -> folders.stream().findFirst());
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
                    existingAssets, fullRefresh);
            inputs = fresh;
            inputsFingerprint = Fingerprint.of(inputs);
            java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
            List<RenderedTemplate> results = parallel(models, draft -> {
                RenderedTemplate cached = cachedRender(draft.file(), draft.baseConfig());
                if (cached != null) {
                    hits.incrementAndGet();
                    return cached;
                }
                return renderAndCache(draft.file(), Optional.of(draft.name()), draft.baseConfig());
            });
            for (int i = 0; i < models.size(); i++) {
                RenderedTemplate result = results.get(i);
                rendered.put(models.get(i).name(), result);
                diagnostics.addAll(result.diagnostics());
            }
            reused = hits.get();
        }

        private RenderedTemplate cachedRender(ProjectPath file, ModelConfig baseConfig) {
            CompileCache.Render cached = cache.renders.get(file.path());
            if (cached != null && cached.validFor(file.modified(), file.size(), baseConfig, inputsFingerprint, macroStamp)) {
                return cached.rendered();
            }
            return null;
        }

        private RenderedTemplate renderAndCache(ProjectPath file, Optional<String> assetName, ModelConfig baseConfig) {
            Outcome<String> text = read(file);
            if (text.value() == null) {
                return new RenderedTemplate("", List.of(), List.of(), Map.of(), text.errors());
            }
            RenderedTemplate result = templates().render(inputs, file.path(), text.value(), assetName, baseConfig);
            cache.renders.put(file.path(), new CompileCache.Render(file.modified(), file.size(), baseConfig, inputsFingerprint, macroStamp, result));
            changedCache = true;
            return result;
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
            Set<String> ephemeral = new java.util.HashSet<>();
            List<ModelDraft> enabled = new ArrayList<>();
            Set<String> disabled = new java.util.HashSet<>();
            for (ModelDraft model : models) {
                RenderedTemplate result = rendered.get(model.name());
                ModelMemo previous = memory.models().get(model.name());
                if (previous != null && previous.rendered() == result && previous.baseConfig().equals(model.baseConfig())) {
                    // Same render and base config: same final config, so the same relation.
                    enabled.add(model);
                    finalRelations.put(model.name(), previous.asset().relation().orElseThrow());
                    if (previous.asset().materialization().equals("ephemeral")) {
                        ephemeral.add(model.name());
                    }
                    continue;
                }
                ModelConfig config = model.baseConfig().with(result.config());
                if (config.materialized().filter("ephemeral"::equals).isPresent()) {
                    ephemeral.add(model.name());
                }
                if (!config.enabled()) {
                    disabled.add(model.name());
                    continue;
                }
                enabled.add(model);
                Optional<String> layer = layerOf(config, model.file().folders());
                finalRelations.put(model.name(), relationOf(config, layer, model.name()));
            }
            context = new ResolutionContext(finalRelations, disabled, ephemeral, Set.copyOf(definedAt.keySet()), Set.copyOf(sourceTables.keySet()));
            boolean sameContext = context.equals(memory.context());
            for (ModelDraft model : enabled) {
                RenderedTemplate result = rendered.get(model.name());
                ModelMemo previous = sameContext ? memory.models().get(model.name()) : null;
                if (previous != null && previous.rendered() == result && previous.baseConfig().equals(model.baseConfig())
                        && previous.properties().equals(model.properties()) && previous.asset().path().equals(model.file().path())) {
                    modelMemos.put(model.name(), previous);
                    diagnostics.addAll(previous.diagnostics());
                    assets.put(previous.asset().key(), previous.asset());
                    continue;
                }
                List<Diagnostic> found = new ArrayList<>();
                Asset asset = resolveModel(model, result, finalRelations, ephemeral, disabled, sourceNames, found);
                modelMemos.put(model.name(), new ModelMemo(result, model.baseConfig(), model.properties(), asset, List.copyOf(found)));
                diagnostics.addAll(found);
                assets.put(asset.key(), asset);
            }
            inlineEphemerals(ephemeral);
            seeds.forEach(seed -> {
                seed.checks().forEach(check -> validateCheckRefs(check, diagnostics));
                assets.put(seed.key(), seed);
            });
            addSources();
            addDeclaredAssets(disabled);
            addCodeAssets();
        }

        private Asset resolveModel(ModelDraft model, RenderedTemplate result, Map<String, Relation> finalRelations,
                                   Set<String> ephemeral, Set<String> disabled, Set<String> sourceNames, List<Diagnostic> found) {
            ModelConfig config = model.baseConfig().with(result.config());
            String path = model.file().path();
            Optional<String> materialization = validateMaterialization(config, path, found);
            Set<AssetKey> deps = new LinkedHashSet<>();
            for (RenderedTemplate.RefCall ref : result.refs()) {
                resolveRef(ref, path, disabled, found).ifPresent(deps::add);
            }
            for (RenderedTemplate.SourceCall call : result.sources()) {
                if (sourceTables.containsKey(List.of(call.source(), call.table()))) {
                    deps.add(AssetKey.of(call.source(), call.table()));
                }
                else {
                    found.add(Diagnostic.error(new Location(path, call.line(), 0), "source('" + call.source() + "', '"
                            + call.table() + "') is not declared under 'sources:' in any YAML file"
                            + Suggestions.didYouMean(call.source() + "." + call.table(), sourceNames)));
                }
            }
            List<CheckDefinition> checks = model.properties().map(AssetProperties::allChecks).orElse(List.of());
            checks.forEach(check -> validateCheckRefs(check, found));
            String sql = Placeholders.resolve(result.text(), name -> {
                if (ephemeral.contains(name)) {
                    return Ephemerals.cteName(name);
                }
                Relation relation = finalRelations.get(name);
                return relation == null ? name : relation.render();
            });
            Optional<String> layer = layerOf(config, model.file().folders());
            return new Asset(AssetKey.of(model.name()), AssetKind.MODEL, layer, materialization.orElse("view"),
                    Location.of(path), Optional.of(finalRelations.get(model.name())), config,
                    model.properties().map(AssetProperties::description).orElse(""), config.tags(),
                    fqn(model.file().folders(), model.name()), deps, Optional.of(sql),
                    model.properties().map(AssetProperties::columns).orElse(List.of()), checks);
        }

        /** Puts every ephemeral model a model reads (directly or through other ephemerals) in front of its SQL. */
        private void inlineEphemerals(Set<String> ephemeral) {
            if (ephemeral.isEmpty()) {
                return;
            }
            for (Asset asset : List.copyOf(assets.values())) {
                if (asset.kind() == AssetKind.MODEL && ephemeral.contains(asset.name())) {
                    continue;
                }
                List<String> chain = new ArrayList<>();
                collectEphemerals(asset, ephemeral, chain, new java.util.HashSet<>());
                if (chain.isEmpty()) {
                    continue;
                }
                List<Map.Entry<String, String>> ctes = new ArrayList<>();
                for (String name : chain) {
                    ctes.add(Map.entry(name, assets.get(AssetKey.of(name)).sql().orElseThrow()));
                }
                assets.put(asset.key(), asset.withSql(Ephemerals.inline(asset.sql().orElseThrow(), ctes)));
            }
        }

        /** Ephemeral models reachable through ephemeral models only, dependencies first. */
        private void collectEphemerals(Asset asset, Set<String> ephemeral, List<String> chain, Set<String> seen) {
            for (AssetKey dep : asset.deps()) {
                if (dep.path().size() == 1 && ephemeral.contains(dep.name()) && seen.add(dep.name()) && assets.containsKey(dep)) {
                    collectEphemerals(assets.get(dep), ephemeral, chain, seen);
                    chain.add(dep.name());
                }
            }
        }

        private Optional<String> validateMaterialization(ModelConfig config, String path, List<Diagnostic> found) {
            String materialized = config.materialized().orElse("view");
            if (!MODEL_MATERIALIZATIONS.contains(materialized)) {
                found.add(Diagnostic.error(Location.of(path), "materialized='" + materialized + "' is not one of "
                        + String.join(", ", new java.util.TreeSet<>(MODEL_MATERIALIZATIONS))
                        + Suggestions.didYouMean(materialized, MODEL_MATERIALIZATIONS)));
                return Optional.empty();
            }
            if (materialized.equals("incremental")) {
                String strategy = config.incrementalStrategy().orElse("append");
                if (!INCREMENTAL_STRATEGIES.contains(strategy)) {
                    found.add(Diagnostic.error(Location.of(path), "incremental_strategy='" + strategy + "' is not one of "
                            + String.join(", ", new java.util.TreeSet<>(INCREMENTAL_STRATEGIES))));
                }
                else if (!strategy.equals("append") && config.uniqueKey().isEmpty()) {
                    found.add(Diagnostic.error(Location.of(path), "incremental_strategy='" + strategy
                            + "' needs unique_key: the column(s) that identify a row"));
                }
            }
            return Optional.of(materialized);
        }

        private Optional<AssetKey> resolveRef(RenderedTemplate.RefCall ref, String path, Set<String> disabled, List<Diagnostic> found) {
            Location location = new Location(path, ref.line(), 0);
            if (ref.packageName().isPresent() && !ref.packageName().get().equals(projectFile.name())) {
                found.add(Diagnostic.error(location, "ref('" + ref.packageName().get() + "', '" + ref.name()
                        + "') names package '" + ref.packageName().get() + "', but this project is '" + projectFile.name()
                        + "' and has no installed packages"));
                return Optional.empty();
            }
            if (disabled.contains(ref.name())) {
                found.add(Diagnostic.error(location, "ref('" + ref.name() + "') points at a model that is disabled (enabled=false)"));
                return Optional.empty();
            }
            if (!definedAt.containsKey(ref.name())) {
                found.add(Diagnostic.error(location, "ref('" + ref.name() + "') names no model, seed or asset of this project"
                        + Suggestions.didYouMean(ref.name(), definedAt.keySet())));
                return Optional.empty();
            }
            return Optional.of(AssetKey.of(ref.name()));
        }

        private void validateCheckRefs(CheckDefinition check, List<Diagnostic> found) {
            for (String name : check.referencedModels()) {
                if (!definedAt.containsKey(name)) {
                    found.add(Diagnostic.error(check.location(), "test '" + check.test() + "' refers to ref('" + name
                            + "'), which names no model, seed or asset" + Suggestions.didYouMean(name, definedAt.keySet())));
                }
            }
            for (List<String> table : check.referencedSources()) {
                if (!sourceTables.containsKey(table)) {
                    found.add(Diagnostic.error(check.location(), "test '" + check.test() + "' refers to source('"
                            + table.get(0) + "', '" + table.get(1) + "'), which is not declared"));
                }
            }
        }

        private void addSources() {
            sourceTables.forEach((key, entry) -> {
                SourceDefinition.Table table = entry.table();
                table.allChecks().forEach(check -> validateCheckRefs(check, diagnostics));
                Optional<String> layer = layerOf(table.config(), entry.folders());
                Asset asset = new Asset(AssetKey.of(entry.source().name(), table.name()), AssetKind.SOURCE, layer, "source",
                        table.location(), Optional.of(new Relation(entry.source().schema(), table.identifier())), table.config(),
                        table.description().isEmpty() ? entry.source().description() : table.description(), table.config().tags(),
                        fqn(entry.folders(), entry.source().name(), table.name()), Set.of(), Optional.empty(),
                        table.columns(), table.allChecks());
                assets.put(asset.key(), asset);
            });
        }

        private final Map<AssetKey, Object> declarations = new HashMap<>();

        private void addDeclaredAssets(Set<String> disabled) {
            for (DeclaredEntry entry : declared) {
                DeclaredAsset declaredAsset = entry.asset();
                ModelConfig config = projectFile.modelConfigs().configFor(projectFile.name(), entry.folders(), declaredAsset.name())
                        .with(declaredAsset.config());
                Set<AssetKey> deps = new LinkedHashSet<>();
                for (String dep : declaredAsset.deps()) {
                    resolveRef(new RenderedTemplate.RefCall(Optional.empty(), dep, declaredAsset.location().line()),
                            declaredAsset.location().file(), disabled, diagnostics).ifPresent(deps::add);
                }
                declaredAsset.allChecks().forEach(check -> validateCheckRefs(check, diagnostics));
                Optional<String> layer = layerOf(config, entry.folders());
                Asset asset = new Asset(AssetKey.of(declaredAsset.name()), AssetKind.INGEST, layer, "ingest",
                        declaredAsset.location(), Optional.of(relations.get(declaredAsset.name())), config,
                        declaredAsset.description(), config.tags(), fqn(entry.folders(), declaredAsset.name()), deps,
                        Optional.empty(), declaredAsset.columns(), declaredAsset.allChecks());
                assets.put(asset.key(), asset);
                declarations.put(asset.key(), declaredAsset.declaration());
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
                known.add(deps.size() == asset.deps().size() ? asset : asset.withDeps(deps));
            }
            AssetGraph previous = memory.graph();
            if (previous != null && previous.size() == known.size() && known.stream().allMatch(asset ->
                    previous.asset(asset.key()).map(before -> before == asset || before.deps().equals(asset.deps())).orElse(false))) {
                return previous.withAssets(known);
            }
            try {
                return GraphBuilder.build(known);
            }
            catch (ProjectException e) {
                diagnostics.addAll(e.diagnostics());
                return null;
            }
        }

        List<SingularTest> singularTests(List<ProjectPath> files) {
            List<SingularTest> tests = new ArrayList<>();
            for (ProjectPath file : files) {
                RenderedTemplate result = cachedRender(file, ModelConfig.EMPTY);
                if (result == null) {
                    result = renderAndCache(file, Optional.empty(), ModelConfig.EMPTY);
                }
                diagnostics.addAll(result.diagnostics());
                Set<AssetKey> deps = new LinkedHashSet<>();
                for (RenderedTemplate.RefCall ref : result.refs()) {
                    resolveRef(ref, file.path(), Set.of(), diagnostics).ifPresent(deps::add);
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
            boolean sameContext = context.equals(memory.context());
            List<Asset> toRead = new ArrayList<>();
            for (Asset asset : graph.assets()) {
                LintMemo previous = sameContext ? memory.lints().get(asset.key()) : null;
                if (asset.sql().isEmpty()) {
                    continue;
                }
                if (previous != null && previous.asset() == asset) {
                    lintMemos.put(asset.key(), previous);
                    diagnostics.addAll(previous.diagnostics());
                    analysesInUse.add(previous.analysisKey());
                }
                else {
                    toRead.add(asset);
                }
            }
            if (toRead.isEmpty()) {
                return;
            }
            List<SqlAnalysis> results = parallel(toRead, asset -> {
                String key = Fingerprint.of(asset.sql().get());
                analysesInUse.add(key);
                SqlAnalysis known = cache.analyses.get(key);
                if (known != null) {
                    return known;
                }
                changedCache = true;
                SqlAnalysis analysis = SqlLint.read(asset.sql().get());
                cache.analyses.put(key, analysis);
                return analysis;
            });
            Map<String, Asset> byRelation = new HashMap<>();
            Map<AssetKey, Asset> byKey = new HashMap<>();
            for (Asset asset : graph.assets()) {
                byKey.put(asset.key(), asset);
                asset.relation().ifPresent(relation -> byRelation.put(SqlLint.key(relation), asset));
            }
            for (int i = 0; i < toRead.size(); i++) {
                Asset asset = toRead.get(i);
                List<Diagnostic> found = SqlLint.diagnose(asset, results.get(i), byRelation, byKey);
                lintMemos.put(asset.key(), new LintMemo(asset, Fingerprint.of(asset.sql().get()), found));
                diagnostics.addAll(found);
            }
        }

        /** Keeps what this successful compilation derived for the next one. */
        void remember(AssetGraph graph) {
            memory = new Memory(context, Map.copyOf(modelMemos), graph, Map.copyOf(lintMemos));
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
