package io.strata.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * What a tick of a schedule or sensor does; Quartz calls it from {@link Scheduling}'s job threads. The workspace
 * implements it by starting the same run the CLI would start.
 */
public interface Firing {
    /**
     * A tick of the schedule named, due at {@code due}: starts its run, or skips or waits by its overlap policy. A tick
     * that waits gives up once {@code stopping} says the server stops.
     */
    Tick schedule(String name, Instant due, java.util.function.BooleanSupplier stopping);

    /**
     * A tick of the sensor named: looks at its source and starts its run when something is new. {@code cursor} is what
     * its last run was started for (empty before the first); the tick's cursor is kept for the next.
     */
    Tick sensor(String name, Optional<String> cursor);

    /**
     * What one tick did.
     *
     * @param runId the run it started, if it started one
     * @param cursor for a sensor, what the next tick must not start a run for again
     */
    record Tick(String name, Instant at, Outcome outcome, Optional<String> runId, String message, Optional<String> cursor) {
        public enum Outcome { STARTED, SKIPPED, FAILED }

        public static Tick started(String name, String runId, String message, Optional<String> cursor) {
            return new Tick(name, Instant.now(), Outcome.STARTED, Optional.of(runId), message, cursor);
        }

        public static Tick skipped(String name, String message, Optional<String> cursor) {
            return new Tick(name, Instant.now(), Outcome.SKIPPED, Optional.empty(), message, cursor);
        }

        public static Tick failed(String name, String message, Optional<String> cursor) {
            return new Tick(name, Instant.now(), Outcome.FAILED, Optional.empty(), message, cursor);
        }
    }
}
