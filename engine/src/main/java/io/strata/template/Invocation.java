package io.strata.template;

import java.time.Instant;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * One compilation as dbt's {@code invocation_id} and {@code run_started_at} name it: every template of the compilation
 * sees the same id and start.
 */
public record Invocation(String id, Instant startedAt) {
    public Invocation {
        requireNonNull(id, "id");
        requireNonNull(startedAt, "startedAt");
    }

    /** A new invocation starting now. */
    public static Invocation start() {
        return new Invocation(UUID.randomUUID().toString(), Instant.now());
    }
}
