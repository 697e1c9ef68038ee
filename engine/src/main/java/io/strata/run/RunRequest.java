package io.strata.run;

import io.strata.select.Selector;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What to run.
 *
 * @param threads how many assets build at once
 * @param devBranch a named branch that persists and is never merged automatically; empty for a run branch
 * @param fullRefresh rebuild incremental models from scratch
 * @param failFast stop starting assets after the first failure
 * @param conflictRetries how many times a run whose merge conflicts is built again on a fresh branch from
 *        the new main ({@code --on-conflict retry}); 0 reports the conflict ({@code --on-conflict fail})
 * @param retries how an asset is built again after a transient engine error
 * @param rebuild build every selected asset even when it is up to date (its SQL and inputs unchanged since it was last built)
 */
public record RunRequest(Selector selector, int threads, Optional<String> devBranch, boolean fullRefresh, boolean failFast,
                         int conflictRetries, RetryPolicy retries, boolean rebuild) {
    public RunRequest(Selector selector, int threads, Optional<String> devBranch, boolean fullRefresh, boolean failFast, int conflictRetries) {
        this(selector, threads, devBranch, fullRefresh, failFast, conflictRetries, RetryPolicy.DEFAULT);
    }

    public RunRequest(Selector selector, int threads, Optional<String> devBranch, boolean fullRefresh, boolean failFast, int conflictRetries,
                      RetryPolicy retries) {
        this(selector, threads, devBranch, fullRefresh, failFast, conflictRetries, retries, false);
    }

    /** The same request building every selected asset, up to date or not. */
    public RunRequest rebuildingAll() {
        return new RunRequest(selector, threads, devBranch, fullRefresh, failFast, conflictRetries, retries, true);
    }

    public RunRequest {
        requireNonNull(selector, "selector");
        requireNonNull(devBranch, "devBranch");
        requireNonNull(retries, "retries");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (conflictRetries < 0) {
            throw new IllegalArgumentException("conflictRetries must not be negative");
        }
    }

    /** The same request with one retry fewer. */
    RunRequest retried() {
        return new RunRequest(selector, threads, devBranch, fullRefresh, failFast, conflictRetries - 1, retries, rebuild);
    }
}
