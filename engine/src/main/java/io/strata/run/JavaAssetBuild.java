package io.strata.run;

import io.strata.api.AssetCheck;
import io.strata.api.AssetContext;
import io.strata.api.AssetFunction;
import io.strata.api.AssetKey;
import io.strata.api.AssetPartition;
import io.strata.api.AssetResult;
import io.strata.api.AssetSpec;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.compile.CompiledProject;
import io.strata.engine.Engine;
import io.strata.graph.Asset;
import io.strata.lake.BranchTables;
import io.strata.partition.Partition;
import io.strata.partition.PartitionsDefinition;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Builds one Java asset on the run's branch: calls its code with a context on that branch (once per partition built,
 * for a partitioned one), then runs its Java checks.
 * An exception of the asset's code fails the asset with the line of that code that threw (the first frame of the class
 * that declared the code), not Strata's frames.
 */
final class JavaAssetBuild {
    private final Engine engine;
    private final String branch;
    private final String runId;
    private final CompiledProject compiled;
    private final RunListener listener;
    private final Supplier<BranchTables> tables;

    /** @param tables the branch's Iceberg tables, opened when the code first reads or writes one ({@link AssetContext#tables()}) */
    JavaAssetBuild(Engine engine, String branch, String runId, CompiledProject compiled, RunListener listener, Supplier<BranchTables> tables) {
        this.engine = engine;
        this.branch = branch;
        this.runId = runId;
        this.compiled = compiled;
        this.listener = listener;
        this.tables = tables;
    }

    /** Thrown when the asset's own code failed: the message names its line. */
    static final class UserCodeFailed extends Exception {
        UserCodeFailed(String message, Throwable cause) {
            super(message, cause);
        }

        UserCodeFailed after(int attempts) {
            return new UserCodeFailed(getMessage() + " (" + attempts + " attempts)", getCause());
        }
    }

    /** Whether the code's failure is worth another build: it asked for one, or threw a type the asset declared. */
    static boolean retryable(UserCodeFailed failure, AssetSpec spec) {
        Throwable cause = failure.getCause();
        return cause instanceof io.strata.api.RetryRequested || cause != null && spec.retryOn().stream().anyMatch(type -> type.isInstance(cause));
    }

    AssetBuilder.Built build(Asset asset, AssetSpec spec) throws Exception {
        return build(asset, spec, Optional.empty());
    }

    /**
     * Builds the asset, or the plan's partitions of a partitioned one: its code is called once per partition, in order,
     * each call's writes of its own table replacing that partition's rows; every table is committed once, after the last
     * call returned, so a failure in any partition leaves every table as it was. The rows are the calls' rows added up,
     * the metadata the last call's (a name given by several calls keeps the last value).
     */
    AssetBuilder.Built build(Asset asset, AssetSpec spec, Optional<PartitionedBuild.Plan> plan) throws Exception {
        AssetFunction function = spec.compute().orElseThrow(() -> new IllegalStateException("Java asset " + asset.key()
                + " declares no code: give its AssetSpec a compute(context -> ...)"));
        if (asset.relation().isPresent()) {
            engine.createSchema(branch, asset.relation().get());
        }
        try (Context context = new Context(asset, (io.strata.project.CodeDeclaration) compiled.declarations().get(asset.key()))) {
            List<Optional<Partition>> calls = plan.map(partitions -> partitions.toBuild().stream().map(Optional::of).toList())
                    .orElse(List.of(Optional.empty()));
            long rows = 0;
            boolean counted = true;
            Map<String, Object> metadata = new LinkedHashMap<>();
            for (Optional<Partition> partition : calls) {
                context.building(partition, plan.map(PartitionedBuild.Plan::definition));
                String where = partition.map(building -> " (building partition " + building.key() + ")").orElse("");
                AssetResult result;
                try {
                    result = function.build(context);
                }
                catch (Exception | LinkageError | AssertionError e) {
                    context.tables.abandon();
                    throw new UserCodeFailed(describe(e, function.getClass()) + where, e);
                }
                if (result == null) {
                    context.tables.abandon();
                    throw new UserCodeFailed("the code of Java asset " + asset.key() + " returned null" + where
                            + "; return AssetResult.none() or rows(n)", null);
                }
                if (result.rows().isPresent()) {
                    rows += result.rows().getAsLong();
                }
                else {
                    counted = false;
                }
                metadata.putAll(result.metadata());
            }
            context.building(Optional.empty(), Optional.empty());
            try {
                context.tables.commit();
            }
            catch (RuntimeException e) {
                context.tables.abandon();
                throw e;
            }
            List<CheckResult> checks = new ArrayList<>();
            for (AssetCheck check : spec.checks()) {
                checks.add(check(asset.key(), check, context));
            }
            if (plan.isPresent()) {
                metadata.put("partitions_built", (long) plan.get().toBuild().size());
                metadata.put("partitions_up_to_date", (long) plan.get().upToDate());
                metadata.put("partitions", Partition.describe(plan.get().toBuild()));
            }
            return new AssetBuilder.Built(counted ? OptionalLong.of(rows) : OptionalLong.empty(), metadata, checks);
        }
    }

