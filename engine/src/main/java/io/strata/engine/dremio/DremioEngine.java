package io.strata.engine.dremio;

import io.strata.engine.Engine;
import io.strata.engine.Failure;
import io.strata.engine.Materialized;
import io.strata.engine.SchemaChange;
import io.strata.engine.SeedData;
import io.strata.graph.Asset;
import io.strata.lake.IcebergRelations;
import io.strata.lake.LakeEndpoints;
import io.strata.lake.RelationState;
import io.strata.partition.PartitionsDefinition;
import io.strata.project.Materialization;
import io.strata.project.Relation;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Dremio over the Iceberg tables of a Nessie source, through Arrow Flight SQL. Dremio addresses a branch in SQL
 * ({@code AT BRANCH}, see {@link DremioStatements}), so one connection serves every branch; the branches themselves
 * are made and merged on Nessie by the same code as for Trino. What Dremio is not asked — which relations a branch
 * holds, whether one is a table or a view, a relation's version and fingerprint — is read from the branch's Iceberg
 * REST catalog in Nessie, as for every engine.
 */
public final class DremioEngine implements Engine {
    private static final int SEED_BATCH = 500;

    private final DremioSettings settings;
    private final LakeEndpoints endpoints;
    private final DremioStatements statements;
    private final BranchCatalog catalog;
    private final IcebergRelations relations;
    private final Set<String> schemas = ConcurrentHashMap.newKeySet();

    public DremioEngine(DremioSettings settings, LakeEndpoints endpoints) {
        this(settings, endpoints, new IcebergBranchCatalog(endpoints));
    }

    DremioEngine(DremioSettings settings, LakeEndpoints endpoints, BranchCatalog catalog) {
        this.settings = requireNonNull(settings, "settings");
        this.endpoints = requireNonNull(endpoints, "endpoints");
        this.catalog = requireNonNull(catalog, "catalog");
        this.statements = new DremioStatements(settings.source());
        this.relations = new IcebergRelations(endpoints);
    }

    @Override
    public Optional<LakeEndpoints> lake() {
        return Optional.of(endpoints);
    }

    /** A connection whose statements read and write the branch (the tables they name get {@code AT BRANCH}). */
    @Override
    public Connection connect(String branch) throws SQLException {
        // The branch's relations are listed once per connection, at its first statement.
        java.util.concurrent.atomic.AtomicReference<Set<Relation>> lake = new java.util.concurrent.atomic.AtomicReference<>();
        return BranchConnection.of(open(), sql -> statements.onBranch(sql, lake.updateAndGet(known -> known != null ? known : catalog.relations(branch)),
                branch));
    }

    /** A plain connection: the statements Strata writes name their branch themselves. */
    private Connection open() throws SQLException {
        Connection connection = new org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver().connect(settings.jdbcUrl(), settings.connectionProperties());
        if (connection == null) {
            throw new SQLException("the Arrow Flight SQL driver does not accept " + settings.jdbcUrl());
        }
        return connection;
    }

