package io.strata.run;

import io.strata.check.CheckResult;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The run history: runs, what each built, what each check found, and the events of each run. By default an
 * H2 file under {@code .strata/} (opened in auto-server mode, so concurrent commands share it); a profile's
 * {@code run_store:} puts it in PostgreSQL, where a team's runners, UI and scheduler share one history. The
 * schema is the same on both, created and upgraded by versioned migrations
 * ({@code io/strata/run/migrations/V<n>__*.sql}, plain SQL both databases accept).
 */
public final class RunStore implements AutoCloseable {
    private static final List<String> MIGRATIONS = List.of("V1__runs.sql", "V2__events.sql");
    private static final Object MIGRATION = new Object();
    /** The PostgreSQL advisory lock that serializes migrations of one database between processes. */
    private static final long MIGRATION_LOCK = 0x5374726174614dL;

    private final Connection connection;
    private final String description;

    private RunStore(Connection connection, String description) {
        this.connection = connection;
        this.description = description;
    }

    /**
     * The store a profile names: PostgreSQL when it has {@code run_store:}, otherwise the project's H2 file.
     * <pre>
     * run_store:
     *   url: jdbc:postgresql://db.example.com:5432/strata
     *   user: strata                            # default strata
     *   password_env: STRATA_RUN_STORE_PASSWORD # the password comes from the environment, never the file
     * </pre>
     */
    public static RunStore forProfile(io.strata.project.Profile profile, Path projectRoot) {
        return forProfile(profile, projectRoot, System::getenv);
    }

    static RunStore forProfile(io.strata.project.Profile profile, Path projectRoot, java.util.function.Function<String, String> environment) {
        Object setting = profile.settings().get("run_store");
        if (setting == null) {
            return open(projectRoot.resolve(".strata"));
        }
        Map<?, ?> settings = setting instanceof Map<?, ?> map ? map : Map.of("url", setting);
        String url = String.valueOf(settings.get("url"));
        if (settings.get("url") == null || !url.startsWith("jdbc:postgresql:")) {
            throw profileProblem("run_store of profile '" + profile.name() + "' needs url: jdbc:postgresql://host:port/database"
                    + (settings.get("url") == null ? "" : " (it is '" + url + "')"));
        }
        String user = String.valueOf(Objects.requireNonNullElse(settings.get("user"), "strata"));
        String variable = String.valueOf(Objects.requireNonNullElse(settings.get("password_env"), "STRATA_RUN_STORE_PASSWORD"));
        String password = environment.apply(variable);
        if (password == null && settings.containsKey("password_env")) {
            throw profileProblem("run_store of profile '" + profile.name() + "' reads its password from the environment variable "
                    + variable + ", which is not set");
        }
        return postgres(url, user, password == null ? "" : password);
    }

    private static io.strata.project.ProjectException profileProblem(String message) {
        return new io.strata.project.ProjectException(io.strata.project.Diagnostic.error(io.strata.project.Location.of("strata.yml"), message));
    }

    /** The store of a project: {@code <project>/.strata/runs.mv.db}. */
    public static RunStore open(Path stateDirectory) {
        try {
            Files.createDirectories(stateDirectory);
            // WRITE_DELAY=0: every commit reaches the file at once, so a killed runner's RUNNING row survives it
            // and is found abandoned later (with H2's default delay a kill within ~0.5 s lost it).
            Connection connection = DriverManager.getConnection("jdbc:h2:file:" + stateDirectory.toAbsolutePath().resolve("runs")
                    + ";AUTO_SERVER=TRUE;WRITE_DELAY=0", "strata", "");
            RunStore store = new RunStore(connection, stateDirectory.resolve("runs.mv.db").toString());
            // Two commands may open a new store at once: one migrates, the other then finds it done.
            synchronized (MIGRATION) {
                try (FileChannel channel = FileChannel.open(stateDirectory.resolve("runs.migrating"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                    store.migrate();
                }
            }
            return store;
        }
        catch (IOException | SQLException e) {
            throw new RunException("cannot open the run store in " + stateDirectory + ": " + e.getMessage(), e);
        }
    }

    /** A store in PostgreSQL; the database must exist, its tables are made by the migrations. */
    public static RunStore postgres(String url, String user, String password) {
        try {
            Connection connection = DriverManager.getConnection(url, user, password);
            RunStore store = new RunStore(connection, url);
            try (Statement statement = connection.createStatement()) {
                // Session-level advisory lock: runners starting together against a new database migrate one at a time.
                statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
                try {
                    store.migrate();
                }
                finally {
                    statement.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
                }
            }
            return store;
        }
        catch (IOException | SQLException e) {
            throw new RunException("cannot open the run store " + url + ": " + e.getMessage(), e);
        }
    }

    /** Where the store is: its file or its JDBC URL. */
    public String description() {
        return description;
    }

    private synchronized void migrate() throws SQLException, IOException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            int current;
            try (ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                rows.next();
                current = rows.getInt(1);
            }
            for (int version = current + 1; version <= MIGRATIONS.size(); version++) {
                String name = MIGRATIONS.get(version - 1);
                try (InputStream script = RunStore.class.getResourceAsStream("migrations/" + name)) {
                    if (script == null) {
                        throw new IOException("missing migration " + name);
                    }
                    String sql = new String(script.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)--.*$", "");
                    for (String part : sql.split(";")) {
                        if (!part.isBlank()) {
                            statement.execute(part);
                        }
                    }
                }
                statement.execute("INSERT INTO schema_version VALUES (" + version + ", CURRENT_TIMESTAMP)");
            }
        }
    }

