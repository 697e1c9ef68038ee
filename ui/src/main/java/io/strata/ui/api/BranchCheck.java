package io.strata.ui.api;

import io.strata.check.CheckResult;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A data test's result on a branch.
 *
 * @param asset the key of the asset it checks
 * @param outcome PASS, WARN or FAIL
 * @param failures the failing rows counted
 * @param error the engine's message when the test's query itself failed
 */
@Schema(description = "A data test's result on a branch.")
public record BranchCheck(String name, String asset, @Schema(allowableValues = {"PASS", "WARN", "FAIL"}) String outcome, long failures,
                          String error) {
    static BranchCheck of(CheckResult check) {
        return new BranchCheck(check.name(), check.asset().toString(), check.outcome().name(), check.failures(), check.error().orElse(null));
    }
}
