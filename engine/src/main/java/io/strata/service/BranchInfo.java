package io.strata.service;

import io.strata.run.RunStore;

import java.util.Optional;

/**
 * A branch other than main, with the run that last used it.
 *
 * @param keptRun a run's branch kept because the run was not merged (otherwise a dev branch)
 */
public record BranchInfo(String name, String hash, boolean keptRun, Optional<RunStore.RunSummary> latestRun) {
}
