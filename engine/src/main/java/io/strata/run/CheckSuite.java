package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.check.AssetChecks;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.compile.CompiledProject;
import io.strata.engine.Engine;
import io.strata.graph.Asset;
import io.strata.project.Materialization;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs the data tests of already-built assets on a branch, read-only ({@code strata test}, and the gate
 * of {@code strata branches merge}). {@code store_failures} is ignored here: nothing is written.
 */
public final class CheckSuite {
    private CheckSuite() {
    }

    /** The tests of the selected assets that exist on the branch, and the singular tests reading only selected assets. */
    public static List<CheckResult> run(Engine engine, String branch, CompiledProject project, List<AssetKey> selected) throws SQLException {
        AssetChecks checks = new AssetChecks(engine, branch, project, true);
        List<CheckResult> results = new ArrayList<>();
        for (AssetKey key : selected) {
            Asset asset = project.graph().require(key);
            if (asset.relation().isPresent() && asset.materialization() != Materialization.EPHEMERAL && engine.exists(branch, asset.relation().get())) {
                results.addAll(checks.run(asset).results());
            }
        }
        results.addAll(checks.runSingular(Set.copyOf(selected)));
        return results;
    }

    public static boolean passed(List<CheckResult> results) {
        return results.stream().noneMatch(result -> result.outcome() == CheckOutcome.FAIL);
    }
}
