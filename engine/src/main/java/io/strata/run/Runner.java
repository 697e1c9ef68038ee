package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.branch.BranchRef;
import io.strata.branch.Branches;
import io.strata.branch.Commit;
import io.strata.branch.MergeConflictException;
import io.strata.check.AssetChecks;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.engine.Engine;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.project.CheckDefinition;
import io.strata.project.Materialization;

import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a selection of the graph on its own branch: every asset is built on the branch, its checks run as
 * soon as it is built, and the branch is merged into main in one commit only when every asset built and
 * every error-severity check passed. Otherwise main is left as it was and the branch is kept.
 */
public final class Runner {
    private final Compiler compiler;
    private final Engine engine;
    private final Branches branches;
    private final Optional<RunStore> store;
    private final List<AssetBuilder> builders;
    private final java.util.function.Function<java.nio.file.Path, AssetExports> exports;

    /**
     * @param store where runs are recorded (the CLI's {@code .strata/runs}), if anywhere
     */
    public Runner(Compiler compiler, Engine engine, Branches branches, Optional<RunStore> store) {
        this(compiler, engine, branches, store, List.of());
    }

    /**
     * @param builders what builds the assets that are not SQL (ingest assets, Java assets)
     */
    public Runner(Compiler compiler, Engine engine, Branches branches, Optional<RunStore> store, List<AssetBuilder> builders) {
        this(compiler, engine, branches, store, builders, root -> AssetExports.of(engine, root));
    }

    /**
     * @param exports what exports the assets of a merged run, for the project at a root
     */
    Runner(Compiler compiler, Engine engine, Branches branches, Optional<RunStore> store, List<AssetBuilder> builders,
           java.util.function.Function<java.nio.file.Path, AssetExports> exports) {
        this.compiler = compiler;
        this.engine = engine;
        this.branches = branches;
        this.store = store;
        this.builders = List.copyOf(builders);
        this.exports = exports;
    }

    /** Runs the request in the calling thread and returns the finished run. */
    public RunResult run(RunRequest request, RunListener listener) {
        RunHandle handle = new RunHandle(newId());
        execute(handle, request, listener);
        return handle.await();
    }

    /** Starts the request on a thread of its own and returns at once, with the run's id already known. */
    public RunHandle start(RunRequest request, RunListener listener) {
        RunHandle handle = new RunHandle(newId());
        Thread thread = new Thread(() -> execute(handle, request, listener), "strata-run-" + handle.id());
        thread.start();
        return handle;
    }

    /**
     * Runs the request. With {@code --on-conflict retry}, a run whose merge conflicts is recorded as kept
     * (its branch too) and the selection is built again on a fresh branch from the new main.
     */
    private void execute(RunHandle handle, RunRequest request, RunListener listener) {
        try {
            store.ifPresent(runs -> Reconciliation.reconcile(runs, () -> branches));
            RunRequest current = request;
            String id = handle.id();
            while (true) {
                Attempt attempt = attempt(id, handle, current, listener);
                if (attempt.conflict().isEmpty() || current.conflictRetries() == 0 || handle.cancelRequested()) {
                    handle.complete(attempt.result());
                    return;
                }
                listener.retrying(attempt.result().branch(), attempt.conflict().get().tables());
                current = current.retried();
                id = newId();
            }
        }
        catch (RuntimeException | Error e) {
            handle.fail(e);
        }
    }

    private static String newId() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    /** One run on one branch, recorded once; a merge conflict is carried out, not thrown. */
    private record Attempt(RunResult result, Optional<MergeConflictException> conflict) {
    }

