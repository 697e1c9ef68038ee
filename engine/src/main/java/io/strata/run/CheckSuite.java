package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.check.CheckRunner;
import io.strata.compile.CompiledProject;
import io.strata.compile.SingularTest;
import io.strata.engine.Engine;
import io.strata.graph.Asset;
import io.strata.project.CheckDefinition;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        CheckRunner runner = new CheckRunner(engine, branch);
        List<CheckResult> results = new ArrayList<>();
        for (AssetKey key : selected) {
            Asset asset = project.graph().require(key);
            if (asset.relation().isEmpty() || asset.materialization().equals("ephemeral") || !engine.exists(branch, asset.relation().get())) {
                continue;
            }
            for (CheckDefinition check : asset.checks()) {
                CheckDefinition readOnly = new CheckDefinition(check.test(), check.column(), check.arguments(),
                        check.config().with(Map.of("store_failures", false)), check.location());
                runner.run(readOnly, asset, name -> project.graph().asset(AssetKey.of(name)).flatMap(Asset::relation)).ifPresent(results::add);
            }
        }
        Set<AssetKey> chosen = Set.copyOf(selected);
        for (SingularTest test : project.singularTests()) {
            if (!test.deps().isEmpty() && chosen.containsAll(test.deps())) {
                Asset anchor = project.graph().require(test.deps().iterator().next());
                results.add(runner.runSingular(test.name(), anchor, test.sql(),
                        new CheckDefinition(test.name(), Optional.empty(), Map.of(), test.config(), test.location())));
            }
        }
        return results;
    }

    public static boolean passed(List<CheckResult> results) {
        return results.stream().noneMatch(result -> result.outcome() == CheckOutcome.FAIL);
    }
}
