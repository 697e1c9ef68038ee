package io.strata.schedule;

import io.strata.run.RunException;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.PersistJobDataAfterExecution;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * A project's schedules and sensors in Quartz's JDBC job store, in the run store's database (tables made by the run
 * store's migrations). Clustered: any number of {@code strata serve} processes of one project on one database fire each
 * tick once, and pauses are rows of the store, so they survive restarts and are seen by every process. A CLI command
 * opens it without {@link #start() starting} it, to pause or resume.
 * <p>
 * Each schedule is a job with one cron trigger, each sensor a job with one interval trigger. A trigger's group is the
 * trigger its runs are recorded with ({@code schedule:NAME}, {@code sensor:NAME}): a pause is of that group, which
 * Quartz keeps even while the trigger is replaced by a changed declaration. Jobs never run twice at once (one tick of a
 * schedule waits behind another, in the whole cluster).
 */
public final class Scheduling implements AutoCloseable {
    static final String SCHEDULES = "schedules";
    static final String SENSORS = "sensors";
    /** A tick this late (downtime, every worker busy) is a misfire: run once or skipped by the schedule's policy. */
    static final long MISFIRE_THRESHOLD_MILLIS = 5_000;
    private static final String FIRING = "strata.firing";
    private static final String LISTENER = "strata.listener";
    private static final String TICKS = "strata.ticks";
    private static final String FINGERPRINT = "fingerprint";
    private static final String CURSOR = "cursor";
    private static final AtomicInteger DATA_SOURCES = new AtomicInteger();

    private final Scheduler quartz;
    private final DataSource dataSource;
    private final String schedulerName;
    private final String instance;
    private final Map<String, Firing.Tick> ticks = new ConcurrentHashMap<>();

    private Scheduling(Scheduler quartz, DataSource dataSource, String schedulerName, String instance) {
        this.quartz = quartz;
        this.dataSource = dataSource;
        this.schedulerName = schedulerName;
        this.instance = instance;
    }

    /**
     * The schedules of the project named, in the store on {@code dataSource}; nothing fires until {@link #start()}.
     *
     * @param instance this process among the cluster's, unique (host and process)
     * @param listener told of every tick, for the log
     */
    public static Scheduling open(DataSource dataSource, String project, String instance, Firing firing, Consumer<Firing.Tick> listener) {
        requireNonNull(dataSource, "dataSource");
        String dataSourceName = "strata-" + DATA_SOURCES.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // The DataSource is the run store's, closed with it.
            }

            @Override
            public void initialize() {
            }
        });
        String schedulerName = ("strata:" + project).length() > 120 ? ("strata:" + project).substring(0, 120) : "strata:" + project;
        Properties properties = new Properties();
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, schedulerName);
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, instance);
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
        // How long a scheduler that found nothing due waits before it looks again (Quartz's default is 30 s): ticks that a
        // stopped server of the cluster hands back are fired by another within 5 s, for one query on the store per wait.
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_IDLE_WAIT_TIME, "5000");
        properties.setProperty("org.quartz.threadPool.threadCount", "4");
        properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.impl.jdbcjobstore.JobStoreTX");
        properties.setProperty("org.quartz.jobStore.driverDelegateClass", postgres(dataSource)
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        properties.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        properties.setProperty("org.quartz.jobStore.isClustered", "true");
        properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
        properties.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(MISFIRE_THRESHOLD_MILLIS));
        // Trigger acquisition under the store's lock: two processes never acquire the same tick.
        properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        try {
            Scheduler quartz = new StdSchedulerFactory(properties).getScheduler();
            // The repository hands one scheduler per name to a whole JVM; each Scheduling keeps its own.
            SchedulerRepository.getInstance().remove(schedulerName);
            Scheduling scheduling = new Scheduling(quartz, dataSource, schedulerName, instance);
            quartz.getContext().put(FIRING, requireNonNull(firing, "firing"));
            quartz.getContext().put(LISTENER, requireNonNull(listener, "listener"));
            quartz.getContext().put(TICKS, scheduling.ticks);
            return scheduling;
        }
        catch (SchedulerException e) {
            throw new RunException("cannot open the schedules' store: " + e.getMessage(), e);
        }
    }

    private static boolean postgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
        }
        catch (SQLException e) {
            throw new RunException("cannot open the schedules' store: " + e.getMessage(), e);
        }
    }

    /** What a sync changed in the store. */
    public record Sync(List<String> added, List<String> changed, List<String> removed) {
        public Sync {
            added = List.copyOf(added);
            changed = List.copyOf(changed);
            removed = List.copyOf(removed);
        }

        public boolean isEmpty() {
            return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
        }
    }

    /**
     * Makes the store hold exactly the enabled declarations: new ones added, ones whose timing changed replaced (their
     * pause kept), the others removed. An unchanged one keeps its trigger, so ticks missed while no server ran are
     * found as misfires.
     */
    public synchronized Sync sync(Schedules declared) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        try {
            Set<JobKey> stale = new HashSet<>(quartz.getJobKeys(GroupMatcher.jobGroupEquals(SCHEDULES)));
            stale.addAll(quartz.getJobKeys(GroupMatcher.jobGroupEquals(SENSORS)));
            for (Schedule schedule : declared.schedules()) {
                if (!schedule.enabled()) {
                    continue;
                }
                JobKey key = JobKey.jobKey(schedule.name(), SCHEDULES);
                stale.remove(key);
                String fingerprint = schedule.cron() + "|" + schedule.timezone().getId() + "|" + schedule.misfire();
                CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(schedule.cron()).inTimeZone(TimeZone.getTimeZone(schedule.timezone()));
                cron = schedule.misfire() == Schedule.Misfire.RUN_ONCE ? cron.withMisfireHandlingInstructionFireAndProceed()
                        : cron.withMisfireHandlingInstructionDoNothing();
                store(key, ScheduleJob.class, fingerprint, schedule.trigger(), cron, added, changed);
            }
            for (Sensor sensor : declared.sensors()) {
                if (!sensor.enabled()) {
                    continue;
                }
                JobKey key = JobKey.jobKey(sensor.name(), SENSORS);
                stale.remove(key);
                SimpleScheduleBuilder every = SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(sensor.every().toMillis())
                        .repeatForever().withMisfireHandlingInstructionNextWithRemainingCount();
                store(key, SensorJob.class, "every " + sensor.every().toMillis(), sensor.trigger(), every, added, changed);
            }
            for (JobKey key : stale) {
                quartz.deleteJob(key);
                // A schedule declared again later starts unpaused.
                quartz.resumeTriggers(GroupMatcher.triggerGroupEquals(group(key)));
                removed.add(key.getName());
            }
        }
        catch (SchedulerException e) {
            throw new RunException("cannot store the schedules: " + e.getMessage(), e);
        }
        return new Sync(added, changed, removed);
    }

    private void store(JobKey key, Class<? extends Job> type, String fingerprint, String group,
                       org.quartz.ScheduleBuilder<? extends Trigger> timing, List<String> added, List<String> changed) throws SchedulerException {
        JobDetail existing = quartz.getJobDetail(key);
        if (existing != null && fingerprint.equals(existing.getJobDataMap().getString(FINGERPRINT)) && existing.getJobClass() == type) {
            return;
        }
        JobDataMap data = new JobDataMap();
        data.put(FINGERPRINT, fingerprint);
        if (existing != null && existing.getJobDataMap().containsKey(CURSOR)) {
            data.put(CURSOR, existing.getJobDataMap().getString(CURSOR));
        }
        JobDetail job = JobBuilder.newJob(type).withIdentity(key).usingJobData(data).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key.getName(), group).forJob(key).withSchedule(timing).startNow().build();
        quartz.scheduleJob(job, Set.of(trigger), true);
        (existing == null ? added : changed).add(key.getName());
    }

    private static String group(JobKey key) {
        return (key.getGroup().equals(SCHEDULES) ? "schedule:" : "sensor:") + key.getName();
    }

    /** Fires the stored triggers from now on (a server); a command that only pauses and resumes never starts it. */
    public void start() {
        try {
            quartz.start();
        }
        catch (SchedulerException e) {
            throw new RunException("cannot start the schedules: " + e.getMessage(), e);
        }
    }

    /** Pauses a schedule or sensor by its trigger ({@code schedule:NAME}); kept in the store, for every process, until resumed. */
    public void pause(String trigger) {
        try {
            quartz.pauseTriggers(GroupMatcher.triggerGroupEquals(trigger));
        }
        catch (SchedulerException e) {
            throw new RunException("cannot pause " + trigger + ": " + e.getMessage(), e);
        }
    }

    /** Resumes a paused schedule or sensor; a tick it missed while paused is handled by its misfire policy. */
    public void resume(String trigger) {
        try {
            quartz.resumeTriggers(GroupMatcher.triggerGroupEquals(trigger));
        }
        catch (SchedulerException e) {
            throw new RunException("cannot resume " + trigger + ": " + e.getMessage(), e);
        }
    }

    /** Where a schedule or sensor stands in the store. */
    public record State(boolean stored, boolean paused, Optional<Instant> nextFire, Optional<Instant> previousFire) {
    }

    /** The state of the schedule or sensor whose trigger is given ({@code schedule:NAME}). */
    public State state(String trigger) {
        try {
            boolean paused = quartz.getPausedTriggerGroups().contains(trigger);
            Set<TriggerKey> keys = quartz.getTriggerKeys(GroupMatcher.triggerGroupEquals(trigger));
            if (keys.isEmpty()) {
                return new State(false, paused, Optional.empty(), Optional.empty());
            }
            Trigger stored = quartz.getTrigger(keys.iterator().next());
            if (stored == null) {
                return new State(false, paused, Optional.empty(), Optional.empty());
            }
            paused = paused || quartz.getTriggerState(stored.getKey()) == Trigger.TriggerState.PAUSED;
            return new State(true, paused, paused ? Optional.empty() : Optional.ofNullable(stored.getNextFireTime()).map(java.util.Date::toInstant),
                    Optional.ofNullable(stored.getPreviousFireTime()).map(java.util.Date::toInstant));
        }
        catch (SchedulerException e) {
            throw new RunException("cannot read the schedules' store: " + e.getMessage(), e);
        }
    }

    /** The last tick of each schedule and sensor this process fired, by name. */
    public Map<String, Firing.Tick> ticks() {
        return Map.copyOf(ticks);
    }

    /**
     * Stops firing; a run a tick started goes on in the workspace that started it. A tick that waits behind a run (a
     * {@code queue} schedule) gives up, and the ticks this process had acquired are handed back to the cluster at once
     * (Quartz would leave them to another server's failure detection, some fifteen seconds later).
     */
    @Override
    public void close() {
        try {
            quartz.standby();
            for (JobExecutionContext going : quartz.getCurrentlyExecutingJobs()) {
                if (going.getJobInstance() instanceof InterruptableJob) {
                    quartz.interrupt(going.getFireInstanceId());
                }
            }
            quartz.shutdown(true);
            handBack();
        }
        catch (SchedulerException | SQLException e) {
            throw new RunException("cannot stop the schedules: " + e.getMessage(), e);
        }
    }

    /** What Quartz's cluster recovery does for a failed server, done by this one as it stops: its acquired triggers waiting again. */
    private void handBack() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                // Under the lock every server takes to acquire triggers.
                update(connection, "SELECT * FROM QRTZ_LOCKS WHERE SCHED_NAME = ? AND LOCK_NAME = 'TRIGGER_ACCESS' FOR UPDATE", false);
                update(connection, "UPDATE QRTZ_TRIGGERS SET TRIGGER_STATE = 'WAITING' WHERE SCHED_NAME = ? AND TRIGGER_STATE = 'ACQUIRED'"
                        + " AND EXISTS (SELECT 1 FROM QRTZ_FIRED_TRIGGERS f WHERE f.SCHED_NAME = QRTZ_TRIGGERS.SCHED_NAME"
                        + " AND f.TRIGGER_NAME = QRTZ_TRIGGERS.TRIGGER_NAME AND f.TRIGGER_GROUP = QRTZ_TRIGGERS.TRIGGER_GROUP AND f.INSTANCE_NAME = ?)", true);
                update(connection, "DELETE FROM QRTZ_FIRED_TRIGGERS WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?", true);
                update(connection, "DELETE FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?", true);
                connection.commit();
            }
            catch (SQLException e) {
                connection.rollback();
                throw e;
            }
            finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private void update(Connection connection, String sql, boolean withInstance) throws SQLException {
        try (java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schedulerName);
            if (withInstance) {
                statement.setString(2, instance);
            }
            statement.execute();
        }
    }

    /**
     * A tick of a schedule. Never two at once: a tick of a {@code queue} schedule that waits holds the next behind it.
     * Interrupted (the server stops), a waiting tick gives up. (Not by interrupting its thread: an interrupt in the
     * middle of the run store's file I/O would close the H2 file.)
     */
    @DisallowConcurrentExecution
    public static final class ScheduleJob implements InterruptableJob {
        private volatile boolean stopping;

        @Override
        public void execute(JobExecutionContext context) {
            String name = context.getJobDetail().getKey().getName();
            tick(context, name, firing -> firing.schedule(name, context.getScheduledFireTime().toInstant(), () -> stopping));
        }

        @Override
        public void interrupt() {
            stopping = true;
        }
    }

    /** A tick of a sensor; its cursor is kept in the job's data, in the store. */
    @DisallowConcurrentExecution
    @PersistJobDataAfterExecution
    public static final class SensorJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            String name = context.getJobDetail().getKey().getName();
            JobDataMap data = context.getJobDetail().getJobDataMap();
            Firing.Tick tick = tick(context, name, firing -> firing.sensor(name, Optional.ofNullable(data.getString(CURSOR))));
            tick.cursor().ifPresent(cursor -> data.put(CURSOR, cursor));
        }
    }

    @SuppressWarnings("unchecked")
    private static Firing.Tick tick(JobExecutionContext context, String name, java.util.function.Function<Firing, Firing.Tick> action) {
        Map<String, Object> shared;
        try {
            shared = context.getScheduler().getContext();
        }
        catch (SchedulerException e) {
            throw new IllegalStateException("the scheduler's context is gone", e);
        }
        Firing.Tick tick;
        try {
            tick = action.apply((Firing) shared.get(FIRING));
        }
        catch (RuntimeException e) {
            // A tick that fails (the project no longer compiles, the lake is down) is told; the next tick tries again.
            tick = Firing.Tick.failed(name, e.getMessage() == null ? e.toString() : e.getMessage(), Optional.empty());
        }
        ((Map<String, Firing.Tick>) shared.get(TICKS)).put(name, tick);
        ((Consumer<Firing.Tick>) shared.get(LISTENER)).accept(tick);
        return tick;
    }
}
