package io.strata.run;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;

import javax.sql.DataSource;

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

import static java.util.Objects.requireNonNull;

/**
 * The run history: runs, what each built, what each check found, and the events of each run. By default an
 * H2 file under {@code .strata/} (opened in auto-server mode, so concurrent commands share it); a profile's
 * {@code run_store:} puts it in PostgreSQL, where a team's runners, UI and scheduler share one history. The
 * schema is the same on both, created and upgraded by versioned migrations
 * ({@code io/strata/run/migrations/V<n>__*.sql}, plain SQL both databases accept).
 * <p>
 * Safe for many threads: each call borrows a connection from a small pool (or from the DataSource a server
 * gives), so readers do not wait behind a writer; a run's outcome, assets and checks are written in one
 * transaction.
 */
public final class RunStore implements AutoCloseable {
    /**
     * The migration that makes the Quartz job store's tables (the schedules of {@code strata serve}): the statements of
     * Quartz's own script for the database, shipped in its jar, without the script's {@code DROP}s.
     */
    static final String QUARTZ_TABLES = "V5__quartz_tables";
    static final List<String> MIGRATIONS = List.of("V1__runs.sql", "V2__events.sql", "V3__check_errors.sql",
            "V4__triggers_and_live_status.sql", QUARTZ_TABLES, "V6__partition_builds.sql", "V7__merge_pending.sql");
    private static final Object MIGRATION = new Object();
    /** The PostgreSQL advisory lock that serializes migrations of one database between processes. */
    private static final long MIGRATION_LOCK = 0x5374726174614dL;

    private final DataSource dataSource;
    /** The pool this store made, closed with it; empty when the caller gave the DataSource and owns it. */
    private final Optional<HikariDataSource> pool;
    /** Outcomes of runs not written because the database did not answer; written before the next use of the store. */
    private final java.util.Queue<Transaction> unwritten = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final String description;

