package io.strata.run;

import io.strata.check.AssetChecks;
import io.strata.check.AssetChecks.Checked;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.check.CheckScope;
import io.strata.check.UnitTestResult;
import io.strata.check.UnitTestRunner;
import io.strata.compile.CompiledProject;
import io.strata.compile.UnitTest;
import io.strata.compile.UnitTestSql;
import io.strata.engine.Engine;
import io.strata.engine.Materialized;
import io.strata.engine.SeedData;
import io.strata.graph.Asset;
import io.strata.project.CheckDefinition;
import io.strata.project.IncrementalStrategy;
import io.strata.project.Materialization;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Builds one asset of a run on its branch, by its kind: the engine for models and seeds, a builder for
 * ingest and Java assets; skips it when it is up to date; retries transient engine errors as the request
 * allows; and runs its checks once it is built. A model's unit tests run first: one that fails means the model is
 * not built. Called by the runner's scheduler from several threads.
 */
final class AssetExecutor {
    private final Engine engine;
    private final List<AssetBuilder> builders;
    private final CompiledProject compiled;
    private final String branch;
    private final RunRequest request;
    private final RunListener listener;
    private final String runId;
    private final Fingerprints fingerprints;
    private final AssetChecks checks;
    private final PartitionedBuild partitioned;
    private final java.util.function.Supplier<io.strata.lake.BranchTables> javaTables;
    /** The lake's services that answered when the run started (a service the engine never uses may not be there at all). */
    private final java.util.Set<java.net.URI> lakeAtStart;
    /** Set when the engine stopped answering: the scheduler starts no asset after it. */
    private volatile Optional<String> engineDown = Optional.empty();
    private UnitTestRunner unitTestRunner;

    AssetExecutor(Engine engine, List<AssetBuilder> builders, CompiledProject compiled, String branch, RunRequest request, RunListener listener,
                  String runId) {
        this(engine, builders, compiled, branch, request, listener, runId, JavaAssetTables.of(engine.lake(), branch));
    }

    /** @param javaTables the branch's Iceberg tables, where Java assets write ({@code context.tables()}) */
    AssetExecutor(Engine engine, List<AssetBuilder> builders, CompiledProject compiled, String branch, RunRequest request, RunListener listener,
                  String runId, java.util.function.Supplier<io.strata.lake.BranchTables> javaTables) {
        this.javaTables = javaTables;
        this.lakeAtStart = engine.lake().map(io.strata.lake.LakeEndpoints::answering).orElse(java.util.Set.of());
        this.engine = engine;
        this.builders = builders;
        this.compiled = compiled;
        this.branch = branch;
        this.request = request;
        this.listener = listener;
        this.runId = runId;
        this.fingerprints = new Fingerprints(compiled.graph(), engine, branch, compiled.root());
        this.checks = new AssetChecks(engine, branch, compiled, false);
        this.partitioned = new PartitionedBuild(engine, branch, fingerprints, request.partitions(), request.rebuild() || request.fullRefresh(),
                request.resumeBranch().isPresent(), java.time.Instant.now());
    }

    /**
     * After an asset failed: the lake's service that answered when the run started and does not now (Nessie, the
     * object store), as the reason the run stops; empty when they answer (the failure was the asset's own), or the
     * engine has no lake to ask.
     */
    private Optional<String> lakeDown(Asset asset, String doing) {
        return engine.lake().flatMap(lake -> lake.stoppedAnswering(lakeAtStart))
                .map(service -> service + " stopped answering while " + doing + " " + asset.key());
    }

    /** The asset failed with {@code error}; when a service of the lake stopped answering, that is the reason, and the run stops. */
    private AssetRun failedOrLakeDown(Asset asset, long started, String error, int attempts) {
        Optional<String> down = lakeDown(asset, "building");
        if (down.isPresent()) {
            engineDown = down;
        }
        return failed(asset, started, down.orElse(error), attempts);
    }

    /** Why the engine, or a service of the lake, cannot be used any more, once it stopped answering. */
    Optional<String> engineDown() {
        return engineDown;
    }

    /**
     * Builds one asset on the branch, or finds it up to date, and runs its checks; never throws: a failure is
     * the asset's outcome. {@code checksReadRebuilt}: a model its checks read was rebuilt in this run.
     */
    AssetRun build(Asset asset, boolean checksReadRebuilt) {
        FaultPoints.reached(FaultPoints.Point.BUILDING, asset.key().toString());
        return afterChecks(asset, buildAndCheck(asset, checksReadRebuilt));
    }

