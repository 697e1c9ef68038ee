package io.strata.ui.api;

import io.strata.schedule.Firing;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * A schedule or sensor of the project file with where it stands.
 *
 * @param kind SCHEDULE (fires by its cron) or SENSOR (looks at its source every so often)
 * @param trigger what its runs are recorded with: {@code schedule:NAME} or {@code sensor:NAME}
 * @param timing when it fires, in words: {@code cron 0 0/10 * * * ? UTC}, {@code every 60s, watching ingest:x}
 * @param select the selection its runs build
 * @param enabled false when the project file turns it off
 * @param paused paused in the schedules' store (by the API, the UI or the CLI), for every server until resumed
 * @param nextFire when it fires next; null while paused or disabled, and for a sensor no server has stored yet
 * @param lastRun its latest run, from any process; null before its first
 * @param lastTick what its last tick in this server did; null before one
 */
@Schema(description = "A schedule or sensor with where it stands: paused, its next fire, its last run and last tick.")
public record ScheduleStatus(String name, @Schema(allowableValues = {"SCHEDULE", "SENSOR"}) String kind, String trigger, String timing,
                             String select, boolean enabled, boolean paused, Instant nextFire, RunSummary lastRun, Tick lastTick) {
    static ScheduleStatus of(io.strata.service.ScheduleStatus status) {
        return new ScheduleStatus(status.name(), status.kind().name(), status.trigger(), status.timing(), status.select(), status.enabled(),
                status.paused(), status.nextFire().orElse(null), status.lastRun().map(RunSummary::of).orElse(null),
                status.lastTick().map(Tick::of).orElse(null));
    }

    /**
     * What one tick of a schedule or sensor did.
     *
     * @param outcome STARTED (a run), SKIPPED (nothing new, or a run of it still going) or FAILED
     * @param runId the run it started; null when it started none
     * @param message what happened, in words
     */
    @Schema(name = "ScheduleTick", description = "What one tick of a schedule or sensor did.")
    public record Tick(Instant at, @Schema(allowableValues = {"STARTED", "SKIPPED", "FAILED"}) String outcome, String runId, String message) {
        static Tick of(Firing.Tick tick) {
            return new Tick(tick.at(), tick.outcome().name(), tick.runId().orElse(null), tick.message());
        }
    }
}
