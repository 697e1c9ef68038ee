package io.strata.run;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How an asset is built again after a transient engine error (the engine busy, starting or losing a worker;
 * never a wrong statement): up to {@code attempts} builds in all, waiting {@code firstBackoff}, then twice
 * as long each time, with a fifth of jitter so parallel assets do not retry in step.
 */
public record RetryPolicy(int attempts, Duration firstBackoff) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(2));
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO);

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        if (firstBackoff.isNegative()) {
            throw new IllegalArgumentException("firstBackoff must not be negative");
        }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed ones. */
    public Duration backoff(int attempt) {
        long base = firstBackoff.toMillis() << Math.min(attempt - 1, 16);
        long jitter = base / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(-base / 5, base / 5 + 1);
        return Duration.ofMillis(base + jitter);
    }
}
