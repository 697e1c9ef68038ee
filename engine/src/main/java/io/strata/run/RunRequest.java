package io.strata.run;

import io.strata.partition.PartitionSelection;
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
 * @param trigger who asks for the run, as the run history shows it: {@value #CLI}, {@value #UI}, {@value #API} or
 *        {@code schedule:NAME}
 * @param partitions which partitions of the selected partitioned assets to build
 * @param resumeBranch a kept run's branch to build on again ({@code --resume RUN}): what was built and checked there and
 *        is still up to date is kept, the rest is built, and the branch merges into main once everything passes
 * @see #builder(Selector)
 */
public record RunRequest(Selector selector, int threads, Optional<String> devBranch, boolean fullRefresh, boolean failFast,
                         int conflictRetries, RetryPolicy retries, boolean rebuild, String trigger, PartitionSelection partitions,
                         Optional<String> resumeBranch) {
    public static final String CLI = "cli";
    public static final String UI = "ui";
    public static final String API = "api";

    /** A request for the selected assets, with every option at its default until the builder sets it. */
    public static Builder builder(Selector selector) {
        return new Builder(selector);
    }

    public RunRequest {
        requireNonNull(selector, "selector");
        requireNonNull(devBranch, "devBranch");
        requireNonNull(retries, "retries");
        requireNonNull(trigger, "trigger");
        requireNonNull(partitions, "partitions");
        requireNonNull(resumeBranch, "resumeBranch");
        if (resumeBranch.isPresent() && devBranch.isPresent()) {
            throw new IllegalArgumentException("a run resumes a kept run's branch or builds on a dev branch, not both");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (conflictRetries < 0) {
            throw new IllegalArgumentException("conflictRetries must not be negative");
        }
    }

    /** The same request with one retry fewer. */
    RunRequest retried() {
        return new RunRequest(selector, threads, devBranch, fullRefresh, failFast, conflictRetries - 1, retries, rebuild, trigger, partitions,
                Optional.empty());
    }

    /**
     * Builds a {@link RunRequest}. By default: as many threads as the machine has cores, a run branch (no dev
     * branch), no full refresh, no fail-fast, a merge conflict reported rather than retried,
     * {@link RetryPolicy#DEFAULT}, up-to-date assets left as they are, and {@value #CLI} as the trigger.
     */
    public static final class Builder {
        private final Selector selector;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Optional<String> devBranch = Optional.empty();
        private boolean fullRefresh;
        private boolean failFast;
        private int conflictRetries;
        private RetryPolicy retries = RetryPolicy.DEFAULT;
        private boolean rebuild;
        private String trigger = CLI;
        private PartitionSelection partitions = PartitionSelection.DEFAULT;
        private Optional<String> resumeBranch = Optional.empty();

        private Builder(Selector selector) {
            this.selector = requireNonNull(selector, "selector");
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder devBranch(Optional<String> devBranch) {
            this.devBranch = devBranch;
            return this;
        }

        public Builder fullRefresh(boolean fullRefresh) {
            this.fullRefresh = fullRefresh;
            return this;
        }

        public Builder failFast(boolean failFast) {
            this.failFast = failFast;
            return this;
        }

        public Builder conflictRetries(int conflictRetries) {
            this.conflictRetries = conflictRetries;
            return this;
        }

        public Builder retries(RetryPolicy retries) {
            this.retries = retries;
            return this;
        }

        public Builder rebuild(boolean rebuild) {
            this.rebuild = rebuild;
            return this;
        }

        public Builder trigger(String trigger) {
            this.trigger = trigger;
            return this;
        }

        public Builder partitions(PartitionSelection partitions) {
            this.partitions = partitions;
            return this;
        }

        /** Builds on a kept run's branch again and merges it when everything passes. */
        public Builder resume(Optional<String> keptBranch) {
            this.resumeBranch = keptBranch;
            return this;
        }

        public RunRequest build() {
            return new RunRequest(selector, threads, devBranch, fullRefresh, failFast, conflictRetries, retries, rebuild, trigger, partitions,
                    resumeBranch);
        }
    }
}
