package io.strata.service;

import io.strata.run.RunStore;
import io.strata.schedule.Firing;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A schedule or sensor with where it stands, for {@code strata schedules}, the REST API and the UI.
 *
 * @param trigger what its runs are recorded with ({@code schedule:NAME}, {@code sensor:NAME})
 * @param timing when it fires, in words ({@code cron 0 0/10 * * * ? UTC}, {@code every 60s, watching ingest:x})
 * @param nextFire when it fires next; empty while paused or disabled
 * @param lastRun its latest run, from any process
 * @param lastTick what its last tick in this process did (a server's), empty before one
 */
public record ScheduleStatus(String name, Kind kind, String trigger, String timing, String select, boolean enabled, boolean paused,
                             Optional<Instant> nextFire, Optional<RunStore.RunSummary> lastRun, Optional<Firing.Tick> lastTick) {
    public enum Kind { SCHEDULE, SENSOR }

    public ScheduleStatus {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        requireNonNull(nextFire, "nextFire");
        requireNonNull(lastRun, "lastRun");
        requireNonNull(lastTick, "lastTick");
    }

    /** A duration as a project file writes it: 90s, 10m, 2h, 1d. */
    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