    /** A run that has started; left RUNNING if the process dies, until {@link #abandonDead()} notices. */
    public void started(String id, String branch, String selection, Instant at) {
        started(id, branch, selection, at, ProcessHandle.current().pid());
    }

    synchronized void started(String id, String branch, String selection, Instant at, long pid) {
        update("INSERT INTO runs (id, branch, status, selection, started_at, pid, host) VALUES (?, ?, 'RUNNING', ?, ?, ?, ?)",
                id, branch, selection, Timestamp.from(at), pid, host());
    }

    /** One line of a run's log; {@code sequence} orders the events of a run. */
    public synchronized void event(String runId, long sequence, Instant at, String level, Optional<String> assetKey, String message) {
        update("INSERT INTO run_events (run_id, seq, occurred_at, level, asset_key, message) VALUES (?, ?, ?, ?, ?, ?)",
                runId, sequence, Timestamp.from(at), level, assetKey.orElse(null), clip(message));
    }

    public synchronized void finished(RunResult result) {
        update("UPDATE runs SET status = ?, finished_at = CURRENT_TIMESTAMP, merged_commit = ?, reason = ? WHERE id = ?",
                result.outcome().name(), result.mergedCommit().orElse(null), result.reason().map(RunStore::clip).orElse(null), result.id());
        for (AssetRun asset : result.assets()) {
            update("INSERT INTO materializations (run_id, asset_key, status, materialization, row_count, duration_ms, error, attempts, details)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", result.id(), asset.key().toString(), asset.status().name(),
                    asset.materialization(), asset.rows().isPresent() ? asset.rows().getAsLong() : null, asset.duration().toMillis(),
                    asset.error().map(RunStore::clip).orElse(null), asset.attempts(), asset.details().isEmpty() ? null : clip(details(asset.details())));
        }
        for (CheckResult check : result.checks()) {
            // A check name is unique in a run; writing it again (a store re-finishing a run) replaces it.
            update("DELETE FROM check_results WHERE run_id = ? AND name = ?", result.id(), check.name());
            update("INSERT INTO check_results (run_id, name, asset_key, outcome, failures, sample, stored_in) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    result.id(), check.name(), check.asset().toString(), check.outcome().name(), check.failures(), clip(check.sample().toString()),
                    check.storedIn().orElse(null));
        }
    }

    /** A run that stopped on an error of its own (the engine failed it). */
    public synchronized void failed(String id, String reason) {
        update("UPDATE runs SET status = 'FAILED', finished_at = CURRENT_TIMESTAMP, reason = ? WHERE id = ?", clip(reason), id);
    }

    /** Marks RUNNING runs of this host whose process is gone as ABANDONED; returns how many. */
    public synchronized int abandonDead() {
        List<String> dead = new ArrayList<>();
        query("SELECT id, pid FROM runs WHERE status = 'RUNNING' AND host = ?", rows -> {
            if (ProcessHandle.of(rows.getLong(2)).filter(ProcessHandle::isAlive).isEmpty()) {
                dead.add(rows.getString(1));
            }
        }, host());
        for (String id : dead) {
            update("UPDATE runs SET status = 'ABANDONED', reason = 'the process running it ended before it finished; main was not changed'"
                    + " WHERE id = ?", id);
        }
        return dead.size();
    }

    /** One line of {@code strata runs}. */
    public record RunSummary(String id, String branch, String status, Instant startedAt, Optional<Duration> duration,
                             Optional<String> mergedCommit, Optional<String> reason, long built, long upToDate, long failed, long skipped,
                             long checksFailed) {
    }

    /** One asset of {@code strata runs show}; {@code details} are what its builder counted (ingestion: rows read, rejected…). */
    public record MaterializationRecord(String assetKey, String status, String materialization, Optional<Long> rows, long durationMillis,
                                        Optional<String> error, int attempts, Map<String, Long> details) {
    }

    /** One line of a run's log. */
    public record EventRecord(long sequence, Instant at, String level, Optional<String> assetKey, String message) {
    }

