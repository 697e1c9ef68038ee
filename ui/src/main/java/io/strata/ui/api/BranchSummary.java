package io.strata.ui.api;

import io.strata.service.BranchInfo;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A branch other than main.
 *
 * @param hash its head commit
 * @param runBranch a run's branch, kept because the run was not merged (otherwise a dev branch)
 * @param run the run that last used it, if one did
 */
@Schema(description = "A branch other than main, with the run that last used it.")
public record BranchSummary(String name, String hash, boolean runBranch, RunSummary run) {
    static BranchSummary of(BranchInfo branch) {
        return new BranchSummary(branch.name(), branch.hash(), branch.keptRun(), branch.latestRun().map(RunSummary::of).orElse(null));
    }
}
