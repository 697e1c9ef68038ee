package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.project.Materialization;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One asset in a run.
 *
 * @param error why it failed or was skipped
 * @param unrunChecks tests Strata has no SQL for yet (custom generic tests), named so they are not mistaken for passes
 * @param attempts how many times it was built (more than one after transient engine errors)
 * @param details what its builder counted beyond rows (ingestion: {@code rows_read}, {@code rows_rejected}, {@code files}…)
 */
public record AssetRun(AssetKey key, Status status, Materialization materialization, OptionalLong rows, Duration duration,
                       Optional<String> error, List<CheckResult> checks, List<String> unrunChecks, int attempts, Map<String, Object> details) {
    /**
     * SUCCESS: built; UP_TO_DATE: not built, because its SQL, configuration and everything it reads are as
     * when it was last built (and tested) on this branch's history; FAILED; SKIPPED: not run (an upstream
     * failure, --fail-fast).
     */
    public enum Status { SUCCESS, UP_TO_DATE, FAILED, SKIPPED }

    public AssetRun {
        checks = List.copyOf(checks);
        unrunChecks = List.copyOf(unrunChecks);
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    public AssetRun(AssetKey key, Status status, Materialization materialization, OptionalLong rows, Duration duration,
                    Optional<String> error, List<CheckResult> checks, List<String> unrunChecks) {
        this(key, status, materialization, rows, duration, error, checks, unrunChecks, 1, Map.of());
    }

    /** Whether assets downstream may build on it: it succeeded and no error-severity check failed. */
    public boolean usable() {
        return (status == Status.SUCCESS || status == Status.UP_TO_DATE) && checks.stream().noneMatch(check -> check.outcome() == CheckOutcome.FAIL);
    }
}
