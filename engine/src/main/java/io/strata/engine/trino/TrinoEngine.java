package io.strata.engine.trino;

import io.strata.lake.IcebergRelations;
import io.strata.lake.RelationState;
import io.strata.engine.Failure;
import io.strata.engine.SchemaChange;
import io.strata.engine.SeedData;
import io.strata.engine.Materialized;
import io.strata.engine.Engine;
import io.strata.branch.Branches;
import io.strata.graph.Asset;
import io.strata.project.Materialization;
import io.strata.project.Relation;
import io.strata.project.SnapshotConfig;
import io.strata.lake.LakeEndpoints;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Trino over Iceberg tables in Nessie. Trino cannot address a Nessie branch per table, so each branch
 * gets its own catalog ({@code lake} for main, {@code branch_<name>} otherwise) created through the
 * Iceberg REST endpoint of that branch and dropped when the branch is released.
 */
public final class TrinoEngine implements Engine {
    /** The catalog that reads and writes main. */
    public static final String MAIN_CATALOG = "lake";
    private static final int SEED_BATCH = 500;

    private final LakeEndpoints endpoints;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Set<String> schemas = new java.util.HashSet<>();
    private final IcebergRelations relations;

    public TrinoEngine(LakeEndpoints endpoints) {
        this.endpoints = endpoints;
        this.relations = new IcebergRelations(endpoints);
    }