    /**
     * A check that errored because a service died under it (the engine, Nessie, the object store): the run stops, as
     * when a build meets a dead service, with the service named.
     */
    private AssetRun afterChecks(Asset asset, AssetRun run) {
        if (engineDown.isPresent() || run.checks().stream().noneMatch(check -> check.error().isPresent())) {
            return run;
        }
        Optional<String> down = !engine.reachable() ? Optional.of(engine.description() + " stopped answering while checking " + asset.key())
                : lakeDown(asset, "checking");
        if (down.isEmpty()) {
            return run;
        }
        engineDown = down;
        // Each check that errored says why in Strata's words, not the driver's "Failed to connect".
        List<CheckResult> checks = run.checks().stream().map(check -> check.error().isEmpty() ? check
                : CheckResult.errored(check.name(), check.asset(), check.sql(), down.get())).toList();
        return new AssetRun(run.key(), run.status(), run.materialization(), run.rows(), run.duration(), run.error(), checks, run.unrunChecks(),
                run.attempts(), run.details());
    }

    private AssetRun buildAndCheck(Asset asset, boolean checksReadRebuilt) {
        long started = System.nanoTime();
        try {
            Optional<String> unitTestFailed = failedUnitTests(asset);
            if (unitTestFailed.isPresent()) {
                return failed(asset, started, asset.path() + ": " + unitTestFailed.get(), 1);
            }
            if (PartitionedBuild.isPartitioned(asset)) {
                return buildPartitions(asset, checksReadRebuilt, started);
            }
            Optional<String> fingerprint = Fingerprints.applies(asset) ? fingerprints.of(asset) : Optional.empty();
            if (fingerprint.isPresent() && !request.rebuild() && !request.fullRefresh()
                    && engine.state(branch, asset.relation().orElseThrow()).flatMap(io.strata.lake.RelationState::fingerprint).equals(fingerprint)) {
                return upToDate(asset, checksReadRebuilt, started);
            }
            Retried<AssetBuilder.Built> built = build(asset);
            AssetRun run = checked(asset, built, started);
            if (run.usable()) {
                // Recorded only once its checks passed: a model whose checks failed is built again next time.
                if (fingerprint.isPresent()) {
                    engine.recordFingerprint(branch, asset.relation().orElseThrow(), fingerprint.get());
                }
                if (!built.value().partitions().isEmpty()) {
                    engine.recordPartitions(branch, asset.relation().orElseThrow(), built.value().partitions());
                }
            }
            return run;
        }
        catch (EngineUnreachable e) {
            engineDown = Optional.of(e.getMessage());
            return failed(asset, started, asset.path() + ": " + e.getMessage(), e.attempts);
        }
        catch (RetriesExhausted e) {
            return failedOrLakeDown(asset, started, asset.path() + ": " + e.getCause().getMessage() + " (transient engine error, " + e.attempts
                    + " attempts)", e.attempts);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(asset, started, "interrupted while waiting to try again", 1);
        }
        catch (Exception e) {
            return failedOrLakeDown(asset, started, asset.path() + ": " + e.getMessage(), 1);
        }
    }

    /**
     * The model's unit tests, run on the branch before it is built (they read no table): what failed, as the reason the
     * model is not built; empty when they all passed or it has none.
     */
    private Optional<String> failedUnitTests(Asset asset) throws SQLException {
        List<UnitTest> tests = compiled.unitTests(asset.key());
        if (tests.isEmpty()) {
            return Optional.empty();
        }
        List<String> failures = new ArrayList<>();
        try (Connection connection = engine.connect(branch)) {
            for (UnitTest test : tests) {
                UnitTestResult result = unitTestRunner().run(connection, test);
                if (!result.passed()) {
                    failures.add("unit test '" + test.name() + "' failed, so the model was not built: " + result.report().strip());
                }
            }
        }
        return failures.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", failures));
    }

    /** One runner for the run, made when a model first has unit tests: the column types it casts to are read once. */
    private synchronized UnitTestRunner unitTestRunner() {
        if (unitTestRunner == null) {
            UnitTestSql.Columns known;
            try {
                known = UnitTestSql.Columns.of(compiled.columnLineage());
            }
            catch (RuntimeException e) {
                // The types only make given values exact; without them each value keeps its literal's type.
                known = UnitTestSql.Columns.NONE;
            }
            unitTestRunner = new UnitTestRunner(known);
        }
        return unitTestRunner;
    }