    @Override
    public Materialized materialize(String branch, Asset model, boolean fullRefresh) throws SQLException {
        long started = System.nanoTime();
        Materialization materialization = model.materialization();
        if (materialization == Materialization.EPHEMERAL) {
            return new Materialized(model.key(), materialization, List.of(), OptionalLong.empty(), Duration.ZERO);
        }
        if (materialization == Materialization.SNAPSHOT) {
            throw new IllegalArgumentException(snapshotsNotBuilt(model));
        }
        Relation relation = model.relation().orElseThrow(() -> new IllegalArgumentException(model.key() + " has no relation"));
        String sql = model.sql().orElseThrow(() -> new IllegalArgumentException(model.key() + " has no SQL"));
        ensureSchema(branch, relation);
        Optional<BranchCatalog.Kind> existing = catalog.kind(branch, relation);
        Set<Relation> lake = lakeOf(branch, relation);
        List<String> ran = new ArrayList<>();
        OptionalLong rows = OptionalLong.empty();
        try (Connection connection = open(); Statement statement = connection.createStatement()) {
            switch (materialization) {
                case VIEW -> {
                    if (existing.filter(kind -> kind == BranchCatalog.Kind.TABLE).isPresent()) {
                        run(statement, ran, statements.drop(relation, branch, false));
                    }
                    run(statement, ran, statements.view(relation, branch, sql, lake));
                }
                case TABLE -> rows = replaceTable(statement, ran, branch, relation, sql, existing, lake);
                case INCREMENTAL -> {
                    if (fullRefresh || existing.filter(kind -> kind == BranchCatalog.Kind.TABLE).isEmpty()) {
                        rows = replaceTable(statement, ran, branch, relation, sql, existing, lake);
                    }
                    else {
                        rows = increment(statement, ran, branch, relation, sql, model, lake);
                    }
                }
                case SNAPSHOT, EPHEMERAL, SEED, SOURCE, INGEST, CODE ->
                        throw new IllegalArgumentException("materialization '" + materialization.label() + "' of " + model.key() + " is not built by an engine");
            }
        }
        return new Materialized(model.key(), materialization, ran, rows, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Why a snapshot fails on Dremio: before its branch holds anything of it. */
    static String snapshotsNotBuilt(Asset snapshot) {
        return "snapshot " + snapshot.key() + " is not built on Dremio yet: Strata builds snapshots on Trino only; run it with a Trino"
                + " profile, or leave it out of the selection (--exclude " + snapshot.key() + ")";
    }

    /** The lake relations a model may read on the branch: what the branch holds, and the model's own ({@code {{ this }}}). */
    private Set<Relation> lakeOf(String branch, Relation relation) {
        Set<Relation> lake = new HashSet<>(catalog.relations(branch));
        lake.add(relation);
        return lake;
    }

    /**
     * Dremio has no {@code CREATE OR REPLACE TABLE}: what is there is dropped, then the table is made. On a run's
     * branch no reader sees the moment between, and a failure keeps the branch (main is untouched).
     */
    private OptionalLong replaceTable(Statement statement, List<String> ran, String branch, Relation relation, String sql,
                                      Optional<BranchCatalog.Kind> existing, Set<Relation> lake) throws SQLException {
        if (existing.isPresent()) {
            run(statement, ran, statements.drop(relation, branch, existing.get() == BranchCatalog.Kind.VIEW));
        }
        return run(statement, ran, statements.createTable(relation, branch, sql, lake));
    }

    private OptionalLong increment(Statement statement, List<String> ran, String branch, Relation relation, String sql, Asset model,
                                   Set<Relation> lake) throws SQLException {
        List<SchemaChange.Column> incoming = typedColumnsOf(statement, statements.columnsQuery(sql, lake, branch));
        List<SchemaChange.Column> held = typedColumnsOf(statement, statements.columnsQuery("SELECT * FROM " + relation.render(), lake, branch));
        SchemaChange.Plan plan = SchemaChange.between(held, incoming, DremioStatements::storedType)
                .plan(model.config().onSchemaChange(), relation.render(), incoming, statements.alterations(relation, branch));
        for (String alteration : plan.alterations()) {
            run(statement, ran, alteration);
        }
        List<String> columns = plan.columns();
        List<String> uniqueKey = model.config().uniqueKey();
        return switch (model.config().incrementalStrategy()) {
            case APPEND -> run(statement, ran, statements.append(relation, branch, sql, columns, lake));
            case MERGE -> run(statement, ran, statements.merge(relation, branch, sql, columns, uniqueKey, lake));
            case DELETE_INSERT -> {
                // The new rows are fixed first: the model's own is_incremental() filter reads the target, which the delete changes.
                Relation staged = new Relation(relation.schema(), relation.identifier() + "__strata_new");
                Set<Relation> withStaged = new HashSet<>(lake);
                withStaged.add(staged);
                String stagedRows = "SELECT * FROM " + staged.render();
                try {
                    run(statement, ran, statements.drop(staged, branch, false));
                    run(statement, ran, statements.createTable(staged, branch, sql, lake));
                    run(statement, ran, statements.deleteMatching(relation, branch, stagedRows, uniqueKey, withStaged));
                    yield run(statement, ran, statements.append(relation, branch, stagedRows, columns, withStaged));
                }
                finally {
                    run(statement, ran, statements.drop(staged, branch, false));
                }
            }
        };
    }

    /**
     * Replaces the rows of a range of partitions on the branch. The window's rows are fixed in a table of their own
     * first and counted outside the window before the target changes: a row outside fails the build, nothing written.
     * A missing target (or a view in its place), or every partition built, is made from the staged rows; otherwise the window is deleted and the
     * staged rows inserted. The DELETE and the INSERT are two commits on the run's branch, which no reader sees before
     * the merge; a build that fails between them is built again whole, its fingerprints not recorded.
     */
    @Override
    public Materialized replacePartitions(String branch, Asset model, String sql, String condition, boolean everyPartition) throws SQLException {
        long started = System.nanoTime();
        Relation relation = model.relation().orElseThrow(() -> new IllegalArgumentException(model.key() + " has no relation"));
        String window = PartitionsDefinition.of(model).map(definition -> DremioStatements.partitionCondition(condition, definition.column()))
                .orElse(condition);
        ensureSchema(branch, relation);
        Optional<BranchCatalog.Kind> existing = catalog.kind(branch, relation);
        Set<Relation> lake = lakeOf(branch, relation);
        Relation staged = stagedPartitions(relation);
        Set<Relation> withStaged = new HashSet<>(lake);
        withStaged.add(staged);
        String stagedRows = "SELECT * FROM " + staged.render();
        List<String> ran = new ArrayList<>();
        OptionalLong rows;
        try (Connection connection = open(); Statement statement = connection.createStatement()) {
            try {
                // A staged table a failed build left behind would make the CTAS fail.
                run(statement, ran, statements.drop(staged, branch, false));
                run(statement, ran, statements.createTable(staged, branch, sql, lake));
                long stray = count(statement, ran, statements.countOutside(staged, branch, window));
                if (stray > 0) {
                    throw new SQLException("its SQL gave " + stray + (stray == 1 ? " row" : " rows") + " outside the partitions built (" + window
                            + "): a partitioned model's SQL must keep to its window with partition.start and partition.end; nothing was written");
                }
                if (everyPartition || existing.filter(kind -> kind == BranchCatalog.Kind.TABLE).isEmpty()) {
                    rows = replaceTable(statement, ran, branch, relation, stagedRows, existing, withStaged);
                }
                else {
                    List<String> columns = columnsOf(statement, statements.columnsQuery(stagedRows, withStaged, branch));
                    run(statement, ran, statements.deletePartitions(relation, branch, window));
                    rows = run(statement, ran, statements.append(relation, branch, stagedRows, columns, withStaged));
                }
            }
            finally {
                run(statement, ran, statements.drop(staged, branch, false));
            }
        }
        return new Materialized(model.key(), model.materialization(), ran, rows, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The table a partition build stages its rows in, beside the model's own. */
    static Relation stagedPartitions(Relation relation) {
        return new Relation(relation.schema(), relation.identifier() + "__strata_partition");
    }

    /** The one number a {@code count(*)} query answers. */
    private static long count(Statement statement, List<String> ran, String query) throws SQLException {
        ran.add(query);
        try (ResultSet counted = statement.executeQuery(query)) {
            counted.next();
            return counted.getLong(1);
        }
    }

    /**
     * The query's column names. The Flight SQL JDBC driver 18.3 lists a prepared query's columns twice in its metadata
     * until the stream's schema replaces them (apache/arrow-java GH-44, fixed after 18.3): the result is read first,
     * and a name seen again is dropped (a query whose columns repeat a name cannot be inserted by name anyway).
     */
    private static List<String> columnsOf(Statement statement, String query) throws SQLException {
        return typedColumnsOf(statement, query).stream().map(SchemaChange.Column::name).toList();
    }

    /** The query's columns and their types (a decimal with its precision and scale), read as {@link #columnsOf} reads them. */
    private static List<SchemaChange.Column> typedColumnsOf(Statement statement, String query) throws SQLException {
        try (ResultSet empty = statement.executeQuery(query)) {
            empty.next();
            java.sql.ResultSetMetaData metadata = empty.getMetaData();
            java.util.Map<String, SchemaChange.Column> columns = new java.util.LinkedHashMap<>();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                String type = String.valueOf(metadata.getColumnTypeName(i));
                if (type.equalsIgnoreCase("DECIMAL") || type.equalsIgnoreCase("NUMERIC")) {
                    type = "DECIMAL(" + metadata.getPrecision(i) + ", " + metadata.getScale(i) + ")";
                }
                columns.putIfAbsent(metadata.getColumnLabel(i), new SchemaChange.Column(metadata.getColumnLabel(i), type));
            }
            return List.copyOf(columns.values());
        }
    }

    @Override
    public Materialized loadSeed(String branch, Asset seed, SeedData data) throws SQLException {
        long started = System.nanoTime();
        Relation relation = seed.relation().orElseThrow(() -> new IllegalArgumentException(seed.key() + " has no relation"));
        ensureSchema(branch, relation);
        Optional<BranchCatalog.Kind> existing = catalog.kind(branch, relation);
        List<String> ran = new ArrayList<>();
        try (Connection connection = open(); Statement statement = connection.createStatement()) {
            if (existing.isPresent()) {
                run(statement, ran, statements.drop(relation, branch, existing.get() == BranchCatalog.Kind.VIEW));
            }
            run(statement, ran, statements.createSeedTable(relation, branch, data.sqlColumns(), data.types()));
            for (int start = 0; start < data.rows().size(); start += SEED_BATCH) {
                List<List<String>> batch = data.rows().subList(start, Math.min(start + SEED_BATCH, data.rows().size()));
                run(statement, ran, statements.insertValues(relation, branch, data.types(), batch));
            }
        }
        return new Materialized(seed.key(), Materialization.SEED, ran, OptionalLong.of(data.rows().size()),
                Duration.ofNanos(System.nanoTime() - started));
    }

    @Override
    public boolean exists(String branch, Relation relation) {
        return catalog.kind(branch, relation).isPresent();
    }

    @Override
    public void createSchema(String branch, Relation relation) {
        ensureSchema(branch, relation);
    }

    /** The relation's schema on the branch, made once per branch (a Nessie namespace, which Dremio shows as a folder). */
    private void ensureSchema(String branch, Relation relation) {
        String key = branch + "\u0000" + relation.schema();
        if (!schemas.contains(key)) {
            catalog.createSchema(branch, relation.schema());
            schemas.add(key);
        }
    }

    /**
     * Runs a statement and counts the rows it wrote where Dremio reports them: a DDL or DML statement answers with a
     * result (CTAS and DML with a {@code Records} column, other DDL with {@code ok} and {@code summary}), which is read
     * to its end so that the statement has finished when this returns.
     */
    private static OptionalLong run(Statement statement, List<String> ran, String sql) throws SQLException {
        ran.add(sql);
        if (!statement.execute(sql)) {
            long count = statement.getLargeUpdateCount();
            return count >= 0 ? OptionalLong.of(count) : OptionalLong.empty();
        }
        try (ResultSet result = statement.getResultSet()) {
            int records = recordsColumn(result.getMetaData());
            long total = 0;
            while (result.next()) {
                total += records > 0 ? result.getLong(records) : 0;
            }
            return records > 0 ? OptionalLong.of(total) : OptionalLong.empty();
        }
    }

    private static int recordsColumn(ResultSetMetaData metadata) throws SQLException {
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            if (metadata.getColumnLabel(i).equalsIgnoreCase("records")) {
                return i;
            }
        }
        return 0;
    }

    /**
     * Flight's status codes (gRPC's): RESOURCE_EXHAUSTED (a queue or memory limit of the cluster) and UNAVAILABLE sent
     * by the server (starting, no executors) refused the statement before it ran; UNAVAILABLE with a broken channel
     * underneath, or TIMED_OUT, lost a statement that may have committed; a refused connection ran nothing. Every other
     * status (INVALID_ARGUMENT for a syntax error, NOT_FOUND, INTERNAL, ...) gives the same answer again.
     */
    @Override
    public Failure classify(SQLException error) {
        Failure failure = Failure.PERMANENT;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return Failure.TRANSIENT;
            }
            Optional<String> code = flightStatus(cause);
            if (code.isPresent()) {
                switch (code.get()) {
                    case "RESOURCE_EXHAUSTED" -> {
                        return Failure.TRANSIENT;
                    }
                    case "UNAVAILABLE" -> failure = brokenChannel(cause) ? Failure.CONNECTION_LOST : Failure.TRANSIENT;
                    case "TIMED_OUT" -> failure = Failure.CONNECTION_LOST;
                    default -> {
                    }
                }
            }
            else if (cause instanceof java.io.IOException && failure == Failure.PERMANENT) {
                failure = Failure.CONNECTION_LOST;
            }
        }
        return failure;
    }