    /** The catalog that reads and writes a branch. */
    public static String catalogOf(String branch) {
        if (branch.equals(Branches.MAIN)) {
            return MAIN_CATALOG;
        }
        return "branch_" + branch.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    @Override
    public java.util.Optional<LakeEndpoints> lake() {
        return java.util.Optional.of(endpoints);
    }

    @Override
    public Connection connect(String branch) throws SQLException {
        String catalog = catalogOf(branch);
        ensureCatalog(branch, catalog);
        Properties properties = connectionProperties();
        properties.setProperty("catalog", catalog);
        return open(properties);
    }

    /**
     * Creates the branch's catalog unless Trino has it already. Serialized: assets of one run build in
     * parallel and all ask for the same catalog at first.
     */
    public synchronized void ensureCatalog(String branch, String catalog) throws SQLException {
        if (known.contains(catalog)) {
            return;
        }
        try (Connection connection = plainConnection(); Statement statement = connection.createStatement()) {
            boolean exists = false;
            try (ResultSet catalogs = statement.executeQuery("SHOW CATALOGS")) {
                while (catalogs.next()) {
                    exists |= catalogs.getString(1).equals(catalog);
                }
            }
            if (!exists) {
                createCatalog(statement, branch, catalog);
            }
        }
        known.add(catalog);
    }

    private void createCatalog(Statement statement, String branch, String catalog) throws SQLException {
        try {
            statement.execute("CREATE CATALOG " + catalog + " USING iceberg WITH ("
                        + "\"iceberg.catalog.type\" = 'rest', "
                        + "\"iceberg.rest-catalog.uri\" = '" + endpoints.icebergCatalog(branch) + "', "
                        + "\"fs.native-s3.enabled\" = 'true', "
                        + "\"s3.endpoint\" = '" + endpoints.objectStore() + "', "
                        + "\"s3.path-style-access\" = 'true', "
                        + "\"s3.region\" = 'us-east-1', "
                        + "\"s3.aws-access-key\" = '" + endpoints.accessKey() + "', "
                        + "\"s3.aws-secret-key\" = '" + endpoints.secretKey() + "')");
        }
        catch (SQLException e) {
            // Another process (another strata command on the same stack) made it meanwhile.
            if (e.getMessage() == null || !e.getMessage().contains("already exists")) {
                throw e;
            }
        }
    }

    @Override
    public Materialized materialize(String branch, Asset model, boolean fullRefresh) throws SQLException {
        long started = System.nanoTime();
        Materialization materialization = model.materialization();
        if (materialization == Materialization.EPHEMERAL) {
            return new Materialized(model.key(), materialization, List.of(), OptionalLong.empty(), Duration.ZERO);
        }
        Relation relation = model.relation().orElseThrow(() -> new IllegalArgumentException(model.key() + " has no relation"));
        String sql = model.sql().orElseThrow(() -> new IllegalArgumentException(model.key() + " has no SQL"));
        List<String> statements = new ArrayList<>();
        OptionalLong rows = OptionalLong.empty();
        try (Connection connection = connect(branch); Statement statement = connection.createStatement()) {
            ensureSchema(statement, statements, branch, relation);
            Optional<String> existing = kind(statement, relation);
            switch (materialization) {
                case VIEW -> {
                    if (existing.filter(kind -> !kind.equals("VIEW")).isPresent()) {
                        run(statement, statements, TrinoStatements.drop(relation, false));
                    }
                    run(statement, statements, TrinoStatements.view(relation, sql));
                }
                case TABLE -> rows = replaceTable(statement, statements, relation, sql, existing);
                case INCREMENTAL -> {
                    if (fullRefresh || existing.isEmpty() || existing.get().equals("VIEW")) {
                        rows = replaceTable(statement, statements, relation, sql, existing);
                    }
                    else {
                        rows = increment(statement, statements, relation, sql, model);
                    }
                }
                // A snapshot keeps its history: a full refresh does not replace it, as in dbt.
                case SNAPSHOT -> rows = snapshot(statement, statements, relation, sql, model, existing);
                case EPHEMERAL, SEED, SOURCE, INGEST, CODE ->
                        throw new IllegalArgumentException("materialization '" + materialization.label() + "' of " + model.key() + " is not built by an engine");
            }
        }
        return new Materialized(model.key(), materialization, statements, rows, Duration.ofNanos(System.nanoTime() - started));
    }

    private OptionalLong snapshot(Statement statement, List<String> statements, Relation relation, String sql, Asset model, Optional<String> existing)
            throws SQLException {
        SnapshotConfig config = SnapshotConfig.read(model.config()).config().orElseThrow(() -> new IllegalArgumentException(
                "snapshot " + model.key() + " has no usable config: " + String.join("; ", SnapshotConfig.read(model.config()).errors())));
        boolean view = existing.filter(kind -> kind.equals("VIEW")).isPresent();
        if (view) {
            // A model that became a snapshot: its history starts now.
            run(statement, statements, TrinoStatements.drop(relation, true));
        }
        if (existing.isEmpty() || view) {
            return run(statement, statements, new SnapshotStatements(relation, config, List.of(), Instant.now()).create(sql));
        }
        Map<String, String> query = columnTypes(statement, sql);
        SnapshotStatements snapshot = new SnapshotStatements(relation, config, List.copyOf(query.keySet()), Instant.now());
        for (String addColumn : snapshot.addColumns(columnsOf(statement, "SELECT * FROM " + relation.render()), query)) {
            run(statement, statements, addColumn);
        }
        try {
            OptionalLong rows = OptionalLong.empty();
            for (String update : snapshot.update(sql)) {
                rows = run(statement, statements, update);
            }
            // The last statement inserts the new current versions.
            return rows;
        }
        finally {
            run(statement, statements, TrinoStatements.drop(snapshot.staged(), false));
        }
    }

    private OptionalLong replaceTable(Statement statement, List<String> statements, Relation relation, String sql, Optional<String> existing)
            throws SQLException {
        if (existing.filter(kind -> kind.equals("VIEW")).isPresent()) {
            run(statement, statements, TrinoStatements.drop(relation, true));
        }
        return run(statement, statements, TrinoStatements.replaceTable(relation, sql));
    }

    /**
     * Adds a build's rows to the table. Their columns are compared with the table's first and {@code on_schema_change}
     * decides: the columns written, and the {@code ALTER TABLE}s before (on the run's branch, like the rows: a build that
     * fails after them leaves main as it was).
     */
    private OptionalLong increment(Statement statement, List<String> statements, Relation relation, String sql, Asset model) throws SQLException {
        List<SchemaChange.Column> incoming = typedColumnsOf(statement, sql);
        List<SchemaChange.Column> held = typedColumnsOf(statement, "SELECT * FROM " + relation.render());
        SchemaChange.Plan plan = SchemaChange.between(held, incoming, TrinoStatements::storedType)
                .plan(model.config().onSchemaChange(), relation.render(), incoming, TrinoStatements.alterations(relation));
        for (String alteration : plan.alterations()) {
            run(statement, statements, alteration);
        }
        List<String> columns = plan.columns();
        List<String> uniqueKey = model.config().uniqueKey();
        return switch (model.config().incrementalStrategy()) {
            case APPEND -> run(statement, statements, TrinoStatements.append(relation, sql, columns));
            case MERGE -> run(statement, statements, TrinoStatements.merge(relation, sql, columns, uniqueKey));
            case DELETE_INSERT -> {
                // The new rows are fixed first: the model's own is_incremental() filter reads the target,
                // which the delete changes.
                Relation staged = new Relation(relation.schema(), relation.identifier() + "__strata_new");
                String stagedRows = "SELECT * FROM " + staged.render();
                try {
                    run(statement, statements, TrinoStatements.replaceTable(staged, sql));
                    run(statement, statements, TrinoStatements.deleteMatching(relation, stagedRows, uniqueKey));
                    yield run(statement, statements, TrinoStatements.append(relation, stagedRows, columns));
                }
                finally {
                    run(statement, statements, TrinoStatements.drop(staged, false));
                }
            }
        };
    }

    /** The query's columns with their Trino types, from its result metadata (Trino plans it without reading data). */
    private static Map<String, String> columnTypes(Statement statement, String sql) throws SQLException {
        try (ResultSet empty = statement.executeQuery("SELECT * FROM (\n" + sql + "\n) AS strata_columns LIMIT 0")) {
            Map<String, String> columns = new LinkedHashMap<>();
            for (int i = 1; i <= empty.getMetaData().getColumnCount(); i++) {
                columns.put(empty.getMetaData().getColumnLabel(i), empty.getMetaData().getColumnTypeName(i));
            }
            return columns;
        }
    }

    /** The query's column names, from its result metadata (Trino plans it without reading data). */
    private static List<String> columnsOf(Statement statement, String sql) throws SQLException {
        return List.copyOf(columnTypes(statement, sql).keySet());
    }

    /** The query's columns and their types, as a schema change compares them. */
    private static List<SchemaChange.Column> typedColumnsOf(Statement statement, String sql) throws SQLException {
        return columnTypes(statement, sql).entrySet().stream().map(column -> new SchemaChange.Column(column.getKey(), column.getValue())).toList();
    }

    @Override
    public Materialized loadSeed(String branch, Asset seed, SeedData data) throws SQLException {
        long started = System.nanoTime();
        Relation relation = seed.relation().orElseThrow(() -> new IllegalArgumentException(seed.key() + " has no relation"));
        List<String> statements = new ArrayList<>();
        try (Connection connection = connect(branch); Statement statement = connection.createStatement()) {
            ensureSchema(statement, statements, branch, relation);
            StringBuilder create = new StringBuilder("CREATE OR REPLACE TABLE " + relation.render() + " (");
            for (int i = 0; i < data.columns().size(); i++) {
                create.append(i == 0 ? "" : ", ").append(data.column(i)).append(' ').append(data.types().get(i));
            }
            run(statement, statements, create.append(')').toString());
            for (int start = 0; start < data.rows().size(); start += SEED_BATCH) {
                StringBuilder insert = new StringBuilder("INSERT INTO " + relation.render() + " VALUES ");
                List<List<String>> batch = data.rows().subList(start, Math.min(start + SEED_BATCH, data.rows().size()));
                for (int row = 0; row < batch.size(); row++) {
                    insert.append(row == 0 ? "(" : ", (");
                    for (int column = 0; column < data.columns().size(); column++) {
                        insert.append(column == 0 ? "" : ", ").append(data.literal(batch.get(row).get(column), column));
                    }
                    insert.append(')');
                }
                run(statement, statements, insert.toString());
            }
        }
        return new Materialized(seed.key(), Materialization.SEED, statements, OptionalLong.of(data.rows().size()), Duration.ofNanos(System.nanoTime() - started));
    }

    @Override
    public void createSchema(String branch, Relation relation) throws SQLException {
        try (Connection connection = connect(branch); Statement statement = connection.createStatement()) {
            ensureSchema(statement, new java.util.ArrayList<>(), branch, relation);
        }
    }

    /**
     * Creates the relation's schema once per branch. Serialized: "IF NOT EXISTS" is not atomic against
     * Nessie, and a run's assets build in parallel.
     */
    private void ensureSchema(Statement statement, List<String> statements, String branch, Relation relation) throws SQLException {
        String key = branch + "\u0000" + relation.schema();
        synchronized (schemas) {
            if (schemas.contains(key)) {
                return;
            }
            try {
                run(statement, statements, TrinoStatements.createSchema(relation));
            }
            catch (SQLException e) {
                if (e.getMessage() == null || !e.getMessage().contains("already exists")) {
                    throw e;
                }
            }
            schemas.add(key);
        }
    }

    @Override
    public boolean exists(String branch, Relation relation) throws SQLException {
        try (Connection connection = connect(branch); Statement statement = connection.createStatement()) {
            return kind(statement, relation).isPresent();
        }
    }

    /** {@code BASE TABLE}, {@code VIEW}, or empty when the relation does not exist on the branch. */
    private static Optional<String> kind(Statement statement, Relation relation) throws SQLException {
        String query = "SELECT table_type FROM information_schema.tables WHERE table_schema = '" + relation.schema().replace("'", "''")
                + "' AND table_name = '" + relation.identifier().replace("'", "''") + "'";
        try (ResultSet rows = statement.executeQuery(query)) {
            return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
        }
    }

    private static OptionalLong run(Statement statement, List<String> statements, String sql) throws SQLException {
        statements.add(sql);
        statement.execute(sql);
        long count = statement.getLargeUpdateCount();
        return count >= 0 ? OptionalLong.of(count) : OptionalLong.empty();
    }

    @Override
    public void prepareMerge(String branch, java.util.Collection<Relation> views) {
        TrinoViews.pointAtMain(endpoints, branch, views);
    }

    /**
     * Trino's error codes that mean the cluster, not the statement, failed (see io.trino.spi.StandardErrorCode):
     * too many failed requests, page transport errors, no nodes, a remote task failed, server shutting down or
     * starting up, abandoned task, remote host gone, insufficient resources, queue full, cluster out of memory,
     * administratively preempted. Limits a query exceeds (time, CPU, memory per query) are permanent.
     */
    private static final java.util.Set<Integer> TRANSIENT_CODES = java.util.Set.of(65537, 65539, 65540, 65541, 65542, 65545, 65548, 65553,
            65558, 131072, 131074, 131076, 131080);

    @Override
    public Failure classify(SQLException error) {
        if (error.getMessage() != null && error.getMessage().startsWith("Query failed") && TRANSIENT_CODES.contains(error.getErrorCode())) {
            return Failure.TRANSIENT;
        }
        Failure failure = Failure.PERMANENT;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                // Refused before anything was sent (the driver wraps it in UncheckedIOException): nothing ran.
                return Failure.TRANSIENT;
            }
            if (cause instanceof java.io.IOException || cause instanceof java.io.UncheckedIOException) {
                failure = Failure.CONNECTION_LOST;
            }
        }
        return failure;
    }

    @Override
    public void release(String branch) throws SQLException {
        if (branch.equals(Branches.MAIN)) {
            return;
        }
        String catalog = catalogOf(branch);
        try (Connection connection = plainConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP CATALOG IF EXISTS " + catalog);
        }
        known.remove(catalog);
        relations.release(branch);
    }

    private Connection plainConnection() throws SQLException {
        return open(connectionProperties());
    }

    private Connection open(Properties properties) throws SQLException {
        Connection connection = DriverManager.getConnection(endpoints.trinoJdbcUrl(), properties);
        // The driver's window for retrying a request that gets no answer; without it a statement waits on a dead Trino for days.
        connection.setNetworkTimeout(Runnable::run, (int) REQUEST_TIMEOUT.toMillis());
        return connection;
    }

    /**
     * How long the driver keeps trying a request that gets no answer before it reports the error (without a
     * network timeout it tries for days: a run hung when Trino died). A slow but live Trino answers within
     * this; a lost request is then retried by the runner's policy.
     */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public boolean reachable() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(endpoints.trino().getHost(), port()), 2000);
            return true;
        }
        catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public String description() {
        return "Trino at " + endpoints.trino();
    }

    private int port() {
        boolean https = "https".equalsIgnoreCase(endpoints.trino().getScheme());
        return endpoints.trino().getPort() > 0 ? endpoints.trino().getPort() : https ? 443 : 8080;
    }

    private Properties connectionProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", endpoints.trinoUser());
        endpoints.trinoPassword().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("source", "strata");
        return properties;
    }

    @Override
    public java.util.Optional<RelationState> state(String branch, Relation relation) {
        return relations.state(branch, relation);
    }

    @Override
    public java.util.Optional<io.strata.engine.DiffStatements> diffStatements() {
        return java.util.Optional.of(new TrinoDiffStatements());
    }

    @Override
    public void recordFingerprint(String branch, Relation relation, String fingerprint) {
        relations.recordFingerprint(branch, relation, fingerprint);
    }

    @Override
    public java.util.Map<String, String> partitionFingerprints(String branch, Relation relation) {
        return relations.partitionFingerprints(branch, relation);
    }

    @Override
    public void recordPartitions(String branch, Relation relation, java.util.Map<String, String> fingerprints) {
        relations.recordPartitions(branch, relation, fingerprints);
    }

    @Override
    public Materialized replacePartitions(String branch, Asset model, String sql, String condition, boolean everyPartition) throws SQLException {
        long started = System.nanoTime();
        Relation relation = model.relation().orElseThrow(() -> new IllegalArgumentException(model.key() + " has no relation"));
        List<String> statements = new ArrayList<>();
        OptionalLong rows;
        // The window's rows are fixed in a table of their own first: checked to lie in the window before the target changes.
        Relation staged = new Relation(relation.schema(), relation.identifier() + "__strata_partition");
        String stagedRows = "SELECT * FROM " + staged.render();
        try (Connection connection = connect(branch); Statement statement = connection.createStatement()) {
            ensureSchema(statement, statements, branch, relation);
            Optional<String> existing = kind(statement, relation);
            try {
                run(statement, statements, TrinoStatements.replaceTable(staged, sql));
                String outside = "SELECT count(*) FROM " + staged.render() + " WHERE NOT coalesce(" + condition + ", false)";
                statements.add(outside);
                try (ResultSet counted = statement.executeQuery(outside)) {
                    counted.next();
                    long stray = counted.getLong(1);
                    if (stray > 0) {
                        throw new SQLException("its SQL gave " + stray + (stray == 1 ? " row" : " rows") + " outside the partitions built (" + condition
                                + "): a partitioned model's SQL must keep to its window with partition.start and partition.end; nothing was written");
                    }
                }
                if (everyPartition || existing.isEmpty() || existing.get().equals("VIEW")) {
                    rows = replaceTable(statement, statements, relation, stagedRows, existing);
                }
                else {
                    List<String> columns = columnsOf(statement, stagedRows);
                    List<String> held = columnsOf(statement, "SELECT * FROM " + relation.render());
                    if (!new java.util.HashSet<>(columns).equals(new java.util.HashSet<>(held))) {
                        throw new SQLException(columnsChanged(relation, held, columns));
                    }
                    run(statement, statements, "DELETE FROM " + relation.render() + " WHERE " + condition);
                    rows = run(statement, statements, TrinoStatements.append(relation, stagedRows, columns));
                }
            }
            finally {
                run(statement, statements, TrinoStatements.drop(staged, false));
            }
        }
        return new Materialized(model.key(), model.materialization(), statements, rows, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Why a build of some partitions cannot go on: the table's other partitions have the columns the SQL had before. */
    static String columnsChanged(Relation relation, List<String> held, List<String> columns) {
        List<String> added = columns.stream().filter(column -> !held.contains(column)).toList();
        List<String> removed = held.stream().filter(column -> !columns.contains(column)).toList();
        return "its columns changed (" + (added.isEmpty() ? "" : "new: " + String.join(", ", added))
                + (added.isEmpty() || removed.isEmpty() ? "" : "; ") + (removed.isEmpty() ? "" : "gone: " + String.join(", ", removed))
                + ") while the partitions of " + relation + " not built in this run have the old ones; nothing was written: build every"
                + " partition again with --full-refresh";
    }

    @Override
    public void close() {
        known.clear();
        relations.close();
    }
}
