package io.strata.check;

import io.strata.api.AssetKey;
import io.strata.compile.CompiledProject;
import io.strata.compile.SingularTest;
import io.strata.engine.Engine;
import io.strata.graph.Asset;
import io.strata.project.CheckDefinition;
import io.strata.project.Materialization;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The checks of a project's assets run on one branch: an asset's own tests, and the singular tests over
 * available assets. A test whose query fails gives an errored result rather than an exception, so one
 * broken test neither hides the others nor stops the run.
 */
public final class AssetChecks {
    private final CompiledProject project;
    private final CheckRunner runner;
    private final boolean readOnly;

    /**
     * @param readOnly nothing is written to the branch: {@code store_failures} is ignored ({@code strata test},
     *                 the gate of {@code strata branches merge})
     */
    public AssetChecks(Engine engine, String branch, CompiledProject project, boolean readOnly) {
        this.project = requireNonNull(project, "project");
        this.runner = new CheckRunner(requireNonNull(engine, "engine"), requireNonNull(branch, "branch"));
        this.readOnly = readOnly;
    }

    /** Check results, and the tests Strata has no SQL for (custom generic tests). */
    public record Checked(List<CheckResult> results, List<String> unrun) {
        public static final Checked NONE = new Checked(List.of(), List.of());

        public Checked {
            results = List.copyOf(results);
            unrun = List.copyOf(unrun);
        }

        /** These results after {@code earlier} ones (those an asset's builder ran itself). */
        public Checked after(List<CheckResult> earlier) {
            List<CheckResult> all = new ArrayList<>(earlier);
            all.addAll(results);
            return new Checked(all, unrun);
        }
    }

    /** The asset's own tests; none for an asset with no relation to query (ephemeral models). */
    public Checked run(Asset asset) {
        return run(asset, asset.checks());
    }

    /**
     * One of the asset's tests over the rows a SQL condition holds for (those of the partitions a run built); empty for
     * a test Strata has no SQL for. {@code storeFailures}: whether the test may store its failing rows, as configured.
     */
    public Optional<CheckResult> run(Asset asset, CheckDefinition check, String rows, boolean storeFailures) {
        return result(asset, storeFailures ? check : withoutStoredFailures(check), Optional.of(rows));
    }

    /** Some of the asset's own tests, over its whole table: a partitioned model's {@link CheckScope#TABLE} tests. */
    public Checked run(Asset asset, List<CheckDefinition> checks) {
        if (asset.relation().isEmpty() || asset.materialization() == Materialization.EPHEMERAL) {
            return Checked.NONE;
        }
        List<CheckResult> results = new ArrayList<>();
        List<String> unrun = new ArrayList<>();
        for (CheckDefinition check : checks) {
            result(asset, check, Optional.empty()).ifPresentOrElse(results::add, () -> unrun.add(check.test()));
        }
        return new Checked(results, unrun);
    }

    private Optional<CheckResult> result(Asset asset, CheckDefinition check, Optional<String> rows) {
        try {
            return runner.run(readOnly ? withoutStoredFailures(check) : check, asset,
                    name -> project.graph().asset(AssetKey.of(name)).flatMap(Asset::relation), rows);
        }
        catch (SQLException | RuntimeException e) {
            // The query (or the test's own arguments) is broken: not a count of failing rows.
            return Optional.of(CheckResult.errored(CheckQuery.name(check, asset), asset.key(), "", String.valueOf(e.getMessage())));
        }
    }

    /** The singular tests that read assets, every one of them available; a test reading nothing is not run. */
    public List<CheckResult> runSingular(Set<AssetKey> available) {
        List<CheckResult> results = new ArrayList<>();
        for (SingularTest test : project.singularTests()) {
            if (test.deps().isEmpty() || !available.containsAll(test.deps())) {
                continue;
            }
            Asset anchor = project.graph().require(test.deps().iterator().next());
            try {
                results.add(runner.runSingular(test.name(), anchor, test.sql(),
                        new CheckDefinition(test.name(), Optional.empty(), Map.of(), test.config(), test.location())));
            }
            catch (SQLException | RuntimeException e) {
                results.add(CheckResult.errored(test.name(), anchor.key(), test.sql(), String.valueOf(e.getMessage())));
            }
        }
        return results;
    }

    private static CheckDefinition withoutStoredFailures(CheckDefinition check) {
        return new CheckDefinition(check.test(), check.column(), check.arguments(), check.config().with(Map.of("store_failures", false)),
                check.location(), check.sql());
    }
}