    /**
     * The Flight status code of a {@code FlightRuntimeException} ({@code status().code()}), read by name: the driver
     * jar carries Arrow Flight relocated under its own package, so the class is not Arrow's own.
     */
    private static Optional<String> flightStatus(Throwable error) {
        if (!error.getClass().getSimpleName().equals("FlightRuntimeException")) {
            return Optional.empty();
        }
        try {
            Object status = error.getClass().getMethod("status").invoke(error);
            Object code = status.getClass().getMethod("code").invoke(status);
            return Optional.of(((Enum<?>) code).name());
        }
        catch (ReflectiveOperationException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** Whether an UNAVAILABLE came from the client's channel breaking (an I/O error beneath it) rather than from the server. */
    private static boolean brokenChannel(Throwable flight) {
        for (Throwable cause = flight.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return false;
            }
            if (cause instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean reachable() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(settings.address().getHost(), settings.port()), 2000);
            return true;
        }
        catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public String description() {
        return "Dremio at " + settings.address() + " (Nessie source " + settings.source() + ")";
    }

    /**
     * The relation's state from the branch's Iceberg catalog. A view Dremio wrote whose metadata the Iceberg client
     * cannot read (not verified against a real Dremio) counts as unknown: the asset is built again, never skipped wrongly.
     */
    @Override
    public Optional<RelationState> state(String branch, Relation relation) {
        try {
            return relations.state(branch, relation);
        }
        catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Records the fingerprint; one that cannot be written (see {@link #state}) only means the next run builds the asset again. */
    @Override
    public void recordFingerprint(String branch, Relation relation, String fingerprint) {
        try {
            relations.recordFingerprint(branch, relation, fingerprint);
        }
        catch (RuntimeException unwritable) {
            // The next run finds no fingerprint and builds the asset.
        }
    }

    /**
     * Read from the branch's Iceberg catalog; a catalog that cannot answer fails the build rather than passing for a
     * table with no partitions built (which would build every partition again).
     */
    @Override
    public Map<String, String> partitionFingerprints(String branch, Relation relation) {
        return catalog.partitionFingerprints(branch, relation);
    }

    @Override
    public void recordPartitions(String branch, Relation relation, Map<String, String> fingerprints) {
        catalog.recordPartitions(branch, relation, fingerprints);
    }

    @Override
    public void release(String branch) {
        if (branch.equals(io.strata.branch.Branches.MAIN)) {
            return;
        }
        schemas.removeIf(key -> key.startsWith(branch + "\u0000"));
        catalog.release(branch);
        relations.release(branch);
    }

    @Override
    public void close() {
        catalog.close();
        relations.close();
    }
}
