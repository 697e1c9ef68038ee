package io.strata.compile;

import io.strata.api.AssetDefinitions;
import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.lineage.MainColumns;
import io.strata.lineage.SqlFunctions;
import io.strata.project.AssetDeclarationReader;
import io.strata.project.Profile;
import io.strata.project.ProjectException;
import io.strata.project.InstalledPackage;
import io.strata.project.ProjectFile;
import io.strata.project.ProjectScanner;
import io.strata.project.ProjectScanner.ProjectPath;
import io.strata.project.ProjectScanner.Role;
import io.strata.sql.EngineType;
import io.strata.template.Invocation;
import io.strata.template.RelationColumns;
import io.strata.template.RenderedTemplate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns a project folder into a {@link CompiledProject}, running the phases docs/compilation.md names in order.
 * Errors are collected across the whole project and thrown together as one {@link ProjectException}.
 * <p>
 * A compiler keeps what it derived from each file while the file is unchanged, so compiling again after
 * an edit re-reads and re-renders only what the edit touched.
 * <p>
 * Safe to share between threads: one compilation runs at a time, and a concurrent caller waits for it to finish.
 * Each compilation sees the project as it is on disk when it starts, and the caches as the last one left them.
 * {@link #close()} waits for a running compilation too; compile nothing after it.
 */
public final class Compiler implements AutoCloseable {
    /** The compile cache's place under the project root, next to the compiled SQL. */
    public static final String CACHE_FILE = "target/strata/compile-cache.bin";

    private final Path root;
    private final CompileOptions options;
    private final Map<String, AssetDeclarationReader> readers;
    private final List<AssetDefinitions> codeAssets;
    private final Optional<Path> cacheFile;
    /** Held for a whole compilation: the caches and memory below are one compilation's to read and replace. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Parallel parallel;
    private final FileTexts texts = new FileTexts();
    private final YamlLoading yaml;
    private final Macros macros = new Macros(texts);
    private CompileCache cache;
    private Memory memory = Memory.EMPTY;

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
        this.parallel = new Parallel(options.threads());
        this.yaml = new YamlLoading(this.readers, texts, parallel);
    }

    /**
     * A compiler with the asset declaration readers and Java assets found on the class path, keeping its
     * cache in the project's {@link #CACHE_FILE}.
     */
    public static Compiler forProject(Path root, CompileOptions options) {
        List<AssetDeclarationReader> readers = ServiceLoader.load(AssetDeclarationReader.class).stream().map(ServiceLoader.Provider::get).toList();
        List<AssetDefinitions> definitions = ServiceLoader.load(AssetDefinitions.class).stream().map(ServiceLoader.Provider::get).toList();
        return new Compiler(root, options, readers, definitions, Optional.of(root.resolve(CACHE_FILE)));
    }

    /** A jar's Java assets as its {@code assets()} gave them once for this compilation, which reads them in several phases. */
    record LoadedDefinitions(AssetDefinitions source, List<io.strata.api.AssetSpec> assets) implements AssetDefinitions {
    }

    public Path root() {
        return root;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            parallel.close();
        }
        finally {
            lock.unlock();
        }
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
        return compile(existingAssets, fullRefresh, Invocation.start());
    }

    /**
     * Compiles as {@link #compile(Set, boolean)} does, as part of {@code invocation}: a run that compiles again once its
     * branch exists gives its templates the {@code invocation_id} and {@code run_started_at} of its first compilation.
     */
    public CompiledProject compile(Set<String> existingAssets, boolean fullRefresh, Invocation invocation) {
        lock.lock();
        try {
            return compileAlone(Set.copyOf(existingAssets), fullRefresh, invocation);
        }
        finally {
            lock.unlock();
        }
    }

    private CompiledProject compileAlone(Set<String> existingAssets, boolean fullRefresh, Invocation invocation) {
        PhaseClock clock = new PhaseClock(System.nanoTime());
        ProjectFile written = ProjectFile.load(root);
        Profile target = written.profile(options.profile());
        ProjectFile projectFile = ProjectFileJinja.render(written, Rendering.inputs(written, List.of(), target, options.vars(), Map.of(), Map.of(),
                Set.of(), fullRefresh, Map.of(), invocation, RelationColumns.NONE));
        List<ProjectPath> files = ProjectScanner.scan(root, projectFile);
        CompileCache cache = forgetAllBut(files);
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.addAll(written.warnings());
        clock.lap("scan");
        ProjectProperties properties = yaml.load(byRole(files, Role.PROPERTIES), projectFile.name(), cache, diagnostics);
        clock.lap("yaml");
        List<InstalledPackage> packages = ProjectScanner.packages(root);
        packages.forEach(installed -> diagnostics.addAll(installed.project().warnings()));
        Macros.MacroFiles macroFiles = macros.load(projectFile, byRole(files, Role.MACRO), packages, cache);
        clock.lap("macros");
        AssetNaming naming = new AssetNaming(projectFile.name(), target.schema(), NameMacros.of(
                projectFile.fileName().equals(ProjectFile.DBT_FILE) ? AssetNaming.NameRules.DBT : AssetNaming.NameRules.STRATA, macros, macroFiles,
                Rendering.inputs(projectFile, packages, target, options.vars(), Map.of(), Map.of(), Set.of(), fullRefresh, Map.of(), invocation,
                        RelationColumns.NONE)));
        List<AssetDefinitions> codeAssets = this.codeAssets.stream()
                .filter(definitions -> definitions.project().map(projectFile.name()::equals).orElse(true))
                .<AssetDefinitions>map(definitions -> new LoadedDefinitions(definitions, List.copyOf(definitions.assets()))).toList();
        BaseConfigs configs = BaseConfigs.collect(projectFile, naming, properties, byRole(files, Role.MODEL), byRole(files, Role.SEED),
                byRole(files, Role.SNAPSHOT), codeAssets, texts, diagnostics);
        clock.lap("configs");
        Map<String, String> docs = DocsBlocks.load(byRole(files, Role.DOCS), texts, diagnostics);
        Rendering rendering = new Rendering(Rendering.inputs(projectFile, packages, target, options.vars(), properties.sourceTables(),
                configs.relations(), existingAssets, fullRefresh, docs, invocation, new CompileTimeColumns(root, configs.seeds(),
                properties.sourceTables(), MainColumns.file(root, target.name()))), macros, macroFiles, texts, cache);
        Map<String, RenderedTemplate> rendered = rendering.renderModels(configs.models(), parallel, diagnostics);
        clock.lap("render");
        Names names = Names.define(configs, properties.declared(), codeAssets, diagnostics);
        References references = new References(projectFile.name(), names, properties.sourceTables().keySet());
        DialectRewriting dialect = new DialectRewriting(EngineType.of(target.type()), texts);
        HookRendering hooks = new HookRendering(rendering, references);
        RefResolution.ResolvedModels models = new RefResolution(naming, references, dialect, hooks)
                .resolve(configs, rendered, names, properties.sourceTables().keySet(), memory, diagnostics);
        Assembly.Assets assets = new Assembly(projectFile, naming, names, references, hooks, diagnostics)
                .assemble(models, configs, properties, codeAssets);
        Map<AssetKey, Asset> withTests = GenericTests.render(assets.assets(), rendering, EngineType.of(target.type()), diagnostics);
        clock.lap("refs");
        AssetGraph graph = GraphBuilding.build(withTests, memory.graph(), diagnostics);
        if (graph != null) {
            // No graph: its errors (a cycle) are thrown with the others below.
            Partitions.check(graph, diagnostics);
        }
        clock.lap("graph");
        List<DialectRewrite> rewrites = new ArrayList<>(models.rewrites());
        List<SingularTest> tests = SingularTests.compile(byRole(files, Role.SINGULAR_TEST), rendering, references, assets.assets(), dialect,
                rewrites, diagnostics);
        List<UnitTest> unitTests = UnitTests.compile(properties.unitTests(), configs.models(), models.models(), rendering, dialect, diagnostics);
        diagnostics.throwIfErrors();
        clock.lap("tests");
        // Before SQL reading, which then finds each model's parse in the cache: validation parses it once for both.
        Set<String> validationsInUse = Set.of();
        if (options.validate()) {
            validationsInUse = Validation.check(graph, assets.declarations(), root, SqlFunctions.forEngine(target.type()),
                    MainColumns.read(MainColumns.file(root, target.name())), cache, parallel, diagnostics).inUse();
            clock.lap("validate");
        }
        SqlReading reading = SqlReading.read(graph, models.context().equals(memory.context()), memory, cache, parallel, diagnostics);
        diagnostics.throwIfErrors();
        memory = new Memory(models.context(), Map.copyOf(models.memos()), graph, Map.copyOf(reading.memos()));
        cache.markMacrosValid(macroFiles.stamp());
        clock.lap("sql");
        if (cacheFile.isPresent() && cache.changed()) {
            save(cache, reading.analysesInUse(), validationsInUse);
            clock.lap("cache");
        }
        return new CompiledProject(root, projectFile, target, graph, tests, unitTests, diagnostics.sortedWarnings(), rendering.reused(),
                clock.phases(), assets.declarations(), rendering.vars(), rewrites, invocation);
    }

    /** The compile cache, first read from disk, without what it kept of files that are gone from the project. */
    private CompileCache forgetAllBut(List<ProjectPath> files) {
        Set<String> present = new HashSet<>();
        files.forEach(file -> present.add(file.path()));
        texts.retain(present);
        yaml.retain(present);
        if (cache == null) {
            cache = cacheFile.map(file -> CompileCache.load(file, cacheBuild())).orElseGet(CompileCache::empty);
        }
        cache.retainFiles(present);
        return cache;
    }

    /** The build and the declaration readers: what parsed YAML depends on besides the file itself. */
    private String cacheBuild() {
        return StrataBuild.ID + " readers=" + String.join(",", new TreeSet<>(readers.keySet()));
    }

    private void save(CompileCache cache, Set<String> analysesInUse, Set<String> validationsInUse) {
        try {
            cache.save(cacheFile.get(), cacheBuild(), analysesInUse, validationsInUse);
        }
        catch (IOException e) {
            // The cache only saves time: a project compiles the same without it.
        }
    }

    private static List<ProjectPath> byRole(List<ProjectPath> files, Role role) {
        return files.stream().filter(file -> file.role() == role).toList();
    }
}
