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
import java.util.Optional;

/**
 * The run history: runs, what each built, and what each check found, in an H2 file under
 * {@code .strata/} (opened in auto-server mode, so concurrent commands share it). The schema is created
 * and upgraded by versioned migrations ({@code io/strata/run/migrations/V<n>__*.sql}).
 */
public final class RunStore implements AutoCloseable {
    private static final List<String> MIGRATIONS = List.of("V1__runs.sql");
    private static final Object MIGRATION = new Object();

    private final Connection connection;

    private RunStore(Connection connection) {
        this.connection = connection;
    }

    /** The store of a project: {@code <project>/.strata/runs.mv.db}. */
    public static RunStore open(Path stateDirectory) {
        try {
            Files.createDirectories(stateDirectory);
            // WRITE_DELAY=0: every commit reaches the file at once, so a killed runner's RUNNING row survives it
            // and is found abandoned later (with H2's default delay a kill within ~0.5 s lost it).
            Connection connection = DriverManager.getConnection("jdbc:h2:file:" + stateDirectory.toAbsolutePath().resolve("runs")
                    + ";AUTO_SERVER=TRUE;WRITE_DELAY=0", "strata", "");
            RunStore store = new RunStore(connection);
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
    public synchronized void started(String id, String branch, String selection, Instant at) {
        update("INSERT INTO runs (id, branch, status, selection, started_at, pid, host) VALUES (?, ?, 'RUNNING', ?, ?, ?, ?)",
                id, branch, selection, Timestamp.from(at), ProcessHandle.current().pid(), host());
    }

    public synchronized void finished(RunResult result) {
        update("UPDATE runs SET status = ?, finished_at = CURRENT_TIMESTAMP, merged_commit = ?, reason = ? WHERE id = ?",
                result.outcome().name(), result.mergedCommit().orElse(null), result.reason().map(RunStore::clip).orElse(null), result.id());
        for (AssetRun asset : result.assets()) {
            update("INSERT INTO materializations VALUES (?, ?, ?, ?, ?, ?, ?)", result.id(), asset.key().toString(), asset.status().name(),
                    asset.materialization(), asset.rows().isPresent() ? asset.rows().getAsLong() : null, asset.duration().toMillis(),
                    asset.error().map(RunStore::clip).orElse(null));
        }
        for (CheckResult check : result.checks()) {
            update("MERGE INTO check_results KEY (run_id, name) VALUES (?, ?, ?, ?, ?, ?, ?)", result.id(), check.name(), check.asset().toString(),
                    check.outcome().name(), check.failures(), clip(check.sample().toString()), check.storedIn().orElse(null));
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
                             Optional<String> mergedCommit, Optional<String> reason, long built, long failed, long skipped,
                             long checksFailed) {
    }

    /** One asset of {@code strata runs show}. */
    public record MaterializationRecord(String assetKey, String status, String materialization, Optional<Long> rows, long durationMillis,
                                        Optional<String> error) {
    }

    /** One check of {@code strata runs show}. */
    public record CheckRecord(String name, String assetKey, String outcome, long failures, String sample) {
    }

    public synchronized List<RunSummary> list(int limit) {
        List<RunSummary> runs = new ArrayList<>();
        query("SELECT r.id, r.branch, r.status, r.started_at, r.finished_at, r.merged_commit, r.reason,"
                + " (SELECT COUNT(*) FROM materializations m WHERE m.run_id = r.id AND m.status = 'SUCCESS'),"
                + " (SELECT COUNT(*) FROM materializations m WHERE m.run_id = r.id AND m.status = 'FAILED'),"
                + " (SELECT COUNT(*) FROM materializations m WHERE m.run_id = r.id AND m.status = 'SKIPPED'),"
                + " (SELECT COUNT(*) FROM check_results c WHERE c.run_id = r.id AND c.outcome = 'FAIL')"
                + " FROM runs r ORDER BY r.started_at DESC, r.id DESC LIMIT " + limit, rows -> {
            Instant started = rows.getTimestamp(4).toInstant();
            Optional<Instant> finished = Optional.ofNullable(rows.getTimestamp(5)).map(Timestamp::toInstant);
            runs.add(new RunSummary(rows.getString(1), rows.getString(2), rows.getString(3), started,
                    finished.map(end -> Duration.between(started, end)), Optional.ofNullable(rows.getString(6)),
                    Optional.ofNullable(rows.getString(7)), rows.getLong(8), rows.getLong(9), rows.getLong(10), rows.getLong(11)));
        });
        return runs;
    }

    public synchronized Optional<RunSummary> find(String id) {
        return list(Integer.MAX_VALUE).stream().filter(run -> run.id().equals(id)).findFirst();
    }

    public synchronized Optional<RunSummary> latestOnBranch(String branch) {
        return list(Integer.MAX_VALUE).stream().filter(run -> run.branch().equals(branch)).findFirst();
    }

    public synchronized List<MaterializationRecord> materializations(String runId) {
        List<MaterializationRecord> records = new ArrayList<>();
        query("SELECT asset_key, status, materialization, row_count, duration_ms, error FROM materializations WHERE run_id = ? ORDER BY asset_key",
                rows -> records.add(new MaterializationRecord(rows.getString(1), rows.getString(2), rows.getString(3),
                        Optional.ofNullable((Long) rows.getObject(4)), rows.getLong(5), Optional.ofNullable(rows.getString(6)))), runId);
        return records;
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
