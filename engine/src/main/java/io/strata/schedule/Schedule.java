package io.strata.schedule;

import io.strata.project.Location;
import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

import static java.util.Objects.requireNonNull;

/**
 * A run on a clock, declared under {@code schedules:} in the project file: the selection (the CLI's syntax) is
 * materialized whenever the Quartz cron expression fires in its time zone, as a run of its own branch, merged only
 * when its checks pass.
 *
 * @param overlap what a tick does while the previous run of this schedule still goes
 * @param misfire what happens to ticks missed while no server ran: one run for all of them, or none
 */
public record Schedule(String name, String cron, ZoneId timezone, String select, String exclude, Map<String, Object> vars,
                       Optional<String> profile, boolean fullRefresh, boolean enabled, Overlap overlap, Misfire misfire, Location location,
                       Optional<String> partition) {
    /** While the previous run of the same schedule goes, a tick is skipped or queued behind it. */
    public enum Overlap { SKIP, QUEUE }

    /** Ticks missed during downtime: run once, or skip to the next tick. */
    public enum Misfire { RUN_ONCE, SKIP }

    /** A schedule that builds what is missing or stale of its partitioned assets (no {@code partition:}). */
    public Schedule(String name, String cron, ZoneId timezone, String select, String exclude, Map<String, Object> vars,
                    Optional<String> profile, boolean fullRefresh, boolean enabled, Overlap overlap, Misfire misfire, Location location) {
        this(name, cron, timezone, select, exclude, vars, profile, fullRefresh, enabled, overlap, misfire, location, Optional.empty());
    }

    public Schedule {
        requireNonNull(partition, "partition");
        requireNonNull(name, "name");
        requireNonNull(cron, "cron");
        requireNonNull(timezone, "timezone");
        requireNonNull(select, "select");
        requireNonNull(exclude, "exclude");
        vars = Map.copyOf(vars);
        requireNonNull(profile, "profile");
        requireNonNull(overlap, "overlap");
        requireNonNull(misfire, "misfire");
        requireNonNull(location, "location");
    }

    /** The trigger its runs are recorded with. */
    public String trigger() {
        return "schedule:" + name;
    }

    /** When the schedule fires next after {@code after}; empty for an expression that never fires again. */
    public Optional<Instant> nextFire(Instant after) {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone(timezone));
            return Optional.ofNullable(expression.getNextValidTimeAfter(Date.from(after))).map(Date::toInstant);
        }
        catch (ParseException e) {
            throw new IllegalStateException("a schedule is made only with a valid cron expression", e);
        }
    }
}
