package io.strata.ui.api;

import io.strata.service.MergeResult;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * A branch merged into main on purpose, every error check having passed on it; the branch is kept.
 *
 * @param merged always true (a branch whose checks fail answers 409)
 * @param commit main's commit after the merge
 * @param checks the data tests run on the branch before the merge
 */
@Schema(description = "A branch merged into main after every error check passed on it.")
public record Merged(String branch, boolean merged, String commit, List<BranchCheck> checks) {
    static Merged of(MergeResult result) {
        return new Merged(result.branch(), true, result.mergedCommit().orElseThrow(), result.checks().stream().map(BranchCheck::of).toList());
    }
}