    private RunStore(DataSource dataSource, Optional<HikariDataSource> pool, String description) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
        this.pool = pool;
        this.description = requireNonNull(description, "description");
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
        String problem = "cannot open the run store in " + stateDirectory + ": ";
        try {
            Files.createDirectories(stateDirectory);
        }
        catch (IOException e) {
            throw new RunException(problem + e.getMessage(), e);
        }
        // WRITE_DELAY=0: every commit reaches the file at once, so a killed runner's RUNNING row survives it
        // and is found abandoned later (with H2's default delay a kill within ~0.5 s lost it).
        // A few connections: commands and a server in one process read while a run writes.
        // retry: H2 opens the file again when an interrupted thread (a stopping scheduler, Ctrl-C) closed it mid-write,
        // instead of closing the database for every other thread.
        HikariDataSource pool = pool("jdbc:h2:retry:" + stateDirectory.toAbsolutePath().resolve("runs") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0",
                "strata", "", 4, problem);
        RunStore store = new RunStore(pool, Optional.of(pool), stateDirectory.resolve("runs.mv.db").toString());
        // Two commands may open a new store at once: one migrates, the other then finds it done.
        synchronized (MIGRATION) {
            try (FileChannel channel = FileChannel.open(stateDirectory.resolve("runs.migrating"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                store.migrate();
            }
            catch (IOException | SQLException e) {
                pool.close();
                throw new RunException(problem + e.getMessage(), e);
            }
        }
        return store;
    }

    /** A store in PostgreSQL; the database must exist, its tables are made by the migrations. */
    public static RunStore postgres(String url, String user, String password) {
        HikariDataSource pool = pool(url, user, password, 8, "cannot open the run store " + url + ": ");
        return migrated(pool, Optional.of(pool), url);
    }

    /**
     * A store on a DataSource the caller owns (a server shares one between the run store and the Quartz job
     * store): its tables are made by the migrations, and {@link #close()} leaves the DataSource open. On
     * PostgreSQL the migrations are serialized between processes (an advisory lock), on other databases
     * between the threads of this process only.
     *
     * @param description where the store is, for messages: a file or a JDBC URL
     */
    public static RunStore on(DataSource dataSource, String description) {
        return migrated(dataSource, Optional.empty(), description);
    }

    private static RunStore migrated(DataSource dataSource, Optional<HikariDataSource> pool, String description) {
        RunStore store = new RunStore(dataSource, pool, description);
        try {
            store.migrate();
            return store;
        }
        catch (IOException | SQLException e) {
            pool.ifPresent(HikariDataSource::close);
            throw new RunException("cannot open the run store " + description + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource pool(String url, String user, String password, int size, String problem) {
        HikariConfig configuration = new HikariConfig();
        configuration.setPoolName("strata-run-store");
        configuration.setJdbcUrl(url);
        configuration.setUsername(user);
        configuration.setPassword(password);
        configuration.setMaximumPoolSize(size);
        // A command opens the store for a moment: one connection up front, more only when readers come together.
        configuration.setMinimumIdle(1);
        // A database that stopped answering fails a read or write within seconds, naming it, not after Hikari's 30 s.
        configuration.setConnectionTimeout(5_000);
        try {
            return new HikariDataSource(configuration);
        }
        catch (RuntimeException e) {
            // Hikari wraps what the driver said (no such database, authentication failed) in its own words.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RunException(problem + cause.getMessage(), e);
        }
    }

    /** Where the store is: its file or its JDBC URL. */
    public String description() {
        return description;
    }

    private void migrate() throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                // On H2 the caller of open() also holds the file lock; this covers threads of one process.
                synchronized (MIGRATION) {
                    migrate(connection);
                }
                return;
            }
            try (Statement statement = connection.createStatement()) {
                // Session-level advisory lock: runners starting together against a new database migrate one at a time.
                statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
                try {
                    migrate(connection);
                }
                finally {
                    statement.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
                }
            }
        }
    }

    private static void migrate(Connection connection) throws SQLException, IOException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            int current;
            try (ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                rows.next();
                current = rows.getInt(1);
            }
            for (int version = current + 1; version <= MIGRATIONS.size(); version++) {
                String name = MIGRATIONS.get(version - 1);
                String resource = name.equals(QUARTZ_TABLES) ? quartzScript(connection) : "migrations/" + name;
                try (InputStream script = RunStore.class.getResourceAsStream(resource)) {
                    if (script == null) {
                        throw new IOException("missing migration " + name);
                    }
                    String sql = new String(script.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)--.*$", "");
                    for (String part : sql.split(";")) {
                        String head = part.strip().toUpperCase(java.util.Locale.ROOT);
                        if (!head.isEmpty() && !head.startsWith("DROP ") && !head.equals("COMMIT")) {
                            statement.execute(part);
                        }
                    }
                }
                statement.execute("INSERT INTO schema_version VALUES (" + version + ", CURRENT_TIMESTAMP)");
            }
        }
    }

    private static String quartzScript(Connection connection) throws SQLException {
        String database = connection.getMetaData().getDatabaseProductName();
        return "/org/quartz/impl/jdbcjobstore/" + (database.equals("PostgreSQL") ? "tables_postgres.sql" : "tables_h2.sql");
    }

    /** The database the store is in, for the Quartz job store that keeps the schedules beside the runs. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * A run that has started; left RUNNING if the process dies, until {@link #abandonDead()} notices (or, once it
     * started its merge, {@link #unsettledMerges()}).
     */
    public void started(String id, String branch, String selection, Instant at) {
        started(id, branch, selection, at, RunRequest.CLI);
    }

    /** A run that has started, and who started it ({@code cli}, {@code ui}, {@code api}, {@code schedule:NAME}). */
    public void started(String id, String branch, String selection, Instant at, String trigger) {
        started(id, branch, selection, at, ProcessHandle.current().pid(), trigger);
    }

    void started(String id, String branch, String selection, Instant at, long pid) {
        started(id, branch, selection, at, pid, RunRequest.CLI);
    }

    private void started(String id, String branch, String selection, Instant at, long pid, String trigger) {
        update("INSERT INTO runs (id, branch, status, selection, started_at, pid, host, run_trigger) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                id, branch, RunStatus.RUNNING.name(), selection, stored(at), pid, host(), trigger);
    }

    /** One line of a run's log; {@code sequence} orders the events of a run. */
    public void event(String runId, long sequence, Instant at, String level, Optional<String> assetKey, String message) {
        event(runId, sequence, at, level, assetKey, Optional.empty(), message);
    }

    /** One line of a run's log that also says where an asset stands ({@link EventRecord#assetStatus()}). */
    public void event(String runId, long sequence, Instant at, String level, Optional<String> assetKey, Optional<String> assetStatus,
                      String message) {
        update("INSERT INTO run_events (run_id, seq, occurred_at, level, asset_key, asset_status, message) VALUES (?, ?, ?, ?, ?, ?, ?)",
                runId, sequence, Timestamp.from(at), level, assetKey.orElse(null), assetStatus.orElse(null), clip(message));
    }

    /** The run's outcome, what it built and what its checks found, written together: a reader sees all or none. */
    public void finished(RunResult result) {
        outcome(connection -> {
            execute(connection, "UPDATE runs SET status = ?, finished_at = CURRENT_TIMESTAMP, merged_commit = ?, reason = ?, merge_pending = FALSE"
                            + " WHERE id = ?",
                    RunStatus.of(result.outcome()).name(), result.mergedCommit().orElse(null), result.reason().map(RunStore::clip).orElse(null),
                    result.id());
            results(connection, result);
        });
    }

    /** What the run built and what its checks found; written again (a run recorded as merging, then finished), it replaces. */
    private static void results(Connection connection, RunResult result) throws SQLException {
        execute(connection, "DELETE FROM materializations WHERE run_id = ?", result.id());
        for (AssetRun asset : result.assets()) {
            execute(connection, "INSERT INTO materializations (run_id, asset_key, status, materialization, row_count, duration_ms, error, attempts,"
                    + " details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", result.id(), asset.key().toString(), asset.status().name(),
                    asset.materialization().label(), asset.rows().isPresent() ? asset.rows().getAsLong() : null, asset.duration().toMillis(),
                    asset.error().map(RunStore::clip).orElse(null), asset.attempts(), asset.details().isEmpty() ? null : clip(details(asset.details())));
        }
        for (CheckResult check : result.checks()) {
            // A check name is unique in a run; writing it again replaces it.
            execute(connection, "DELETE FROM check_results WHERE run_id = ? AND name = ?", result.id(), check.name());
            execute(connection, "INSERT INTO check_results (run_id, name, asset_key, outcome, failures, sample, stored_in, error)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", result.id(), check.name(), check.asset().toString(), check.outcome().name(),
                    check.failures(), clip(check.sample().toString()), check.storedIn().orElse(null), check.error().map(RunStore::clip).orElse(null));
        }
    }

    /** A run that stopped on an error of its own (the engine failed it). */
    public void failed(String id, String reason) {
        stopped(id, RunStatus.FAILED, reason);
    }

    /** A run the user stopped before it finished; {@code reason} says who or why. */
    public void cancelled(String id, String reason) {
        stopped(id, RunStatus.CANCELLED, reason);
    }

    private void stopped(String id, RunStatus status, String reason) {
        outcome(connection -> execute(connection, "UPDATE runs SET status = ?, finished_at = CURRENT_TIMESTAMP, reason = ? WHERE id = ?",
                status.name(), clip(reason), id));
    }

    /**
     * Writes a run's outcome; when the database does not answer, the write is kept and made before any later use of
     * this store (a server's next request once the database is back), and the failure is thrown.
     */
    private void outcome(Transaction write) {
        try {
            inTransaction(write);
        }
        catch (RunException e) {
            if (e.getCause() instanceof SQLException cause && stoppedAnswering(cause)) {
                unwritten.add(write);
            }
            throw e;
        }
    }

    /** The outcomes kept while the database did not answer, written now, in order; those it still refuses stay. */
    private void writeUnwritten() {
        synchronized (unwritten) {
            while (!unwritten.isEmpty()) {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    unwritten.peek().run(connection);
                    connection.commit();
                    unwritten.poll();
                }
                catch (SQLException e) {
                    throw failure("write", e);
                }
            }
        }
    }

    /** A failure of the database's connection (refused, reset, timed out, shut down), not of a statement. */
    private static boolean stoppedAnswering(SQLException e) {
        String state = e.getSQLState();
        return e instanceof java.sql.SQLTransientConnectionException || e instanceof java.sql.SQLNonTransientConnectionException
                || state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
    }

    /** What to say of a failed read or write: the database that stopped answering, named with its address, or the error. */
    private RunException failure(String doing, SQLException e) {
        if (stoppedAnswering(e)) {
            // What the driver or the pool said is in the cause, shown with --debug.
            return new RunException("the run store (" + where() + ") stopped answering", e);
        }
        return new RunException("cannot " + doing + " the run store: " + e.getMessage(), e);
    }

    /** {@code PostgreSQL at host:port} for a PostgreSQL store, otherwise the store's description. */
    private String where() {
        java.util.regex.Matcher postgres = java.util.regex.Pattern.compile("jdbc:postgresql://([^/?]+)").matcher(description);
        return postgres.lookingAt() ? "PostgreSQL at " + postgres.group(1) : description;
    }

    /**
     * The run is about to merge its branch into main: until {@link #finished} records the outcome, the run is one
     * {@link #unsettledMerges()} lists if its process ends or it is recorded {@link #failed}.
     */
    public void merging(String id) {
        update("UPDATE runs SET merge_pending = TRUE WHERE id = ?", id);
    }

    /**
     * As {@link #merging(String)}, with what the run built and what its checks found written in the same transaction:
     * a run that main's log settles later as merged shows them too.
     */
    public void merging(RunResult built) {
        inTransaction(connection -> {
            results(connection, built);
            execute(connection, "UPDATE runs SET merge_pending = TRUE WHERE id = ?", built.id());
        });
    }

    /**
     * Marks RUNNING runs of this host whose process is gone as ABANDONED, but for those that had started their merge
     * (main's log settles those: {@link #unsettledMerges()}); returns how many.
     */
    public int abandonDead() {
        int abandoned = 0;
        for (String id : deadRuns(false)) {
            // Still RUNNING: another command may have marked it between the read and this write.
            abandoned += update("UPDATE runs SET status = ?, reason = 'the process running it ended before it finished; main was not changed'"
                    + " WHERE id = ? AND status = ? AND merge_pending = FALSE", RunStatus.ABANDONED.name(), id, RunStatus.RUNNING.name());
        }
        return abandoned;
    }

    /** RUNNING runs of this host whose process is gone, with or without a merge started. */
    private List<String> deadRuns(boolean mergePending) {
        List<String> dead = new ArrayList<>();
        query("SELECT id, pid FROM runs WHERE status = ? AND host = ? AND merge_pending = ?", rows -> {
            if (ProcessHandle.of(rows.getLong(2)).filter(ProcessHandle::isAlive).isEmpty()) {
                dead.add(rows.getString(1));
            }
        }, RunStatus.RUNNING.name(), host(), mergePending);
        return dead;
    }

    /**
     * The runs that started their merge and did not record its outcome: RUNNING runs of this host whose process is
     * gone, and runs recorded as failed while their merge was in doubt (Nessie gave no answer). Main's log says
     * whether each merged: {@link #mergedLate} or {@link #notMerged}.
     */
    public List<String> unsettledMerges() {
        List<String> runs = new ArrayList<>(deadRuns(true));
        query("SELECT id FROM runs WHERE merge_pending = TRUE AND status <> ?", rows -> runs.add(rows.getString(1)), RunStatus.RUNNING.name());
        return runs;
    }

    /** An unsettled run whose merge commit is on main: recorded MERGED with that commit; false if it was settled meanwhile. */
    public boolean mergedLate(String id, String commit) {
        String merged = "merged into main at " + commit;
        // The old status says why the merge was not recorded when it was made; both CASEs read the row as it was.
        return update("UPDATE runs SET status = ?, merged_commit = ?, reason = CASE WHEN status = ? THEN ? ELSE ? END,"
                        + " finished_at = COALESCE(finished_at, CURRENT_TIMESTAMP), merge_pending = FALSE WHERE id = ? AND merge_pending = TRUE",
                RunStatus.MERGED.name(), commit, RunStatus.RUNNING.name(), merged + "; the process ended before it recorded the merge",
                merged + "; the merge got no answer when it was made and was found on main afterwards", id) == 1;
    }

    /**
     * An unsettled run whose merge commit is not on main: a RUNNING one is ABANDONED, a failed one keeps its status and
     * reason; false if it was settled meanwhile.
     */
    public boolean notMerged(String id) {
        return update("UPDATE runs SET status = CASE WHEN status = ? THEN ? ELSE status END, reason = CASE WHEN status = ? THEN ? ELSE reason END,"
                        + " merge_pending = FALSE WHERE id = ? AND merge_pending = TRUE", RunStatus.RUNNING.name(), RunStatus.ABANDONED.name(),
                RunStatus.RUNNING.name(), "the process running it ended during its merge; the merge is not on main, main was not changed", id) == 1;
    }

    /** One line of {@code strata runs}; {@code trigger} says who started it ({@code cli}, {@code ui}, {@code api}, {@code schedule:NAME}). */
    public record RunSummary(String id, String branch, RunStatus status, Instant startedAt, Optional<Duration> duration,
                             Optional<String> mergedCommit, Optional<String> reason, long built, long upToDate, long failed, long skipped,
                             long checksFailed, String trigger, String selection) {
    }

    /**
     * Which runs to list: with {@code status} only those, with {@code before} only those started earlier (the
     * next page of a list), with {@code trigger} only those it started ({@code schedule:NAME}), newest first, at most
     * {@code limit}.
     */
    public record RunQuery(Optional<RunStatus> status, Optional<Instant> before, Optional<String> trigger, int limit) {
        public RunQuery {
            requireNonNull(status, "status");
            requireNonNull(before, "before");
            requireNonNull(trigger, "trigger");
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1");
            }
        }
    }

    /** One materialization of an asset, with the run it was part of. */
    public record AssetHistoryRecord(String runId, Instant runStartedAt, RunStatus runStatus, String trigger, AssetRun.Status status,
                                     Optional<Long> rows, long durationMillis, Optional<String> error) {
    }

    /**
     * Where an asset stands after its latest event: {@code status} is an {@link AssetRun.Status} name,
     * {@link #RUNNING} while it builds, or {@link #CHECK_FAILED} when it was built and an error check failed.
     */
    public record AssetStatusRecord(String assetKey, String status, String runId, RunStatus runStatus, Instant at) {
        public static final String RUNNING = "RUNNING";
        public static final String CHECK_FAILED = "CHECK_FAILED";
    }

    /** One asset of {@code strata runs show}; {@code details} are what its builder counted (ingestion: rows read, rejected…). */
    public record MaterializationRecord(String assetKey, AssetRun.Status status, String materialization, Optional<Long> rows, long durationMillis,
                                        Optional<String> error, int attempts, Map<String, Object> details) {
    }

    /** One line of a run's log; {@code assetStatus} as in {@link AssetStatusRecord#status()} on an asset's start and end. */
    public record EventRecord(long sequence, Instant at, String level, Optional<String> assetKey, Optional<String> assetStatus, String message) {
    }

    /** The checks of one asset as one run found them. */
    public record CheckedRun(String runId, List<CheckRecord> checks) {
        public CheckedRun {
            requireNonNull(runId, "runId");
            checks = List.copyOf(checks);
        }
    }

    /** One check of {@code strata runs show}. */
    public record CheckRecord(String name, String assetKey, CheckOutcome outcome, long failures, String sample, Optional<String> error) {
    }

    public List<RunSummary> list(int limit) {
        return summaries("", limit);
    }

    public List<RunSummary> list(RunQuery query) {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        query.status().ifPresent(status -> {
            conditions.add("r.status = ?");
            parameters.add(status.name());
        });
        query.before().ifPresent(before -> {
            conditions.add("r.started_at < ?");
            parameters.add(stored(before));
        });
        query.trigger().ifPresent(trigger -> {
            conditions.add("r.run_trigger = ?");
            parameters.add(trigger);
        });
        return summaries(conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions), query.limit(), parameters.toArray());
    }

    /**
     * A time as both databases keep it, to the microsecond: a page's {@code before} (a start time this store handed out)
     * then compares equal to the start it names, and a start written with nanoseconds cannot sort after it.
     */
    private static Timestamp stored(Instant at) {
        return Timestamp.from(at.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    /** The asset's materializations, newest first. */
    public List<AssetHistoryRecord> history(String assetKey, int limit) {
        List<AssetHistoryRecord> records = new ArrayList<>();
        query("SELECT r.id, r.started_at, r.status, r.run_trigger, m.status, m.row_count, m.duration_ms, m.error FROM materializations m"
                        + " JOIN runs r ON r.id = m.run_id WHERE m.asset_key = ? ORDER BY r.started_at DESC, r.id DESC LIMIT " + limit,
                rows -> records.add(new AssetHistoryRecord(rows.getString(1), rows.getTimestamp(2).toInstant(), constant(RunStatus.class, rows.getString(3)),
                        rows.getString(4), constant(AssetRun.Status.class, rows.getString(5)), Optional.ofNullable((Long) rows.getObject(6)),
                        rows.getLong(7), Optional.ofNullable(rows.getString(8)))), assetKey);
        return records;
    }

    /** The asset's checks as the latest run that checked it found them, with that run; empty when no run checked it. */
    public Optional<CheckedRun> latestChecks(String assetKey) {
        List<CheckRecord> records = new ArrayList<>();
        List<String> runIds = new ArrayList<>();
        query("SELECT c.name, c.asset_key, c.outcome, c.failures, c.sample, c.error, c.run_id FROM check_results c WHERE c.asset_key = ? AND c.run_id ="
                        + " (SELECT r.id FROM runs r JOIN check_results l ON l.run_id = r.id WHERE l.asset_key = ? ORDER BY r.started_at DESC, r.id DESC"
                        + " LIMIT 1) ORDER BY c.name",
                rows -> {
                    records.add(new CheckRecord(rows.getString(1), rows.getString(2), constant(CheckOutcome.class, rows.getString(3)),
                            rows.getLong(4), rows.getString(5), Optional.ofNullable(rows.getString(6))));
                    runIds.add(rows.getString(7));
                }, assetKey, assetKey);
        return runIds.isEmpty() ? Optional.empty() : Optional.of(new CheckedRun(runIds.getFirst(), records));
    }

    /**
     * Every asset's status after its latest event in the last {@code runs} runs (one that was building when its run
     * ended without finishing it is said as {@code FAILED}), by asset key.
     */
    public Map<String, AssetStatusRecord> assetStatuses(int runs) {
        Map<String, AssetStatusRecord> statuses = new java.util.LinkedHashMap<>();
        // The latest event of each asset, picked by the database: the lineage page polls this, one row per asset comes back.
        query("SELECT asset_key, asset_status, run_id, run_status, occurred_at FROM ("
                        + "SELECT e.asset_key, e.asset_status, e.run_id, r.status AS run_status, e.occurred_at,"
                        + " ROW_NUMBER() OVER (PARTITION BY e.asset_key ORDER BY e.occurred_at DESC, e.seq DESC) AS latest"
                        + " FROM run_events e JOIN runs r ON r.id = e.run_id"
                        + " WHERE e.asset_status IS NOT NULL AND e.run_id IN (SELECT id FROM runs ORDER BY started_at DESC LIMIT " + runs + ")"
                        + ") latest_events WHERE latest = 1 ORDER BY asset_key",
                rows -> {
                    RunStatus runStatus = constant(RunStatus.class, rows.getString(4));
                    String status = rows.getString(2);
                    if (status.equals(AssetStatusRecord.RUNNING) && runStatus != RunStatus.RUNNING) {
                        status = AssetRun.Status.FAILED.name();
                    }
                    statuses.put(rows.getString(1), new AssetStatusRecord(rows.getString(1), status, rows.getString(3), runStatus,
                            rows.getTimestamp(5).toInstant()));
                });
        return statuses;
    }

    /** The merged run that last changed a partition on main, with the fingerprint it left. */
    public record PartitionBuild(String runId, Instant mergedAt, String fingerprint) {
    }

    /**
     * Records the partitions of an asset as main holds them after run {@code runId} merged: each partition whose
     * fingerprint is not the one recorded before is attributed to the run.
     */
    public void recordPartitions(String assetKey, Map<String, String> fingerprints, String runId, Instant mergedAt) {
        Map<String, PartitionBuild> before = partitionBuilds(assetKey);
        inTransaction(connection -> {
            for (Map.Entry<String, String> partition : fingerprints.entrySet()) {
                PartitionBuild was = before.get(partition.getKey());
                if (was != null && was.fingerprint().equals(partition.getValue())) {
                    continue;
                }
                execute(connection, "DELETE FROM partition_builds WHERE asset_key = ? AND partition_key = ?", assetKey, partition.getKey());
                execute(connection, "INSERT INTO partition_builds (asset_key, partition_key, fingerprint, run_id, merged_at) VALUES (?, ?, ?, ?, ?)",
                        assetKey, partition.getKey(), partition.getValue(), runId, java.sql.Timestamp.from(mergedAt));
            }
        });
    }

    /** The partitions of an asset on main, by key, with the merged run that last changed each; empty before any merge recorded them. */
    public Map<String, PartitionBuild> partitionBuilds(String assetKey) {
        Map<String, PartitionBuild> builds = new java.util.HashMap<>();
        query("SELECT partition_key, run_id, merged_at, fingerprint FROM partition_builds WHERE asset_key = ?",
                rows -> builds.put(rows.getString(1), new PartitionBuild(rows.getString(2), rows.getTimestamp(3).toInstant(), rows.getString(4))),
                assetKey);
        return builds;
    }

    /** The run's events after sequence {@code after}, in order, at most {@code limit}. */
    public List<EventRecord> events(String runId, long after, int limit) {
        List<EventRecord> records = new ArrayList<>();
        query("SELECT seq, occurred_at, level, asset_key, asset_status, message FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT " + limit,
                rows -> records.add(event(rows)), runId, after);
        return records;
    }

    private static EventRecord event(ResultSet rows) throws SQLException {
        return new EventRecord(rows.getLong(1), rows.getTimestamp(2).toInstant(), rows.getString(3), Optional.ofNullable(rows.getString(4)),
                Optional.ofNullable(rows.getString(5)), rows.getString(6));
    }

    public Optional<RunSummary> find(String id) {
        return summaries("WHERE r.id = ?", 1, id).stream().findFirst();
    }

    public Optional<RunSummary> latestOnBranch(String branch) {
        return summaries("WHERE r.branch = ?", 1, branch).stream().findFirst();
    }

    /** Runs matching {@code where} (a clause on {@code runs r}), newest first. */
    private List<RunSummary> summaries(String where, int limit, Object... parameters) {
        List<RunSummary> runs = new ArrayList<>();
        query("SELECT r.id, r.branch, r.status, r.started_at, r.finished_at, r.merged_commit, r.reason, r.run_trigger, r.selection, "
                + count(AssetRun.Status.SUCCESS) + ", " + count(AssetRun.Status.UP_TO_DATE) + ", " + count(AssetRun.Status.FAILED) + ", "
                + count(AssetRun.Status.SKIPPED) + ","
                + " (SELECT COUNT(*) FROM check_results c WHERE c.run_id = r.id AND c.outcome = '" + CheckOutcome.FAIL.name() + "')"
                + " FROM runs r " + where + " ORDER BY r.started_at DESC, r.id DESC LIMIT " + limit, rows -> {
            Instant started = rows.getTimestamp(4).toInstant();
            Optional<Instant> finished = Optional.ofNullable(rows.getTimestamp(5)).map(Timestamp::toInstant);
            runs.add(new RunSummary(rows.getString(1), rows.getString(2), constant(RunStatus.class, rows.getString(3)), started,
                    finished.map(end -> Duration.between(started, end)), Optional.ofNullable(rows.getString(6)),
                    Optional.ofNullable(rows.getString(7)), rows.getLong(10), rows.getLong(11), rows.getLong(12), rows.getLong(13),
                    rows.getLong(14), rows.getString(8), rows.getString(9)));
        }, parameters);
        return runs;
    }

    /** How many assets of run {@code r} ended with {@code status}. */
    private static String count(AssetRun.Status status) {
        return "(SELECT COUNT(*) FROM materializations m WHERE m.run_id = r.id AND m.status = '" + status.name() + "')";
    }

    public List<MaterializationRecord> materializations(String runId) {
        List<MaterializationRecord> records = new ArrayList<>();
        query("SELECT asset_key, status, materialization, row_count, duration_ms, error, attempts, details FROM materializations"
                        + " WHERE run_id = ? ORDER BY asset_key",
                rows -> records.add(new MaterializationRecord(rows.getString(1), constant(AssetRun.Status.class, rows.getString(2)),
                        rows.getString(3), Optional.ofNullable((Long) rows.getObject(4)), rows.getLong(5), Optional.ofNullable(rows.getString(6)),
                        rows.getInt(7), parseDetails(rows.getString(8)))), runId);
        return records;
    }

    public List<EventRecord> events(String runId) {
        List<EventRecord> records = new ArrayList<>();
        query("SELECT seq, occurred_at, level, asset_key, asset_status, message FROM run_events WHERE run_id = ? ORDER BY seq",
                rows -> records.add(event(rows)), runId);
        return records;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Details as a JSON object: counts, measures, text and flags by name. */
    private static String details(Map<String, Object> details) {
        try {
            return JSON.writeValueAsString(details);
        }
        catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("details cannot be kept: " + e.getMessage(), e);
        }
    }

    /** Details as kept: a JSON object, or {@code key=count} pairs separated by commas as runs recorded them before. */
    private static Map<String, Object> parseDetails(String text) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return details;
        }
        if (text.startsWith("{")) {
            try {
                JSON.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() {
                }).forEach((key, value) -> details.put(key, value instanceof Integer number ? Long.valueOf(number) : value));
            }
            catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                details.put("unreadable", text);
            }
            return details;
        }
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            details.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
        }
        return details;
    }

    public List<CheckRecord> checks(String runId) {
        List<CheckRecord> records = new ArrayList<>();
        query("SELECT name, asset_key, outcome, failures, sample, error FROM check_results WHERE run_id = ? ORDER BY asset_key, name",
                rows -> records.add(new CheckRecord(rows.getString(1), rows.getString(2), constant(CheckOutcome.class, rows.getString(3)),
                        rows.getLong(4), rows.getString(5), Optional.ofNullable(rows.getString(6)))), runId);
        return records;
    }

    /** A status column's value as its enum constant. */
    private static <E extends Enum<E>> E constant(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        }
        catch (IllegalArgumentException e) {
            // A store shared by several Strata versions may hold a status only a newer one knows.
            throw new RunException("the run store holds " + type.getSimpleName() + " '" + name + "', which this version of Strata does not know;"
                    + " upgrade Strata", e);
        }
    }

    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    /** Statements on one connection that commit together, or not at all. */
    private interface Transaction {
        void run(Connection connection) throws SQLException;
    }

    private void query(String sql, RowReader reader, Object... parameters) {
        if (!unwritten.isEmpty()) {
            writeUnwritten();
        }
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        }
        catch (SQLException e) {
            throw failure("read", e);
        }
    }

    /** One statement, committed on its own; how many rows it changed. */
    private int update(String sql, Object... parameters) {
        if (!unwritten.isEmpty()) {
            writeUnwritten();
        }
        try (Connection connection = dataSource.getConnection()) {
            return execute(connection, sql, parameters);
        }
        catch (SQLException e) {
            throw failure("write", e);
        }
    }

    private void inTransaction(Transaction transaction) {
        if (!unwritten.isEmpty()) {
            writeUnwritten();
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                transaction.run(connection);
                connection.commit();
            }
            catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                }
                catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
        catch (SQLException e) {
            throw failure("write", e);
        }
    }

    private static int execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
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

    /** Closes the pool this store made; a DataSource given to {@link #on} stays open for its owner. */
    @Override
    public void close() {
        pool.ifPresent(HikariDataSource::close);
    }
}
