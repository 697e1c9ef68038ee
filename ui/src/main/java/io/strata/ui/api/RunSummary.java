package io.strata.ui.api;

import io.strata.run.RunStore;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;

/**
 * One run as the run history lists it.
 *
 * @param status RUNNING, MERGED, BUILT_ON_DEV_BRANCH, KEPT, FAILED, ABANDONED or CANCELLED
 * @param trigger who started it: cli, ui, api or schedule:NAME
 * @param selection the keys of the assets it selected, separated by spaces
 * @param durationMs how long it took; null while it goes
 * @param mergedCommit main's commit after the merge, when it was merged
 * @param reason why it was not merged, when it was not
 * @param built how many assets it built
 * @param checksFailed how many of its checks failed
 */
@Schema(description = "One run of the run history.")
public record RunSummary(String id, String branch,
                         @Schema(allowableValues = {"RUNNING", "MERGED", "BUILT_ON_DEV_BRANCH", "KEPT", "FAILED", "ABANDONED", "CANCELLED"})
                         String status,
                         String trigger, String selection, Instant startedAt, Long durationMs, String mergedCommit, String reason, long built,
                         long upToDate, long failed, long skipped, long checksFailed) {
    static RunSummary of(RunStore.RunSummary run) {
        return new RunSummary(run.id(), run.branch(), run.status().name(), run.trigger(), run.selection(), run.startedAt(),
                run.duration().map(Duration::toMillis).orElse(null), run.mergedCommit().orElse(null), run.reason().orElse(null), run.built(),
                run.upToDate(), run.failed(), run.skipped(), run.checksFailed());
    }
}
