package io.strata.ui;

import io.strata.project.ProjectFile;
import io.strata.schedule.Firing;
import io.strata.schedule.ScheduleReader;
import io.strata.schedule.Scheduling;
import io.strata.service.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fires the project's schedules and sensors while the server runs (unless its settings turn them off): stores the
 * declarations in the schedules' store when it starts and again whenever the project file changes, then lets Quartz fire
 * them. A project file changed into invalid schedules keeps the last valid ones firing (with
 * {@code --ignore-invalid-schedules}, the valid ones of the new file) and says why in the log.
 */
@Component
final class ScheduleService implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleService.class);
    /** How often the project file is looked at for changes. */
    private static final long WATCH_MILLIS = 2_000;

    private final Workspace workspace;
    private final ServerSettings settings;
    private ScheduledExecutorService watcher;
    private volatile boolean running;
    private Object seen;

    ScheduleService(Workspace workspace, ServerSettings settings) {
        this.workspace = workspace;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        running = true;
        if (settings.schedules() == ServerSettings.Schedules.OFF) {
            return;
        }
        seen = stamp();
        sync();
        workspace.startSchedules(ScheduleService::log);
        watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "strata-schedules-watch");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(this::syncIfChanged, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void syncIfChanged() {
        try {
            Object now = stamp();
            if (!Objects.equals(now, seen)) {
                seen = now;
                sync();
            }
        }
        catch (RuntimeException e) {
            LOG.warn("Schedules not updated: {}", e.getMessage());
        }
    }

    private void sync() {
        ScheduleReader.Review review = workspace.reviewSchedules();
        review.errors().forEach(error -> LOG.warn("{}", error));
        if (!review.errors().isEmpty() && settings.schedules() == ServerSettings.Schedules.ON) {
            LOG.warn("Schedules not updated: {} invalid schedule(s) or sensor(s) in the project file; the last valid ones still fire",
                    review.errors().size());
            return;
        }
        Scheduling.Sync sync = workspace.syncSchedules(review.valid());
        if (!sync.isEmpty()) {
            LOG.info("Schedules updated: added {}, changed {}, removed {}", sync.added(), sync.changed(), sync.removed());
        }
        LOG.info("{} schedule(s) and {} sensor(s) fire{}", review.valid().schedules().size(), review.valid().sensors().size(),
                review.errors().isEmpty() ? "" : "; " + review.errors().size() + " invalid one(s) left out");
    }

    /** The project file's size and time: a change of either is a change of the file. */
    private Object stamp() {
        Path file = ProjectFile.locate(workspace.root());
        try {
            return java.util.List.of(Files.size(file), Files.getLastModifiedTime(file));
        }
        catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void log(Firing.Tick tick) {
        switch (tick.outcome()) {
            case STARTED -> LOG.info("{}: {}", tick.name(), tick.message());
            case SKIPPED -> LOG.info("{}: {}", tick.name(), tick.message());
            case FAILED -> LOG.warn("{}: tick failed: {}", tick.name(), tick.message());
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (watcher != null) {
            watcher.shutdownNow();
        }
        // The workspace stops Quartz when it closes.
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
