package io.strata.service;

import io.strata.api.AssetKey;
import io.strata.branch.BranchRef;
import io.strata.branch.Branches;
import io.strata.branch.NessieBranches;
import io.strata.check.CheckResult;
import io.strata.check.UnitTestResult;
import io.strata.check.UnitTestRunner;
import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.compile.UnitTestSql;
import io.strata.engine.DiffStatements;
import io.strata.engine.Engine;
import io.strata.engine.EngineProvider;
import io.strata.graph.Asset;
import io.strata.lake.LakeEndpoints;
import io.strata.lineage.ColumnLineage;
import io.strata.lineage.ColumnRef;
import io.strata.lineage.ColumnSources;
import io.strata.lineage.LineageGraph;
import io.strata.lineage.MainColumns;
import io.strata.lake.LakeLocator;
import io.strata.project.Profile;
import io.strata.project.ProjectFile;
import io.strata.run.AssetBuilder;
import io.strata.run.AssetBuilderProvider;
import io.strata.run.CheckSuite;
import io.strata.run.Plan;
import io.strata.run.Planner;
import io.strata.run.Publisher;
import io.strata.run.Reconciliation;
import io.strata.run.RunException;
import io.strata.run.RunHandle;
import io.strata.run.RunListener;
import io.strata.run.RunRequest;
import io.strata.run.RunStore;
import io.strata.run.Runner;
import io.strata.schedule.Firing;
import io.strata.schedule.Schedule;
import io.strata.schedule.ScheduleReader;
import io.strata.schedule.Schedules;
import io.strata.schedule.Scheduling;
import io.strata.schedule.Sensor;
import io.strata.select.Selector;
import io.strata.template.Suggestions;

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
import java.util.Set;
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
    private ColumnLineage lineage;
    private CompiledProject lineageOf;
    /** The runs this workspace started that have not ended, by id: those it can cancel. */
    private final Map<String, RunHandle> going = new ConcurrentHashMap<>();
    /** The project's schedules in the run store's database, opened on first need. */
    private Scheduling scheduling;
    /** How long {@link #launch} waits for a run to be recorded. */
    private static final java.time.Duration RECORDED = java.time.Duration.ofSeconds(10);
    /** How often a {@code queue} schedule's tick looks whether the run it waits behind has ended. */
    private static final java.time.Duration QUEUE_POLL = java.time.Duration.ofMillis(500);

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

    /**
     * Installs the project's dbt packages into {@code dbt_packages/} as {@code dbt deps} does (docs/dbt-packages.md).
     * No server is needed: only the project folder, and git and the network for git and hub packages.
     */
    public io.strata.project.packages.Installation installPackages() {
        return io.strata.project.packages.PackageInstaller.forProject(root).install();
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

    // ---- column lineage ----

    /** The columns of each selected asset, in the graph's order, when the project says or its SQL shows them (see {@link ColumnLineage}). */
    public Map<AssetKey, Optional<List<String>>> columns(Selector selector) {
        ColumnLineage lineage = lineage();
        Map<AssetKey, Optional<List<String>>> columns = new java.util.LinkedHashMap<>();
        assets(selector).forEach(asset -> columns.put(asset.key(), lineage.columns(asset.key())));
        return columns;
    }

    /**
     * Where a column comes from and where it goes, {@code depth} derivations deep ({@code -1}: all the way). An asset or
     * column the project does not have is refused as not found, with the closest name.
     */
    public LineageGraph columnLineage(AssetKey key, String column, LineageGraph.Direction direction, int depth) {
        ColumnLineage lineage = lineage();
        requireAsset(key);
        ColumnRef wanted = new ColumnRef(key, column);
        if (!lineage.has(wanted)) {
            Optional<List<String>> known = lineage.columns(key);
            throw RefusedException.notFound(known
                    .map(names -> "asset '" + key + "' has no column '" + wanted.column() + "'" + Suggestions.didYouMean(wanted.column(), names)
                            + "; its columns are " + String.join(", ", names))
                    .orElseGet(() -> "the columns of '" + key + "' are not known, and its SQL does not lead column '" + wanted.column()
                            + "' anywhere; declare them under columns: in its YAML"));
        }
        return lineage.trace(wanted, direction, depth);
    }

    /**
     * The columns of one asset in order, when the project says or its SQL shows them, each with the columns it derives
     * from directly; an asset the project does not have is refused as not found, with the closest key.
     */
    public ColumnSources columns(AssetKey key) {
        ColumnLineage lineage = lineage();
        requireAsset(key);
        return lineage.sources(key);
    }

    private void requireAsset(AssetKey key) {
        CompiledProject project = compile();
        if (project.graph().asset(key).isEmpty()) {
            throw RefusedException.notFound("no asset '" + key + "' in the project"
                    + Suggestions.didYouMean(key.toString(), project.graph().assets().stream().map(asset -> asset.key().toString()).toList())
                    + "; strata ls lists them");
        }
    }

    /**
     * What the project as it is now would change on main, column by column: for each model column main has (as the
     * runs that merged it left it) that the SQL no longer gives or gives with another type, a warning listing the
     * columns downstream on main that derive from it. None before a run has merged.
     */
    public List<io.strata.project.Diagnostic> impact() {
        MainColumns main = MainColumns.read(mainColumnsFile());
        if (main.assets().isEmpty()) {
            return List.of();
        }
        return main.impact(lineage(), compile().graph());
    }

    private Path mainColumnsFile() {
        return MainColumns.file(root, profile.name());
    }

    /**
     * Main's columns with those of every table whose columns the project does not say (an ingest asset of inferred
     * schema, a source without {@code columns:}, a Java asset's table), as the catalog's main has them: what a later
     * compile types them with, offline. Engines that give no catalog (Dremio) leave them unknown.
     */
    private MainColumns withTablesOfMain(MainColumns main, ColumnLineage lineage) {
        Optional<LakeEndpoints> endpoints = lake().engine().lake();
        if (endpoints.isEmpty()) {
            return main;
        }
        MainColumns found = main;
        try (io.strata.lake.BranchTables tables = new io.strata.lake.BranchTables(endpoints.get(), Branches.MAIN)) {
            for (Asset asset : compile().graph().assets()) {
                if (asset.sql().isPresent() || asset.relation().isEmpty() || lineage.columns(asset.key()).isPresent()) {
                    continue;
                }
                try {
                    Optional<Map<String, String>> columns = tables.columns(asset.relation().get());
                    if (columns.isPresent()) {
                        found = found.withTable(asset.key(), columns.get());
                    }
                }
                catch (RuntimeException e) {
                    // A table the catalog cannot load stays unknown; the next merged run tries again.
                }
            }
        }
        return found;
    }

    /** A run that merged: what it built is now main's, in the columns known of main and the summary of partitions. */
    private void recordMerged(io.strata.run.RunResult result) {
        if (result.outcome() != io.strata.run.RunResult.Outcome.MERGED) {
            return;
        }
        List<AssetKey> built = result.assets().stream().filter(run -> run.status() == io.strata.run.AssetRun.Status.SUCCESS)
                .map(io.strata.run.AssetRun::key).toList();
        recordMainColumns(built);
        recordPartitions(result.id(), built);
    }

    /** The columns of what a merged run built are now main's. Never fails the run; a lost record only silences impact warnings. */
    private void recordMainColumns(List<AssetKey> built) {
        try {
            synchronized (compiling) {
                Path file = mainColumnsFile();
                ColumnLineage lineage = lineage();
                MainColumns main = MainColumns.read(file).with(lineage, built);
                main = withTablesOfMain(main, lineage);
                main.write(file);
                // What was compiled before knew main's columns as they were.
                compiled = null;
            }
        }
        catch (java.io.IOException | RuntimeException e) {
            System.getLogger(Workspace.class.getName()).log(System.Logger.Level.WARNING, "the columns of main were not recorded: " + e);
        }
    }

    /**
     * After a merge: the partitions of the partitioned assets the run built, as main now holds them, summarized in the
     * run store with the run that changed them.
     */
    private void recordPartitions(String runId, List<AssetKey> built) {
        try {
            CompiledProject project = compile();
            Lake current = lake();
            java.time.Instant merged = java.time.Instant.now();
            for (AssetKey key : built) {
                Optional<Asset> asset = project.graph().asset(key);
                if (asset.isPresent() && io.strata.partition.PartitionsDefinition.declared(asset.get()) && asset.get().relation().isPresent()) {
                    runStore().recordPartitions(key.toString(), current.engine().partitionFingerprints(Branches.MAIN, asset.get().relation().get()),
                            runId, merged);
                }
            }
        }
        catch (RuntimeException e) {
            System.getLogger(Workspace.class.getName()).log(System.Logger.Level.WARNING, "the partitions of main were not summarized: " + e);
        }
    }

    /** The lineage of the project as last compiled, read again after each compile that changed it. */
    private ColumnLineage lineage() {
        CompiledProject project = compile();
        synchronized (compiling) {
            if (lineage == null || lineageOf != project) {
                lineage = project.columnLineage();
                lineageOf = project;
            }
            return lineage;
        }
    }

    // ---- schedules and sensors ----

    /**
     * The schedules and sensors the project file declares, checked against the project: a malformed one, or one whose
     * selection picks nothing, is an error naming its line.
     */
    public Schedules schedules() {
        ScheduleReader.Review review = reviewSchedules();
        if (!review.errors().isEmpty()) {
            throw new io.strata.project.ProjectException(review.errors());
        }
        return review.valid();
    }

    /** The schedules and sensors that are right, and what is wrong with the others (left out). */
    public ScheduleReader.Review reviewSchedules() {
        return ScheduleReader.review(ProjectFile.load(root), () -> compile().graph());
    }

    /**
     * Stores the declarations in the schedules' store (added, changed, removed) and returns what changed; a server
     * calls it when it starts and whenever the project file changes.
     */
    public Scheduling.Sync syncSchedules(Schedules declared) {
        return scheduling().sync(declared);
    }

    /** Fires the stored schedules and sensors from now on, in this process (the server), with every tick told to {@code listener}. */
    public void startSchedules(java.util.function.Consumer<Firing.Tick> listener) {
        synchronized (this) {
            tickListener = requireNonNull(listener, "listener");
        }
        scheduling().start();
    }

    /** Each schedule and sensor with where it stands: paused, its next fire, its last run, this process's last tick. */
    public List<ScheduleStatus> scheduleStatuses() {
        Schedules declared = schedules();
        Map<String, Firing.Tick> ticks = scheduling().ticks();
        List<ScheduleStatus> statuses = new ArrayList<>();
        for (Schedule schedule : declared.schedules()) {
            Scheduling.State state = scheduling().state(schedule.trigger());
            Optional<java.time.Instant> next = !schedule.enabled() || state.paused() ? Optional.empty()
                    : state.stored() ? state.nextFire() : schedule.nextFire(java.time.Instant.now());
            statuses.add(new ScheduleStatus(schedule.name(), ScheduleStatus.Kind.SCHEDULE, schedule.trigger(),
                    "cron " + schedule.cron() + " " + schedule.timezone().getId(), schedule.select(), schedule.enabled(), state.paused(),
                    next, lastRun(schedule.trigger()), Optional.ofNullable(ticks.get(schedule.name()))));
        }
        for (Sensor sensor : declared.sensors()) {
            Scheduling.State state = scheduling().state(sensor.trigger());
            Optional<java.time.Instant> next = !sensor.enabled() || state.paused() ? Optional.empty() : state.nextFire();
            statuses.add(new ScheduleStatus(sensor.name(), ScheduleStatus.Kind.SENSOR, sensor.trigger(),
                    "every " + ScheduleStatus.duration(sensor.every()) + ", watching " + sensor.watch()
                            + sensor.freshness().map(limit -> ", fresh within " + ScheduleStatus.duration(limit)).orElse(""),
                    sensor.select(), sensor.enabled(), state.paused(), next, lastRun(sensor.trigger()), Optional.ofNullable(ticks.get(sensor.name()))));
        }
        return statuses;
    }

    private Optional<RunStore.RunSummary> lastRun(String trigger) {
        return runStore().list(new RunStore.RunQuery(Optional.empty(), Optional.empty(), Optional.of(trigger), 1)).stream().findFirst();
    }

    /** Pauses a schedule or sensor in the shared store: no server fires it until it is resumed, also after restarts. */
    public void pauseSchedule(String name) {
        scheduling().pause(declaredTrigger(name));
    }

    /** Resumes a paused schedule or sensor. */
    public void resumeSchedule(String name) {
        scheduling().resume(declaredTrigger(name));
    }

    private String declaredTrigger(String name) {
        Schedules declared = schedules();
        return declared.schedule(name).map(Schedule::trigger).or(() -> declared.sensor(name).map(Sensor::trigger))
                .orElseThrow(() -> unknownSchedule(name));
    }

    private static RefusedException unknownSchedule(String name) {
        return RefusedException.notFound("no schedule or sensor '" + name + "' in the project file; strata schedules lists them");
    }

    /**
     * Runs a schedule's or a sensor's selection now, by hand, recorded with its trigger; refused while a run of it goes
     * (a manual run never queues). A paused one may be triggered.
     */
    public RunHandle triggerSchedule(String name, RunListener listener) {
        Schedules declared = schedules();
        Optional<Schedule> schedule = declared.schedule(name);
        Optional<Sensor> sensor = declared.sensor(name);
        if (schedule.isEmpty() && sensor.isEmpty()) {
            throw unknownSchedule(name);
        }
        String trigger = schedule.map(Schedule::trigger).orElseGet(() -> sensor.orElseThrow().trigger());
        Optional<RunStore.RunSummary> goes = going(trigger);
        if (goes.isPresent()) {
            throw RefusedException.conflict(trigger + " has a run going (" + goes.get().id() + "); trigger it again when that run has ended");
        }
        return schedule.isPresent() ? launchSchedule(schedule.get(), listener) : launch(sensorRequest(sensor.orElseThrow()), listener);
    }

    /** The run of this trigger that goes, if one does (in any process: the run store says). */
    private Optional<RunStore.RunSummary> going(String trigger) {
        reconcile(runStore());
        return runStore().list(new RunStore.RunQuery(Optional.of(io.strata.run.RunStatus.RUNNING), Optional.empty(), Optional.of(trigger), 1))
                .stream().findFirst();
    }

    private RunHandle launchSchedule(Schedule schedule, RunListener listener) {
        RunRequest request = RunRequest.builder(Selector.parse(schedule.select(), schedule.exclude()))
                .fullRefresh(schedule.fullRefresh()).trigger(schedule.trigger())
                .partitions(new io.strata.partition.PartitionSelection(schedule.partition(), Optional.empty(), Optional.empty(), false, false))
                .build();
        if (schedule.vars().isEmpty() && schedule.profile().isEmpty()) {
            return launch(request, listener);
        }
        // Other vars or another profile compile the project otherwise: a workspace of their own for this run.
        Map<String, Object> vars = new java.util.LinkedHashMap<>(options.vars());
        vars.putAll(schedule.vars());
        Workspace variant = Workspace.open(root, options.withVars(vars).withProfile(schedule.profile().or(options::profile)), locator);
        try {
            RunHandle handle = variant.launch(request, listener);
            handle.whenDone(variant::close);
            return handle;
        }
        catch (RuntimeException e) {
            variant.close();
            throw e;
        }
    }

    private static RunRequest sensorRequest(Sensor sensor) {
        return RunRequest.builder(Selector.parse(sensor.select(), "")).trigger(sensor.trigger()).build();
    }

    /**
     * What the watched ingest asset's source holds that main has not ingested yet: one line per new, changed or gone
     * file or object.
     */
    public List<String> pendingFiles(AssetKey ingestAsset) {
        CompiledProject project = compile();
        Asset asset = asset(ingestAsset);
        Lake current = lake();
        AssetBuilder builder = current.builders().stream().filter(candidate -> candidate.builds(asset)).findFirst()
                .orElseThrow(() -> RefusedException.refused("no builder reads the source of " + ingestAsset));
        try {
            return builder.pending(new AssetBuilder.Context(asset, Optional.ofNullable(project.declarations().get(asset.key())), Branches.MAIN,
                    "sensor", root, false, 1));
        }
        catch (RuntimeException e) {
            throw e;
        }
        catch (Exception e) {
            throw new RunException("cannot list the source of " + ingestAsset + ": " + e.getMessage(), e);
        }
    }

    private static String digest(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The ticks Quartz fires: the same runs as {@link #triggerSchedule}, with the overlap policy and a sensor's cursor. */
    private final class Ticks implements Firing {
        @Override
        public Tick schedule(String name, java.time.Instant due, java.util.function.BooleanSupplier stopping) {
            Optional<Schedule> found = schedules().schedule(name);
            if (found.isEmpty()) {
                return Tick.skipped(name, "no longer declared", Optional.empty());
            }
            Schedule schedule = found.get();
            Optional<RunStore.RunSummary> goes = going(schedule.trigger());
            if (goes.isPresent() && schedule.overlap() == Schedule.Overlap.SKIP) {
                return Tick.skipped(name, "tick of " + due + " skipped: run " + goes.get().id() + " of " + schedule.trigger() + " goes", Optional.empty());
            }
            String waited = "";
            while (goes.isPresent()) {
                waited = " after run " + goes.get().id() + " ended";
                if (stopping.getAsBoolean()) {
                    return Tick.skipped(name, "tick of " + due + " given up as the server stops, while it waited for run " + goes.get().id(),
                            Optional.empty());
                }
                try {
                    Thread.sleep(QUEUE_POLL.toMillis());
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Tick.skipped(name, "tick of " + due + " given up while it waited for run " + goes.get().id(), Optional.empty());
                }
                goes = going(schedule.trigger());
            }
            RunHandle handle = launchSchedule(schedule, RunListener.SILENT);
            return Tick.started(name, handle.id(), "tick of " + due + " started run " + handle.id() + waited, Optional.empty());
        }

        @Override
        public Tick sensor(String name, Optional<String> cursor) {
            Optional<Sensor> found = schedules().sensor(name);
            if (found.isEmpty()) {
                return Tick.skipped(name, "no longer declared", cursor);
            }
            Sensor sensor = found.get();
            Optional<RunStore.RunSummary> goes = going(sensor.trigger());
            if (goes.isPresent()) {
                return Tick.skipped(name, "run " + goes.get().id() + " of " + sensor.trigger() + " goes", cursor);
            }
            List<String> pending = pendingFiles(sensor.watch());
            if (!pending.isEmpty()) {
                String seen = digest(String.join("\n", pending));
                if (cursor.filter(seen::equals).isPresent()) {
                    return Tick.skipped(name, pending.size() + " new file(s) in the source of " + sensor.watch()
                            + " already had a run of this sensor; a run that did not merge them is not repeated for the same files", cursor);
                }
                RunHandle handle = launch(sensorRequest(sensor), RunListener.SILENT);
                return Tick.started(name, handle.id(), pending.size() + " new file(s) in the source of " + sensor.watch() + " (" + pending.getFirst()
                        + (pending.size() > 1 ? ", …" : "") + "): started run " + handle.id(), Optional.of(seen));
            }
            if (sensor.freshness().isPresent()) {
                java.time.Instant now = java.time.Instant.now();
                java.time.Instant limit = now.minus(sensor.freshness().get());
                Optional<java.time.Instant> built = runStore().history(sensor.watch().toString(), 20).stream()
                        .filter(record -> record.runStatus() == io.strata.run.RunStatus.MERGED && (record.status() == io.strata.run.AssetRun.Status.SUCCESS
                                || record.status() == io.strata.run.AssetRun.Status.UP_TO_DATE))
                        .map(RunStore.AssetHistoryRecord::runStartedAt).findFirst();
                boolean stale = built.map(at -> at.isBefore(limit)).orElse(true);
                boolean triedLately = lastRun(sensor.trigger()).map(run -> run.startedAt().isAfter(limit)).orElse(false);
                if (stale && !triedLately) {
                    RunHandle handle = launch(sensorRequest(sensor), RunListener.SILENT);
                    return Tick.started(name, handle.id(), sensor.watch() + " was last built " + built.map(Object::toString).orElse("never")
                            + ", longer ago than " + ScheduleStatus.duration(sensor.freshness().get()) + ": started run " + handle.id(), cursor);
                }
            }
            return Tick.skipped(name, "nothing new in the source of " + sensor.watch(), cursor);
        }
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
                .start(request, new MergedRunRecorder(listener, this::recordMerged));
        going.put(handle.id(), handle);
        handle.whenDone(() -> going.remove(handle.id()));
        return handle;
    }

    /**
     * Starts a run as {@link #materialize} does and returns once it is recorded (its branch made, at most
     * {@code RECORDED}) or has ended: a front that answers with the run's id can be sure the history shows it. A run
     * that could not start (its branch refused) throws why.
     */
    public RunHandle launch(RunRequest request, RunListener listener) {
        RunHandle handle = materialize(request, listener);
        java.time.Instant deadline = java.time.Instant.now().plus(RECORDED);
        while (!handle.isDone() && runStore().find(handle.id()).isEmpty() && java.time.Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (handle.isDone() && runStore().find(handle.id()).isEmpty()) {
            // A run that could not start (Nessie refused its branch) says why now, as the error it is.
            handle.await();
        }
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

    /**
     * The partitions of a partitioned asset on a branch (main by default), each built, stale or missing; an asset that
     * is not partitioned is refused, one the project does not have is not found.
     */
    public List<io.strata.run.PartitionStates.State> partitions(AssetKey key, String ref) {
        CompiledProject project = compile();
        requireAsset(key);
        Asset asset = project.graph().require(key);
        if (!io.strata.partition.PartitionsDefinition.declared(asset)) {
            throw RefusedException.refused("'" + key + "' is not partitioned (a model declares partitions with config(partitioned_by=...),"
                    + " an ingest asset with partitioned_by: beside its source)");
        }
        Lake current = lake();
        requireBranch(current, ref);
        List<io.strata.run.PartitionStates.State> states = io.strata.run.PartitionStates.of(current.engine(), project, ref, asset,
                java.time.Instant.now(), current.builders());
        if (!ref.equals(Branches.MAIN)) {
            return states;
        }
        // Which merged run last changed each partition: the run store's summary of main.
        Map<String, RunStore.PartitionBuild> builds = runStore().partitionBuilds(key.toString());
        return states.stream().map(state -> builds.containsKey(state.key()) ? state.builtBy(builds.get(state.key())) : state).toList();
    }

    /** The data tests of the selected assets on a branch, read-only. */
    public List<CheckResult> test(Selector selector, String ref) {
        CompiledProject project = compile();
        Lake current = lake();
        requireBranch(current, ref);
        return checks(current, project, selector, ref);
    }

    /**
     * The unit tests of the selected models, run on a branch (main by default): each model's SQL over the rows its tests
     * give, compared with the rows they expect. Reads no table and writes nothing.
     */
    public List<UnitTestResult> unitTests(Selector selector, String ref) {
        CompiledProject project = compile();
        Set<AssetKey> selected = Set.copyOf(selector.select(project.graph()));
        List<io.strata.compile.UnitTest> tests = project.unitTests().stream().filter(test -> selected.contains(test.model())).toList();
        if (tests.isEmpty()) {
            return List.of();
        }
        Lake current = lake();
        requireBranch(current, ref);
        UnitTestRunner runner = new UnitTestRunner(UnitTestSql.Columns.of(lineage()));
        List<UnitTestResult> results = new ArrayList<>();
        try (Connection connection = current.engine().connect(ref)) {
            tests.forEach(test -> results.add(runner.run(connection, test)));
        }
        catch (SQLException e) {
            throw new RunException("the unit tests could not run on " + ref + ": " + e.getMessage(), e);
        }
        return List.copyOf(results);
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
    /**
     * The branch of a run that did not reach main (kept, failed, cancelled, abandoned), for a run that resumes it
     * ({@code --resume RUN}); a run that merged, that goes, or whose branch is gone is refused saying why.
     */
    public String branchToResume(String runId) {
        RunStore.RunSummary run = runSummary(runId);
        switch (run.status()) {
            case MERGED -> throw RefusedException.conflict("run " + runId + " merged into main; there is nothing to resume");
            case RUNNING -> throw RefusedException.conflict("run " + runId + " is still going (started by " + run.trigger() + ")");
            case BUILT_ON_DEV_BRANCH -> throw RefusedException.refused("run " + runId + " built on the dev branch " + run.branch()
                    + ", which is never merged by a run; review and merge it with strata diff and the server's merge");
            default -> {
            }
        }
        if (lake().branches().find(run.branch()).isEmpty()) {
            throw RefusedException.conflict("the branch " + run.branch() + " of run " + runId + " is gone (dropped); start a new run");
        }
        return run.branch();
    }

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
        Publisher.Published published = new Publisher(current.engine(), current.branches()).publish(branch, project, false);
        published.leftOver().ifPresent(leftOver -> System.getLogger(Workspace.class.getName()).log(System.Logger.Level.WARNING, leftOver));
        return new MergeResult(branch, checks, Optional.of(published.main().hash()));
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

    private synchronized Scheduling scheduling() {
        if (scheduling == null) {
            String instance = ProcessHandle.current().pid() + "@" + hostName() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            scheduling = Scheduling.open(runStore().dataSource(), ProjectFile.load(root).name(), instance, new Ticks(),
                    tick -> currentTickListener().accept(tick));
        }
        return scheduling;
    }

    private java.util.function.Consumer<Firing.Tick> tickListener = tick -> {
    };

    private synchronized java.util.function.Consumer<Firing.Tick> currentTickListener() {
        return tickListener;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        }
        catch (java.io.IOException e) {
            return "localhost";
        }
    }

    private synchronized RunStore runStore() {
        if (store == null) {
            store = RunStore.forProfile(profile, root);
            reconcile(store);
        }
        return store;
    }

    /**
     * Settles the runs whose process ended, for every front (the CLI, the REST API, the scheduler): main's log is read
     * (and the lake located) only when such a run had started its merge; an unreachable Nessie leaves them for later.
     */
    private void reconcile(RunStore runs) {
        for (String merged : Reconciliation.reconcile(runs, () -> lake().branches())) {
            // A run found merged on main's log: what it built (recorded before its merge) is main's now, as after any merge.
            List<AssetKey> built = runs.materializations(merged).stream().filter(run -> run.status() == io.strata.run.AssetRun.Status.SUCCESS)
                    .map(run -> AssetKey.parse(run.assetKey())).toList();
            if (!built.isEmpty()) {
                recordMainColumns(built);
                recordPartitions(merged, built);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (scheduling != null) {
            scheduling.close();
        }
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
