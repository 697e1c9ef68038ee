package io.strata.run;

import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A finished run.
 *
 * @param mergedCommit main's commit after the merge, when the run was merged
 * @param reason why the branch was kept (failures, failed checks, a merge conflict), when it was
 */
public record RunResult(String id, String branch, Outcome outcome, List<AssetRun> assets, List<CheckResult> singularChecks,
                        Optional<String> mergedCommit, Optional<String> reason, Duration duration) {
    public enum Outcome {
        /** Every asset built, every error check passed, and the branch is merged into main. */
        MERGED,
        /** Built on a named dev branch, which is kept and not merged. */
        BUILT_ON_DEV_BRANCH,
        /** Something failed: nothing reached main; the branch is kept for inspection. */
        KEPT,
        /** Stopped by the user: no asset started after the request, nothing reached main, the branch is kept. */
        CANCELLED
    }

    public RunResult {
        assets = List.copyOf(assets);
        singularChecks = List.copyOf(singularChecks);
    }

    public List<CheckResult> checks() {
        List<CheckResult> all = new java.util.ArrayList<>(singularChecks);
        assets.forEach(asset -> all.addAll(asset.checks()));
        return all;
    }

    public long count(AssetRun.Status status) {
        return assets.stream().filter(asset -> asset.status() == status).count();
    }

    public long count(CheckOutcome outcome) {
        return checks().stream().filter(check -> check.outcome() == outcome).count();
    }
}