    private static CheckResult check(AssetKey key, AssetCheck check, AssetContext context) {
        String description = "-- Java check " + check.name() + " (" + check.severity().name().toLowerCase(java.util.Locale.ROOT) + ")";
        AssetCheck.Result found;
        try {
            found = check.check().check(context);
        }
        catch (Exception | LinkageError | AssertionError e) {
            return CheckResult.errored(check.name(), key, description, describe(e, check.check().getClass()));
        }
        if (found == null) {
            return CheckResult.errored(check.name(), key, description, "the check returned null");
        }
        CheckOutcome outcome = found.passed() ? CheckOutcome.PASS : check.severity() == AssetCheck.Severity.ERROR ? CheckOutcome.FAIL : CheckOutcome.WARN;
        return new CheckResult(check.name(), key, outcome, found.failures(), found.sample(), description + ": " + found.message(), Optional.empty());
    }

    /**
     * What the user's code threw, where: its class and message, and the first frame of the class that declared the code
     * (a lambda's enclosing class), so the message points at the user's line rather than Strata's.
     */
    static String describe(Throwable error, Class<?> code) {
        String declaring = code.getName().replaceAll("\\$\\$Lambda.*$", "").replaceAll("\\$Lambda.*$", "");
        String top = declaring.contains("$") ? declaring.substring(0, declaring.indexOf('$')) : declaring;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            for (StackTraceElement frame : cause.getStackTrace()) {
                if (frame.getClassName().equals(top) || frame.getClassName().startsWith(top + "$")) {
                    return cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                            + " at " + frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")";
                }
            }
        }
        return error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }

    /**
     * The JDBC object with every {@link SQLException} thrown again from the caller's thread: a driver that makes its
     * errors on a thread of its own (Trino's does) would otherwise leave no frame of the user's code in them. The
     * statements, result sets and other JDBC objects it returns are wrapped the same way.
     */
    @SuppressWarnings("unchecked")
    static <T> T inCallersThread(Class<T> type, T target) {
        return (T) java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, arguments) -> {
            Object result;
            try {
                result = method.invoke(target, arguments);
            }
            catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof SQLException failed) {
                    throw new SQLException(failed.getMessage(), failed.getSQLState(), failed.getErrorCode(), failed);
                }
                throw e.getCause();
            }
            Class<?> returned = method.getReturnType();
            if (result != null && returned.isInterface() && returned.getPackageName().equals("java.sql") && returned != java.sql.Array.class) {
                return inCallersThread((Class<Object>) returned, result);
            }
            return result;
        });
    }

    /** The context handed to the asset's code and checks; its connection is opened on first use and closed after the build. */
    private final class Context implements AssetContext, AutoCloseable {
        private final Asset asset;
        private final io.strata.project.CodeDeclaration declaration;
        private final JavaAssetTables tables;
        private Connection connection;
        private Optional<AssetPartition> partition = Optional.empty();

        Context(Asset asset, io.strata.project.CodeDeclaration declaration) {
            this.asset = asset;
            this.declaration = declaration;
            this.tables = new JavaAssetTables(asset, declaration.spec(), compiled, JavaAssetBuild.this.tables, branch);
        }

        /** The partition the next call builds (none: not partitioned, or its checks), and the window its table's writes replace. */
        void building(Optional<Partition> building, Optional<PartitionsDefinition> definition) {
            partition = building.map(chosen -> new AssetPartition(chosen.key(), chosen.start(), chosen.end()));
            tables.window(building.map(chosen -> new BranchTables.Window(definition.orElseThrow().column(), chosen.key(), chosen.start(), chosen.end(),
                    definition.get() instanceof PartitionsDefinition.TimeWindows windows ? windows.zone() : java.time.ZoneOffset.UTC)));
        }

        @Override
        public Optional<AssetPartition> partition() {
            return partition;
        }

        @Override
        public io.strata.api.AssetTables tables() {
            return tables;
        }

        @Override
        public io.strata.api.Resource resource(String name) {
            io.strata.project.ResourceDeclaration declared = declaration.resources().get(name);
            if (declared == null) {
                throw new IllegalArgumentException("Java asset " + asset.key() + " did not declare resource '" + name
                        + "'; add it with AssetSpec.builder(...).resources(\"" + name + "\")");
            }
            return new io.strata.api.Resource(name, declared.type(), declared.resolve(System::getenv));
        }

        @Override
        public AssetKey key() {
            return asset.key();
        }

        @Override
        public String runId() {
            return runId;
        }

        @Override
        public String branch() {
            return branch;
        }

        @Override
        public Map<String, Object> vars() {
            return compiled.vars();
        }

        @Override
        public String relation() {
            return asset.relation().orElseThrow(() -> new IllegalStateException("Java asset " + asset.key()
                    + " writes no table or view (its output is NONE)")).render();
        }

        @Override
        public String relation(String produced) {
            if (!declaration.spec().alsoProduces().contains(produced)) {
                throw new IllegalArgumentException("Java asset " + asset.key() + " does not declare it produces '" + produced
                        + "'; add it with AssetSpec.builder(...).alsoProduces(\"" + produced + "\")");
            }
            return compiled.graph().require(AssetKey.of(produced)).relation().orElseThrow().render();
        }

        @Override
        public synchronized Connection sql() throws SQLException {
            if (connection == null) {
                Connection opened = engine.connect(branch);
                opened.setSchema(asset.relation().map(io.strata.project.Relation::schema).orElse(compiled.target().schema()));
                connection = inCallersThread(Connection.class, opened);
            }
            return connection;
        }

        @Override
        public void log(String message) {
            listener.logged(asset, message);
        }

        @Override
        public synchronized void close() throws SQLException {
            tables.close();
            if (connection != null) {
                connection.close();
            }
        }
    }
}
