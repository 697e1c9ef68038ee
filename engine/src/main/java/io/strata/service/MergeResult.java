package io.strata.service;

import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;

import java.util.List;
import java.util.Optional;

/**
 * What {@code strata branches merge} did: the checks run on the branch and, when they all passed, main's
 * commit after the merge (the branch is kept).
 */
public record MergeResult(String branch, List<CheckResult> checks, Optional<String> mergedCommit) {
    public MergeResult {
        checks = List.copyOf(checks);
    }

    public boolean merged() {
        return mergedCommit.isPresent();
    }

    /** The error checks that failed, each with its asset and its failing rows or the engine's error, joined by "; ". */
    public String failingChecks() {
        return checks.stream().filter(check -> check.outcome() == CheckOutcome.FAIL)
                .map(check -> check.name() + " on " + check.asset() + check.error().map(error -> " (errored: " + error + ")")
                        .orElse(" (" + check.failures() + " failing rows)"))
                .collect(java.util.stream.Collectors.joining("; "));
    }
}