    /**
     * A partitioned model or Java asset: the partitions the run asks for that are missing or stale (or every one it
     * names), built window range by window range (a Java asset's code called once per partition); then each
     * partition's checks on the rows built, and the checks over the whole table (a Java asset's own checks among
     * them). The fingerprints of the partitions whose checks passed are recorded if the checks over the table pass
     * too, the other partitions built are marked failed, so a resumed run builds only those. Up to date when none
     * needs building.
     */
    private AssetRun buildPartitions(Asset asset, boolean checksReadRebuilt, long started) throws Exception {
        PartitionedBuild.Plan plan = partitioned.plan(asset);
        if (plan.toBuild().isEmpty()) {
            return upToDate(asset, checksReadRebuilt, started);
        }
        Retried<AssetBuilder.Built> retried = asset.kind() == io.strata.graph.AssetKind.CODE
                ? buildJava(asset, ((io.strata.project.CodeDeclaration) compiled.declarations().get(asset.key())).spec(), Optional.of(plan))
                : retried(asset, () -> AssetHooks.around(engine, branch, asset, () -> partitioned.build(asset, plan)));
        Map<Boolean, List<CheckDefinition>> perPartition = asset.checks().stream()
                .collect(Collectors.partitioningBy(check -> CheckScope.of(check, checksReadRebuilt) == CheckScope.PARTITION));
        FaultPoints.reached(FaultPoints.Point.CHECKING, asset.key().toString());
        PartitionChecks.Checked onPartitions = new PartitionChecks((check, rows, store) -> checks.run(asset, check, rows, store), plan.definition())
                .run(perPartition.get(true), plan.toBuild());
        Checked overTable = checks.run(asset, perPartition.get(false));
        boolean tablePassed = java.util.stream.Stream.concat(overTable.results().stream(), retried.value().checks().stream())
                .noneMatch(result -> result.outcome() == CheckOutcome.FAIL);
        if (!plan.fingerprints().isEmpty()) {
            // Marked, not left out: a partition may hold a fingerprint the branch took from main, and a resumed run must
            // build and check it again rather than find it up to date.
            Map<String, String> recorded = new LinkedHashMap<>(plan.fingerprints());
            (tablePassed ? onPartitions.failed() : plan.toBuild()).forEach(partition -> recorded.put(partition.key(), PartitionedBuild.CHECKS_FAILED));
            engine.recordPartitions(branch, asset.relation().orElseThrow(), recorded);
        }
        AssetBuilder.Built built = retried.value();
        Map<String, Object> details = new LinkedHashMap<>(built.details());
        if (!onPartitions.failed().isEmpty()) {
            details.put("partitions_failed", io.strata.partition.Partition.describe(onPartitions.failed()));
        }
        Checked checked = overTable.after(onPartitions.results()).after(built.checks());
        return checked(asset, new AssetBuilder.Built(built.rows(), details, List.of()), retried.attempts(), checked, started);
    }

    /** Not built: the data its SQL would make is the data it has. Its checks ran when it was built, unless what they read changed. */
    private AssetRun upToDate(Asset asset, boolean checksReadRebuilt, long started) {
        Checked checked = checksReadRebuilt ? runChecks(asset, List.of()) : Checked.NONE;
        return new AssetRun(asset.key(), AssetRun.Status.UP_TO_DATE, asset.materialization(), OptionalLong.empty(),
                Duration.ofNanos(System.nanoTime() - started), Optional.empty(), checked.results(), checked.unrun(), 0, Map.of());
    }

    /** Builds the asset on the branch, by its kind: the engine for models and seeds, a builder for ingest and code assets. */
    private Retried<AssetBuilder.Built> build(Asset asset) throws Exception {
        return switch (asset.kind()) {
            case MODEL -> retried(asset, () -> built(AssetHooks.around(engine, branch, asset,
                    () -> engine.materialize(branch, asset, request.fullRefresh()))));
            case SEED -> {
                SeedData data = SeedData.read(compiled.root(), asset);
                yield retried(asset, () -> built(AssetHooks.around(engine, branch, asset, () -> engine.loadSeed(branch, asset, data))));
            }
            // Sources exist before the run; only their checks run.
            case SOURCE -> new Retried<>(new AssetBuilder.Built(OptionalLong.empty(), Map.of(), List.of()), 1);
            case CODE -> {
                if (compiled.declarations().get(asset.key()) instanceof io.strata.project.CodeDeclaration code && code.spec().compute().isPresent()) {
                    yield buildJava(asset, code.spec(), Optional.empty());
                }
                yield fromBuilder(asset);
            }
            case INGEST -> fromBuilder(asset);
        };
    }

    /**
     * A Java asset (the plan's partitions of a partitioned one), built again after a failure its code asked to retry, as
     * the request's retry policy allows.
     */
    private Retried<AssetBuilder.Built> buildJava(Asset asset, io.strata.api.AssetSpec spec, Optional<PartitionedBuild.Plan> plan) throws Exception {
        JavaAssetBuild build = new JavaAssetBuild(engine, branch, runId, compiled, listener, javaTables);
        for (int attempt = 1; ; attempt++) {
            try {
                return new Retried<>(build.build(asset, spec, plan), attempt);
            }
            catch (JavaAssetBuild.UserCodeFailed e) {
                if (!JavaAssetBuild.retryable(e, spec)) {
                    throw e;
                }
                if (attempt >= request.retries().attempts()) {
                    throw e.after(attempt);
                }
                Duration wait = request.retries().backoff(attempt);
                listener.retryingAsset(asset, attempt, e.getMessage(), wait);
                Thread.sleep(wait.toMillis());
            }
        }
    }