    /** The resources the selected Java assets use, their secrets in the environment: a missing one is said before any branch is made. */
    private static void requireResources(CompiledProject plan, List<AssetKey> selected) {
        List<io.strata.project.Diagnostic> missing = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (AssetKey key : selected) {
            if (plan.declarations().get(key) instanceof io.strata.project.CodeDeclaration code) {
                for (io.strata.project.ResourceDeclaration resource : code.resources().values()) {
                    try {
                        if (seen.add(resource.name())) {
                            resource.resolve(System::getenv);
                        }
                    }
                    catch (io.strata.project.ProjectException e) {
                        missing.addAll(e.diagnostics());
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new io.strata.project.ProjectException(missing);
        }
    }

    private Attempt attempt(String id, RunHandle handle, RunRequest request, RunListener listener) {
        long started = System.nanoTime();
        // Compile first: a project with errors never makes a branch.
        CompiledProject plan = compiler.compile(Set.of(), request.fullRefresh());
        List<AssetKey> selected = request.selector().select(plan.graph());
        requireResources(plan, selected);
        PartitionedBuild.validate(plan, selected, request.partitions());
        String branch = request.resumeBranch().or(request::devBranch).orElse("run-" + id);
        try {
            if (request.resumeBranch().isPresent()) {
                if (branches.find(branch).isEmpty()) {
                    throw new io.strata.select.SelectionException("the branch " + branch + " of the run to resume is gone (dropped or merged): start a new run");
                }
            }
            else if (request.devBranch().isEmpty() || branches.find(branch).isEmpty()) {
                branches.create(branch);
            }
        }
        catch (RuntimeException e) {
            Optional<String> down = e instanceof io.strata.project.StrataException ? Optional.empty()
                    : engine.lake().flatMap(io.strata.lake.LakeEndpoints::unreachable);
            if (down.isPresent()) {
                throw new RunException(down.get() + " does not answer: no branch was made for run " + id + "; main is unchanged", e);
            }
            throw e;
        }
        try {
            store.ifPresent(runs -> runs.started(id, branch, String.join(" ", selected.stream().map(AssetKey::toString).toList()),
                    java.time.Instant.now(), request.trigger()));
        }
        catch (RunException notRecorded) {
            dropUnrecorded(branch, request, notRecorded);
            throw new RunException(notRecorded.getMessage() + ": run " + id + " was not started; main is unchanged", notRecorded);
        }
        Optional<RunLog> log = store.map(runs -> new RunLog(runs, id, listener));
        RunListener heard = log.<RunListener>map(runLog -> runLog).orElse(listener);
        heard.branchReady(branch);
        Attempt attempt;
        try {
            attempt = runOnBranch(id, handle, branch, plan, selected, request, heard, started,
                    () -> log.flatMap(RunLog::storeDown));
        }
        catch (RuntimeException e) {
            try {
                store.ifPresent(runs -> runs.failed(id, String.valueOf(e.getMessage())));
            }
            catch (RunException notRecorded) {
                // The store is down: its own failure is what the run says (a run that merged says so in e).
                e.addSuppressed(notRecorded);
            }
            throw e;
        }
        // Its last event before its end: a reader that finds the run ended has every event it will get.
        heard.ended(attempt.result());
        try {
            store.ifPresent(runs -> runs.finished(attempt.result()));
        }
        catch (RunException notRecorded) {
            RunResult result = attempt.result();
            throw new RunException(result.mergedCommit().map(commit -> "run " + id + " merged into main at " + commit + ", but "
                            + notRecorded.getMessage() + " before the merge was recorded: the next command that reaches it records the run as merged")
                    .orElse(notRecorded.getMessage() + " before run " + id + " recorded its end (" + result.outcome().name().toLowerCase(java.util.Locale.ROOT)
                            + "); main is unchanged, branch " + branch + " is kept"), notRecorded);
        }
        return attempt;
    }

    /** A branch made for a run the store could not record is dropped (it holds nothing yet); a dev branch is kept. */
    private void dropUnrecorded(String branch, RunRequest request, RunException notRecorded) {
        if (request.devBranch().isPresent() || request.resumeBranch().isPresent()) {
            return;
        }
        try {
            branches.delete(branch);
        }
        catch (RuntimeException e) {
            notRecorded.addSuppressed(e);
        }
    }

    private Attempt runOnBranch(String id, RunHandle handle, String branch, CompiledProject plan, List<AssetKey> selected, RunRequest request,
                                RunListener listener, long started, Supplier<Optional<String>> storeDown) {
        CompiledProject compiled = recompileForBranch(plan, selected, branch, request);
        Execution execution = new Execution(compiled, selected, branch, request, listener, id, handle, storeDown);
        List<AssetRun> runs = execution.run();
        if (execution.engineDown().isPresent()) {
            // Nothing more can run; the run is recorded with what it built, then as failed. Its branch is kept.
            RunResult kept = new RunResult(id, branch, RunResult.Outcome.KEPT, runs, List.of(), Optional.empty(),
                    Optional.of(execution.engineDown().get()), Duration.ofNanos(System.nanoTime() - started));
            try {
                store.ifPresent(history -> history.finished(kept));
            }
            catch (RunException notRecorded) {
                // The store itself is what stopped answering; the failure below says so.
            }
            throw new RunException(execution.engineDown().get() + "; run " + id + " stopped, main is unchanged, branch " + branch
                    + " is kept", null);
        }
        if (handle.cancelRequested()) {
            return new Attempt(new RunResult(id, branch, RunResult.Outcome.CANCELLED, runs, List.of(), Optional.empty(),
                    Optional.of("cancelled: no asset was started after the request"), Duration.ofNanos(System.nanoTime() - started)),
                    Optional.empty());
        }
        List<CheckResult> singular = runSingularTests(compiled, selected, runs, branch);

        boolean clean = runs.stream().allMatch(AssetRun::usable) && singular.stream().noneMatch(check -> check.outcome() == CheckOutcome.FAIL);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (!clean) {
            return new Attempt(new RunResult(id, branch, RunResult.Outcome.KEPT, runs, singular, Optional.empty(),
                    Optional.of(describeFailures(runs, singular)), took), Optional.empty());
        }
        if (request.devBranch().isPresent()) {
            return new Attempt(new RunResult(id, branch, RunResult.Outcome.BUILT_ON_DEV_BRANCH, runs, singular, Optional.empty(),
                    Optional.empty(), took), Optional.empty());
        }
        return exported(publish(id, branch, compiled, runs, singular, started), compiled, runs, listener);
    }

    /** A merged run's exports, after the merge: one that fails leaves the run merged, with a warning in its reason. */
    private Attempt exported(Attempt attempt, CompiledProject compiled, List<AssetRun> runs, RunListener listener) {
        RunResult result = attempt.result();
        if (result.outcome() != RunResult.Outcome.MERGED) {
            return attempt;
        }
        List<String> warnings = new ArrayList<>();
        result.reason().ifPresent(warnings::add);
        try {
            warnings.addAll(exports.apply(compiled.root()).afterMerge(compiled, runs, listener));
        }
        catch (RuntimeException e) {
            warnings.add("the exports were not run: " + e.getMessage());
        }
        return warnings.equals(result.reason().stream().toList()) ? attempt
                : new Attempt(new RunResult(result.id(), result.branch(), result.outcome(), result.assets(), result.singularChecks(),
                        result.mergedCommit(), Optional.of(String.join("; ", warnings)), result.duration()), attempt.conflict());
    }

    /** With the branch made, compile again (same compiler, so unchanged work is reused) so that {@code is_incremental()} sees it. */
    private CompiledProject recompileForBranch(CompiledProject plan, List<AssetKey> selected, String branch, RunRequest request) {
        return compiledFor(compiler, engine, plan, selected, branch, request.fullRefresh());
    }

    /** The project compiled as a run on the branch sees it: {@code is_incremental()} true for incremental models the branch has. */
    static CompiledProject compiledFor(Compiler compiler, Engine engine, CompiledProject plan, List<AssetKey> selected, String branch,
                                       boolean fullRefresh) {
        Set<String> existing = new HashSet<>();
        for (AssetKey key : selected) {
            Asset asset = plan.graph().require(key);
            if (asset.materialization() == Materialization.INCREMENTAL && asset.relation().isPresent()) {
                try {
                    if (engine.exists(branch, asset.relation().get())) {
                        existing.add(asset.name());
                    }
                }
                catch (SQLException e) {
                    throw new RunException("cannot look up " + asset.relation().get() + " on branch " + branch + ": " + e.getMessage(), e);
                }
            }
        }
        return existing.isEmpty() ? plan : compiler.compile(existing, fullRefresh, plan.invocation());
    }

    private Attempt publish(String id, String branch, CompiledProject compiled, List<AssetRun> runs, List<CheckResult> singular, long started) {
        // From here until the outcome is recorded, a process that ends leaves the run for main's log to settle; what it
        // built is recorded first, so that a run settled that way shows it too.
        RunResult built = new RunResult(id, branch, RunResult.Outcome.KEPT, runs, singular, Optional.empty(), Optional.empty(),
                Duration.ofNanos(System.nanoTime() - started));
        try {
            store.ifPresent(history -> history.merging(built));
        }
        catch (RunException notRecorded) {
            throw new RunException(notRecorded.getMessage() + " before run " + id + " could record its merge: branch " + branch
                    + " was not merged, main is unchanged and the branch is kept", notRecorded);
        }
        FaultPoints.reached(FaultPoints.Point.MERGING, branch);
        try {
            Publisher.Published published = new Publisher(engine, branches).publish(branch, compiled, true, Optional.of(id));
            return new Attempt(new RunResult(id, branch, RunResult.Outcome.MERGED, runs, singular, Optional.of(published.main().hash()),
                    published.leftOver(), Duration.ofNanos(System.nanoTime() - started)), Optional.empty());
        }
        catch (MergeConflictException conflict) {
            // Another run changed the same tables since this branch was made: main keeps its version, this branch is kept.
            return new Attempt(new RunResult(id, branch, RunResult.Outcome.KEPT, runs, singular, Optional.empty(),
                    Optional.of(conflict.getMessage()), Duration.ofNanos(System.nanoTime() - started)), Optional.of(conflict));
        }
        catch (RuntimeException failure) {
            // The merge may have landed before the failure (Nessie committed, then its answer was lost): main's log says
            // which, and a run on main is never recorded as failed.
            String why = whyMergeFailed(branch, failure);
            Optional<Commit> merge = findMerge(id, branch, why, failure);
            if (merge.isEmpty()) {
                throw new RunException(why + "; Nessie's main does not have the merge, so main is unchanged and branch " + branch + " is kept",
                        failure);
            }
            return new Attempt(new RunResult(id, branch, RunResult.Outcome.MERGED, runs, singular, Optional.of(merge.get().hash()),
                    Optional.of("merged into main at " + merge.get().hash() + " (found on main after the merge failed: " + why + ")"),
                    Duration.ofNanos(System.nanoTime() - started)), Optional.empty());
        }
    }

    /** The merge's failure as the user reads it: the service that stopped answering when one did, else the error. */
    private String whyMergeFailed(String branch, RuntimeException failure) {
        return engine.notAnswering().map(service -> service + " stopped answering during the merge of branch " + branch + " into main")
                .orElse("the merge of branch " + branch + " into main failed: " + failure.getMessage());
    }

    /** The run's merge commit on main after its merge failed; the run fails (its merge left in doubt) when Nessie cannot say. */
    private Optional<Commit> findMerge(String id, String branch, String why, RuntimeException failure) {
        try {
            return branches.findMerge(id, Reconciliation.DEPTH);
        }
        catch (RuntimeException unreadable) {
            RunException doubt = new RunException(why + "; whether the merge landed on main could not be read now: the next command looks"
                    + " again and records run " + id + " as merged if it did; branch " + branch + " is kept", failure);
            doubt.addSuppressed(unreadable);
            throw doubt;
        }
    }

    private List<CheckResult> runSingularTests(CompiledProject compiled, List<AssetKey> selected, List<AssetRun> runs, String branch) {
        Set<AssetKey> usable = runs.stream().filter(AssetRun::usable).map(AssetRun::key).filter(selected::contains)
                .collect(java.util.stream.Collectors.toSet());
        return new AssetChecks(engine, branch, compiled, false).runSingular(usable);
    }

    private static String describeFailures(List<AssetRun> runs, List<CheckResult> singular) {
        List<String> reasons = new ArrayList<>();
        runs.stream().filter(run -> run.status() == AssetRun.Status.FAILED).forEach(run -> reasons.add(run.key() + " failed"));
        runs.forEach(run -> run.checks().stream().filter(check -> check.outcome() == CheckOutcome.FAIL)
                .forEach(check -> reasons.add("check " + check.name() + failed(check))));
        singular.stream().filter(check -> check.outcome() == CheckOutcome.FAIL)
                .forEach(check -> reasons.add("test " + check.name() + failed(check)));
        return String.join("; ", reasons);
    }

    private static String failed(CheckResult check) {
        return check.error().map(error -> " errored: " + error).orElse(" failed (" + check.failures() + " rows)");
    }

    /**
     * Schedules the selected assets over the graph: each starts as soon as its selected parents (and the
     * models its checks read) are done, on a bounded pool; an asset downstream of one that did not build
     * cleanly is skipped. Building one asset is the {@link AssetExecutor}'s.
     */
    private final class Execution {
        private final CompiledProject compiled;
        private final AssetGraph graph;
        private final List<AssetKey> selected;
        private final String branch;
        private final RunRequest request;
        private final RunListener listener;
        private final Map<AssetKey, AssetRun> done = new LinkedHashMap<>();
        private final Map<AssetKey, Set<AssetKey>> waitingFor = new HashMap<>();
        private final Map<AssetKey, Set<AssetKey>> awaitedBy = new HashMap<>();
        private final AssetExecutor executor;
        private final RunHandle handle;
        private final Supplier<Optional<String>> storeDown;

        Execution(CompiledProject compiled, List<AssetKey> selected, String branch, RunRequest request, RunListener listener, String runId,
                  RunHandle handle, Supplier<Optional<String>> storeDown) {
            this.handle = handle;
            this.storeDown = storeDown;
            this.compiled = compiled;
            this.graph = compiled.graph();
            this.selected = selected;
            this.branch = branch;
            this.request = request;
            this.listener = listener;
            this.executor = new AssetExecutor(engine, builders, compiled, branch, request, listener, runId);
        }

        /** Why the run cannot go on, once the engine, a service of the lake or the run store stopped answering during it. */
        Optional<String> engineDown() {
            return executor.engineDown().or(storeDown);
        }

        List<AssetRun> run() {
            Set<AssetKey> inRun = new HashSet<>(selected);
            for (AssetKey key : selected) {
                Set<AssetKey> waits = new HashSet<>(graph.parents(key));
                waits.addAll(checkedAgainst(graph.require(key)));
                waits.retainAll(inRun);
                waits.remove(key);
                waitingFor.put(key, waits);
                waits.forEach(awaited -> awaitedBy.computeIfAbsent(awaited, any -> new HashSet<>()).add(key));
            }
            ExecutorService pool = Executors.newFixedThreadPool(request.threads(), runnable -> {
                Thread thread = new Thread(runnable, "strata-run");
                thread.setDaemon(true);
                return thread;
            });
            ExecutorCompletionService<AssetRun> completions = new ExecutorCompletionService<>(pool);
            int running = 0;
            boolean stop = false;
            String stopped = "not started: --fail-fast stopped the run";
            try {
                java.util.Deque<AssetKey> ready = new java.util.ArrayDeque<>(selected.stream().filter(key -> waitingFor.get(key).isEmpty()).toList());
                while (!ready.isEmpty() || running > 0) {
                    while (!ready.isEmpty()) {
                        AssetKey key = ready.poll();
                        if (handle.cancelRequested()) {
                            skip(key, "not started: the run was cancelled", ready);
                            continue;
                        }
                        if (stop) {
                            skip(key, stopped, ready);
                            continue;
                        }
                        Asset asset = graph.require(key);
                        // Decided here, where the finished assets are known: an up-to-date asset's checks run again
                        // only when a model they read was rebuilt in this run.
                        boolean checksReadRebuilt = checkedAgainst(asset).stream().map(done::get)
                                .anyMatch(run -> run != null && run.status() == AssetRun.Status.SUCCESS);
                        completions.submit(() -> {
                            // An asset waits here for a free thread: it starts (and is said to start) only when it gets
                            // one, and not at all once the run is cancelled.
                            if (handle.cancelRequested()) {
                                return new AssetRun(key, AssetRun.Status.SKIPPED, asset.materialization(), OptionalLong.empty(), Duration.ZERO,
                                        Optional.of("not started: the run was cancelled"), List.of(), List.of());
                            }
                            if (engineDown().isPresent()) {
                                return new AssetRun(key, AssetRun.Status.SKIPPED, asset.materialization(), OptionalLong.empty(), Duration.ZERO,
                                        Optional.of("not started: " + engineDown().get()), List.of(), List.of());
                            }
                            listener.started(asset);
                            return executor.build(asset, checksReadRebuilt);
                        });
                        running++;
                    }
                    if (running == 0) {
                        break;
                    }
                    AssetRun finished = completions.take().get();
                    running--;
                    stop |= request.failFast() && !finished.usable();
                    if (engineDown().isPresent()) {
                        stop = true;
                        stopped = "not started: " + engineDown().get();
                    }
                    record(finished, ready);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunException("the run was interrupted", e);
            }
            catch (ExecutionException e) {
                throw new RunException("a build thread failed: " + e.getCause(), e.getCause());
            }
            finally {
                pool.shutdownNow();
            }
            for (AssetKey key : selected) {
                if (!done.containsKey(key)) {
                    skip(key, "not started", new java.util.ArrayDeque<>());
                }
            }
            List<AssetRun> ordered = new ArrayList<>();
            selected.forEach(key -> ordered.add(done.get(key)));
            return ordered;
        }

        /**
         * The other assets an asset's checks read ({@code relationships} to a model): its checks run only once
         * those are built, so the asset waits for them as for a parent, though their failure does not skip it.
         */
        private Set<AssetKey> checkedAgainst(Asset asset) {
            Set<AssetKey> models = new HashSet<>();
            for (CheckDefinition check : asset.checks()) {
                check.referencedModels().forEach(name -> graph.asset(AssetKey.of(name)).ifPresent(model -> models.add(model.key())));
            }
            return models;
        }

        /** Records a finished (or skipped) asset and releases those waiting for it: ready, or skipped when a parent is unusable. */
        private void record(AssetRun finished, java.util.Deque<AssetKey> ready) {
            done.put(finished.key(), finished);
            listener.finished(finished);
            for (AssetKey waiting : awaitedBy.getOrDefault(finished.key(), Set.of())) {
                Set<AssetKey> waits = waitingFor.get(waiting);
                if (!waits.remove(finished.key()) || !waits.isEmpty() || done.containsKey(waiting)) {
                    continue;
                }
                Optional<AssetRun> unusable = graph.parents(waiting).stream().filter(done::containsKey).map(done::get)
                        .filter(parent -> !parent.usable()).findFirst();
                if (unusable.isPresent()) {
                    AssetRun parent = unusable.get();
                    skip(waiting, "skipped: " + parent.key() + (parent.status() == AssetRun.Status.SKIPPED ? " was skipped" : " did not build cleanly"),
                            ready);
                }
                else {
                    ready.add(waiting);
                }
            }
        }

        private void skip(AssetKey key, String reason, java.util.Deque<AssetKey> ready) {
            record(new AssetRun(key, AssetRun.Status.SKIPPED, graph.require(key).materialization(), OptionalLong.empty(),
                    Duration.ZERO, Optional.of(reason), List.of(), List.of()), ready);
        }

    }
}
