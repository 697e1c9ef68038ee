package io.strata.service;

import io.strata.api.AssetKey;
import io.strata.branch.BranchRef;
import io.strata.branch.Branches;
import io.strata.branch.NessieBranches;
import io.strata.check.CheckResult;
import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.engine.DiffStatements;
import io.strata.engine.Engine;
import io.strata.engine.EngineProvider;
import io.strata.graph.Asset;
import io.strata.lake.LakeEndpoints;
import io.strata.lake.LakeLocator;
import io.strata.project.Profile;
import io.strata.project.ProjectFile;
import io.strata.run.AssetBuilder;
import io.strata.run.AssetBuilderProvider;
import io.strata.run.CheckSuite;
import io.strata.run.Plan;
import io.strata.run.Planner;
import io.strata.run.Publisher;
import io.strata.run.RunException;
import io.strata.run.RunHandle;
import io.strata.run.RunListener;
import io.strata.run.RunRequest;
import io.strata.run.RunStore;
import io.strata.run.Runner;
import io.strata.schedule.ScheduleReader;
import io.strata.schedule.Schedules;
import io.strata.select.Selector;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * One project opened with one profile: every action a user takes, for every front. The CLI, the REST API
 * and the scheduler call these methods and nothing else of the core; a run launched from any of them is
 * the same {@link RunRequest} through the same {@link Runner}.
 * <p>
 * Safe for concurrent callers. The project is compiled by one {@link Compiler} (one compile at a time;
 * callers that arrive while the project is unchanged share the last result). The lake (engine, branches,
 * builders) is located on first need and again whenever its servers moved (a restarted local stack); the
 * run store is opened on first need. {@link #close()} frees all of it.
 */
public final class Workspace implements AutoCloseable {
    private final Path root;
    private final Profile profile;
    private final LakeLocator locator;
    private final CompileOptions options;
    private Compiler compiler;
    private final ProjectStamp stamp;
    private final Object compiling = new Object();
    private Lake lake;
    private RunStore store;
    private CompiledProject compiled;
    private ProjectStamp.Value compiledAt;
    /** The runs this workspace started that have not ended, by id: those it can cancel. */
    private final Map<String, RunHandle> going = new ConcurrentHashMap<>();

    private Workspace(Path root, Profile profile, CompileOptions options, LakeLocator locator) {
        this.root = root;
        this.profile = profile;
        this.locator = locator;
        this.options = options;
        this.stamp = new ProjectStamp(root);
    }

    /**
     * Opens the project found at {@code project} (its folder, or a folder inside it) with the options'
     * profile (default: the project's), locating its servers with {@code locator} when an action needs them.
     */
    public static Workspace open(Path project, CompileOptions options, LakeLocator locator) {
        requireNonNull(options, "options");
        requireNonNull(locator, "locator");
        Path root = ProjectFile.locate(project).getParent();
        Profile profile = ProjectFile.load(root).profile(options.profile());
        return new Workspace(root, profile, options, locator);
    }

    public Path root() {
        return root;
    }

    public Profile profile() {
        return profile;
    }

    // ---- the project ----

    /** The compiled project: compiled again only when a file of the project changed since the last compile. */
    public CompiledProject compile() {
        synchronized (compiling) {
            ProjectStamp.Value now = stamp.read();
            if (compiled == null || !now.equals(compiledAt)) {
                compiled = compiler().compile();
                compiledAt = now;
            }
            return compiled;
        }
    }

    /** The selected assets, in the graph's order. */
    public List<Asset> assets(Selector selector) {
        CompiledProject project = compile();
        return selector.select(project.graph()).stream().map(project.graph()::require).toList();
    }

    /** One asset of the project. */
    public Asset asset(AssetKey key) {
        return compile().graph().asset(key).orElseThrow(() -> RefusedException.notFound("no asset '" + key + "' in the project; strata ls lists them"));
    }

    /** The text of the file that defines the asset (a model's SQL before rendering, a YAML declaration), if it can be read. */
    public Optional<String> source(Asset asset) {
        try {
            return Optional.of(java.nio.file.Files.readString(root.resolve(asset.location().file())));
        }
        catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * The schedules and sensors the project file declares, checked against the project: a malformed one, or one whose
     * selection picks nothing, is an error naming its line.
     */
    public Schedules schedules() {
        Schedules declared = ScheduleReader.read(ProjectFile.load(root));
        if (declared.isEmpty()) {
            return declared;
        }
        List<io.strata.project.Diagnostic> errors = ScheduleReader.check(declared, compile().graph());
        if (!errors.isEmpty()) {
            throw new io.strata.project.ProjectException(errors);
        }
        return declared;
    }

    /** What a run of the selection would build on main's current data, and why. */
    public Plan plan(Selector selector, boolean rebuild) {
        CompiledProject project = compile();
        return Planner.plan(compiler(), project, selector.select(project.graph()), lake().engine(), rebuild);
    }

    // ---- runs ----

    /**
     * Starts a run: compiled first (a project with errors never makes a branch), built on its own branch,
     * merged into main only when every check passed. Returns at once; the handle's id is the run's.
     */
    public RunHandle materialize(RunRequest request, RunListener listener) {
        if (request.devBranch().filter(Branches.MAIN::equals).isPresent()) {
            throw RefusedException.refused("a run never builds on main: name a dev branch other than main, or none for a run branch that"
                    + " merges into main when its checks pass");
        }
        Lake current = lake();
        RunHandle handle = new Runner(compiler(), current.engine(), current.branches(), Optional.of(runStore()), current.builders())
                .start(request, listener);
        going.put(handle.id(), handle);
        handle.whenDone(() -> going.remove(handle.id()));
        return handle;
    }

    /**
     * Asks a run this workspace started to stop: it starts no more assets, ends as cancelled and keeps its branch.
     * A run of another process (another command, another server) is refused: it is cancelled where it goes.
     */
    public void cancel(String runId) {
        RunHandle handle = going.get(runId);
        if (handle != null) {
            handle.cancel();
            return;
        }
        RunStore.RunSummary run = runSummary(runId);
        if (run.status() == io.strata.run.RunStatus.RUNNING) {
            throw RefusedException.conflict("run " + runId + " goes in another process (started by " + run.trigger() + "); cancel it there");
        }
        throw RefusedException.conflict("run " + runId + " has already ended (" + run.status().name().toLowerCase(java.util.Locale.ROOT) + ")");
    }

    /** The data tests of the selected assets on a branch, read-only. */
    public List<CheckResult> test(Selector selector, String ref) {
        CompiledProject project = compile();
        Lake current = lake();
        requireBranch(current, ref);
        return checks(current, project, selector, ref);
    }

    private static List<CheckResult> checks(Lake lake, CompiledProject project, Selector selector, String ref) {
        try {
            return CheckSuite.run(lake.engine(), ref, project, selector.select(project.graph()));
        }
        catch (SQLException e) {
            throw new RunException("the tests could not run on " + ref + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a branch changed against main, for the selected assets: per changed table or view its column changes and
     * rows on both sides, for a table the rows added, removed and changed (by its key, else by whole rows) with up to
     * {@code sampleLimit} samples of each, and its data tests on the branch. Computed by the engine, read-only.
     */
    public BranchDiff diff(String branch, Selector selector, int sampleLimit) {
        if (branch.equals(Branches.MAIN)) {
            throw RefusedException.refused("a diff compares a branch with main; name a branch other than main (strata branches lists them)");
        }
        if (sampleLimit < 0) {
            throw RefusedException.refused("the sample limit must not be negative, not " + sampleLimit);
        }
        CompiledProject project = compile();
        Lake current = lake();
        requireBranch(current, branch);
        DiffStatements statements = current.engine().diffStatements()
                .orElseThrow(() -> RefusedException.refused(current.engine().description() + " cannot compare branches"));
        try {
            return new BranchDiffer(current.engine(), statements, branch, project).diff(selector.select(project.graph()), sampleLimit);
        }
        catch (SQLException e) {
            throw new RunException("the diff of " + branch + " against main failed: " + e.getMessage(), e);
        }
    }

    /** The run history, newest first. */
    public List<RunStore.RunSummary> runs(int limit) {
        return runStore().list(limit);
    }

    /** The runs the query asks for, newest first. */
    public List<RunStore.RunSummary> runs(RunStore.RunQuery query) {
        return runStore().list(query);
    }

    /** A run's events after sequence {@code after}, at most {@code limit}: the next page of its log, or what is new while it goes. */
    public List<RunStore.EventRecord> events(String runId, long after, int limit) {
        runSummary(runId);
        return runStore().events(runId, after, limit);
    }

    /** The asset's materializations, newest first. */
    public List<RunStore.AssetHistoryRecord> history(AssetKey key, int limit) {
        return runStore().history(key.toString(), limit);
    }

    /** The asset's checks as the latest run that checked it found them, with that run. */
    public Optional<RunStore.CheckedRun> latestChecks(AssetKey key) {
        return runStore().latestChecks(key.toString());
    }

    /** Every asset's status after its latest event in the recent runs (building now, built, up to date, failed, check failed, skipped). */
    public Map<String, RunStore.AssetStatusRecord> assetStatuses() {
        return runStore().assetStatuses(50);
    }

    /** One run with what it built, its checks and its log. */
    public RunDetail run(String id) {
        RunStore runs = runStore();
        return new RunDetail(runSummary(id), runs.materializations(id), runs.checks(id), runs.events(id));
    }

    /** One run's line of the history: its status now, without what it built or logged. */
    public RunStore.RunSummary runSummary(String id) {
        return runStore().find(id).orElseThrow(() -> RefusedException.notFound("no run '" + id + "'; strata runs lists them"));
    }

    // ---- reading data ----

    /**
     * Runs a read-only statement on a branch with the profile's schema as the session schema, and returns
     * at most {@code limit} rows. Statements that would change data are refused: data changes only through runs.
     */
    public QueryResult query(String sql, String ref, int limit) {
        String kind = ReadOnlyStatements.kind(sql);
        if (!ReadOnlyStatements.isRead(kind)) {
            throw RefusedException.refused("strata query runs read-only statements (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN, VALUES);"
                    + " '" + kind + "' would change data: make it a model and run strata materialize");
        }
        Lake current = lake();
        requireBranch(current, ref);
        try (Connection connection = current.engine().connect(ref); Statement statement = connection.createStatement()) {
            connection.setSchema(profile.schema());
            statement.setMaxRows(limit + 1);
            try (ResultSet rows = statement.executeQuery(sql)) {
                ResultSetMetaData meta = rows.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnLabel(i));
                }
                List<List<Object>> values = new ArrayList<>();
                boolean truncated = false;
                while (rows.next()) {
                    if (values.size() == limit) {
                        truncated = true;
                        break;
                    }
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(rows.getObject(i));
                    }
                    values.add(row);
                }
                return new QueryResult(columns, values, truncated);
            }
        }
        catch (SQLException e) {
            throw RefusedException.refused("the query failed on " + ref + ": " + e.getMessage());
        }
    }

    /** Where the profile's servers answer (the local stack started if needed), for readers of the lake's object store. */
    public LakeEndpoints endpoints() {
        return lake().endpoints();
    }

    // ---- branches ----

    /** The branches other than main, with the run that last used each. */
    public List<BranchInfo> branches() {
        Lake current = lake();
        RunStore runs = runStore();
        List<BranchInfo> found = new ArrayList<>();
        for (BranchRef branch : current.branches().list()) {
            if (branch.name().equals(Branches.MAIN)) {
                continue;
            }
            Optional<RunStore.RunSummary> run = runs.latestOnBranch(branch.name());
            found.add(new BranchInfo(branch.name(), branch.hash(), run.isPresent() && branch.name().startsWith("run-"), run));
        }
        return found;
    }

    /**
     * Merges a branch into main on purpose, once every data test of the project passes on it; the branch
     * is kept. Through the same {@link Publisher} as a run's merge.
     */
    public MergeResult merge(String branch) {
        if (branch.equals(Branches.MAIN)) {
            throw RefusedException.refused("main cannot be merged into itself");
        }
        CompiledProject project = compile();
        Lake current = lake();
        requireBranch(current, branch);
        List<CheckResult> checks = checks(current, project, Selector.all(), branch);
        if (!CheckSuite.passed(checks)) {
            return new MergeResult(branch, checks, Optional.empty());
        }
        BranchRef main = new Publisher(current.engine(), current.branches()).publish(branch, project, false);
        return new MergeResult(branch, checks, Optional.of(main.hash()));
    }

    /** Deletes a branch and what the engine holds for it. Main cannot be dropped. */
    public void drop(String branch) {
        if (branch.equals(Branches.MAIN)) {
            throw RefusedException.refused("main cannot be dropped");
        }
        Lake current = lake();
        requireBranch(current, branch);
        try {
            current.engine().release(branch);
        }
        catch (SQLException e) {
            throw new RunException("the engine could not release branch " + branch + ": " + e.getMessage(), e);
        }
        current.branches().delete(branch);
    }

    private static void requireBranch(Lake lake, String name) {
        if (!name.equals(Branches.MAIN) && lake.branches().find(name).isEmpty()) {
            throw RefusedException.notFound("no branch '" + name + "'; strata branches lists them");
        }
    }

    // ---- what the workspace holds ----

    /** The engine, branches and builders of the profile's servers. */
    private record Lake(LakeEndpoints endpoints, Engine engine, Branches branches, List<AssetBuilder> builders) implements AutoCloseable {
        @Override
        public void close() {
            engine.close();
            branches.close();
        }
    }

    /** The lake, located again on every call (for the local stack: restarted if a process died) and reopened if its servers moved. */
    private synchronized Lake lake() {
        // The engine first: a profile type no engine serves is said before any server is started or reached.
        EngineProvider provider = EngineProvider.forProfile(profile);
        LakeEndpoints endpoints = locator.locate(profile, root);
        if (lake == null || !lake.endpoints().equals(endpoints)) {
            if (lake != null) {
                lake.close();
            }
            lake = new Lake(endpoints, provider.open(profile, endpoints), new NessieBranches(endpoints.nessieApi()),
                    AssetBuilderProvider.all(endpoints));
        }
        return lake;
    }

    /** The project's compiler, made on first need: reading runs or data compiles nothing. */
    private synchronized Compiler compiler() {
        if (compiler == null) {
            compiler = Compiler.forProject(root, options);
        }
        return compiler;
    }

    private synchronized RunStore runStore() {
        if (store == null) {
            store = RunStore.forProfile(profile, root);
            store.abandonDead();
        }
        return store;
    }

    @Override
    public synchronized void close() {
        if (lake != null) {
            lake.close();
        }
        if (store != null) {
            store.close();
        }
        if (compiler != null) {
            compiler.close();
        }
    }
}
