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
 */
public record RunRequest(Selector selector, int threads, Optional<String> devBranch, boolean fullRefresh, boolean failFast) {
    public RunRequest {
        requireNonNull(selector, "selector");
        requireNonNull(devBranch, "devBranch");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }
}