    private Retried<AssetBuilder.Built> fromBuilder(Asset asset) throws Exception {
        return switch (asset.kind()) {
            case INGEST, CODE -> {
                AssetBuilder builder = builders.stream().filter(candidate -> candidate.builds(asset)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no builder for " + asset.kind().label() + " asset " + asset.key()
                                + " on the class path (the ingestion module builds ingest assets)"));
                yield new Retried<>(builder.build(new AssetBuilder.Context(asset,
                        Optional.ofNullable(compiled.declarations().get(asset.key())), branch, runId, compiled.root(),
                        request.fullRefresh(), request.threads(), request.partitions())), 1);
            }
            default -> throw new IllegalStateException(asset.kind().label() + " asset " + asset.key() + " has no builder");
        };
    }

    private static AssetBuilder.Built built(Materialized materialized) {
        return new AssetBuilder.Built(materialized.rows(), Map.of(), List.of());
    }

    private interface EngineCall<T> {
        T call() throws SQLException;
    }

    private record Retried<T>(T value, int attempts) {
    }

    /** The engine does not answer at all (its process died, its host is gone): trying again cannot help. */
    private static final class EngineUnreachable extends Exception {
        private final int attempts;

        EngineUnreachable(String message, int attempts, SQLException last) {
            super(message, last);
            this.attempts = attempts;
        }
    }

    /** A transient error on every allowed attempt; the last error is the cause. */
    private static final class RetriesExhausted extends Exception {
        private final int attempts;

        RetriesExhausted(int attempts, SQLException last) {
            super(last);
            this.attempts = attempts;
        }
    }

    /**
     * Calls the engine, and again after a transient error, as the request's retry policy allows. A lost
     * connection is retried only for builds that give the same result twice: an incremental append might
     * have committed before the connection broke, and appending again would double its rows.
     */
    private <T> Retried<T> retried(Asset asset, EngineCall<T> call) throws SQLException, RetriesExhausted, EngineUnreachable,
            InterruptedException {
        boolean idempotent = !(asset.materialization() == Materialization.INCREMENTAL && !request.fullRefresh()
                && asset.config().incrementalStrategy() == IncrementalStrategy.APPEND);
        for (int attempt = 1; ; attempt++) {
            try {
                return new Retried<>(call.call(), attempt);
            }
            catch (SQLException e) {
                io.strata.engine.Failure failure = engine.classify(e);
                if (failure != io.strata.engine.Failure.PERMANENT && !engine.reachable()) {
                    throw new EngineUnreachable(engine.description() + " stopped answering while building " + asset.key(), attempt, e);
                }
                boolean again = failure == io.strata.engine.Failure.TRANSIENT
                        || failure == io.strata.engine.Failure.CONNECTION_LOST && idempotent;
                if (!again) {
                    throw e;
                }
                if (attempt >= request.retries().attempts()) {
                    throw new RetriesExhausted(attempt, e);
                }
                Duration wait = request.retries().backoff(attempt);
                listener.retryingAsset(asset, attempt, String.valueOf(e.getMessage()), wait);
                Thread.sleep(wait);
            }
        }
    }

    /** The built asset with its own checks run on the branch, after those its builder ran itself. */
    private AssetRun checked(Asset asset, Retried<AssetBuilder.Built> retried, long started) {
        return checked(asset, retried.value(), retried.attempts(), runChecks(asset, retried.value().checks()), started);
    }

    private static AssetRun checked(Asset asset, AssetBuilder.Built built, int attempts, Checked checked, long started) {
        return new AssetRun(asset.key(), AssetRun.Status.SUCCESS, asset.materialization(), built.rows(),
                Duration.ofNanos(System.nanoTime() - started), Optional.empty(), checked.results(), checked.unrun(), attempts,
                built.details());
    }

    /** The asset's own checks run on the branch, after those its builder ran itself. */
    private Checked runChecks(Asset asset, List<CheckResult> fromBuilder) {
        FaultPoints.reached(FaultPoints.Point.CHECKING, asset.key().toString());
        return checks.run(asset).after(fromBuilder);
    }

    private static AssetRun failed(Asset asset, long started, String error, int attempts) {
        return new AssetRun(asset.key(), AssetRun.Status.FAILED, asset.materialization(), OptionalLong.empty(),
                Duration.ofNanos(System.nanoTime() - started), Optional.of(error), List.of(), List.of(), attempts, Map.of());
    }
}