    /** One check of {@code strata runs show}. */
    public record CheckRecord(String name, String assetKey, String outcome, long failures, String sample) {
    }

    public synchronized List<RunSummary> list(int limit) {
        return summaries("", limit);
    }

    public synchronized Optional<RunSummary> find(String id) {
        return summaries("WHERE r.id = ?", 1, id).stream().findFirst();
    }

    public synchronized Optional<RunSummary> latestOnBranch(String branch) {
        return summaries("WHERE r.branch = ?", 1, branch).stream().findFirst();
    }

    /** Runs matching {@code where} (a clause on {@code runs r}), newest first. */
    private List<RunSummary> summaries(String where, int limit, Object... parameters) {
        List<RunSummary> runs = new ArrayList<>();
        query("SELECT r.id, r.branch, r.status, r.started_at, r.finished_at, r.merged_commit, r.reason,"
                + " (SELECT COUNT(*) FROM materializations m WHERE m.run_id = r.id AND m.status = 'SUCCESS'),"
                + " (SELECT COUNT(*) FROM materializations m WHERE m.run_id = r.id AND m.status = 'UP_TO_DATE'),"
                + " (SELECT COUNT(*) FROM materializations m WHERE m.run_id = r.id AND m.status = 'FAILED'),"
                + " (SELECT COUNT(*) FROM materializations m WHERE m.run_id = r.id AND m.status = 'SKIPPED'),"
                + " (SELECT COUNT(*) FROM check_results c WHERE c.run_id = r.id AND c.outcome = 'FAIL')"
                + " FROM runs r " + where + " ORDER BY r.started_at DESC, r.id DESC LIMIT " + limit, rows -> {
            Instant started = rows.getTimestamp(4).toInstant();
            Optional<Instant> finished = Optional.ofNullable(rows.getTimestamp(5)).map(Timestamp::toInstant);
            runs.add(new RunSummary(rows.getString(1), rows.getString(2), rows.getString(3), started,
                    finished.map(end -> Duration.between(started, end)), Optional.ofNullable(rows.getString(6)),
                    Optional.ofNullable(rows.getString(7)), rows.getLong(8), rows.getLong(9), rows.getLong(10), rows.getLong(11),
                    rows.getLong(12)));
        }, parameters);
        return runs;
    }

    public synchronized List<MaterializationRecord> materializations(String runId) {
        List<MaterializationRecord> records = new ArrayList<>();
        query("SELECT asset_key, status, materialization, row_count, duration_ms, error, attempts, details FROM materializations"
                        + " WHERE run_id = ? ORDER BY asset_key",
                rows -> records.add(new MaterializationRecord(rows.getString(1), rows.getString(2), rows.getString(3),
                        Optional.ofNullable((Long) rows.getObject(4)), rows.getLong(5), Optional.ofNullable(rows.getString(6)), rows.getInt(7),
                        parseDetails(rows.getString(8)))), runId);
        return records;
    }

    public synchronized List<EventRecord> events(String runId) {
        List<EventRecord> records = new ArrayList<>();
        query("SELECT seq, occurred_at, level, asset_key, message FROM run_events WHERE run_id = ? ORDER BY seq",
                rows -> records.add(new EventRecord(rows.getLong(1), rows.getTimestamp(2).toInstant(), rows.getString(3),
                        Optional.ofNullable(rows.getString(4)), rows.getString(5))), runId);
        return records;
    }

    /** Details as {@code key=value} pairs separated by commas (keys are identifiers, values counts). */
    private static String details(Map<String, Long> details) {
        StringBuilder text = new StringBuilder();
        details.forEach((key, value) -> text.append(text.isEmpty() ? "" : ",").append(key).append('=').append(value));
        return text.toString();
    }

    private static Map<String, Long> parseDetails(String text) {
        Map<String, Long> details = new java.util.LinkedHashMap<>();
        if (text != null && !text.isEmpty()) {
            for (String pair : text.split(",")) {
                int equals = pair.indexOf('=');
                details.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
            }
        }
        return details;
    }

    public synchronized List<CheckRecord> checks(String runId) {
        List<CheckRecord> records = new ArrayList<>();
        query("SELECT name, asset_key, outcome, failures, sample FROM check_results WHERE run_id = ? ORDER BY asset_key, name",
                rows -> records.add(new CheckRecord(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4), rows.getString(5))), runId);
        return records;
    }

    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    private void query(String sql, RowReader reader, Object... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        }
        catch (SQLException e) {
            throw new RunException("cannot read the run store: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.executeUpdate();
        }
        catch (SQLException e) {
            throw new RunException("cannot write the run store: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    private static String clip(String text) {
        return text.length() <= 8000 ? text : text.substring(0, 7990) + " […]";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        }
        catch (SQLException e) {
            throw new RunException("cannot close the run store: " + e.getMessage(), e);
        }
    }
}
