package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.branch.BranchRef;
import io.strata.branch.Branches;
import io.strata.branch.MergeConflictException;
import io.strata.compile.CompiledProject;
import io.strata.engine.Engine;
import io.strata.graph.Asset;
import io.strata.project.Materialization;
import io.strata.project.Relation;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The one way a branch reaches main, for a run and for {@code strata branches merge}: the project's views
 * on the branch are readied for main (on the branch, so the change lands in the same commit), the branch
 * is merged in one Nessie commit, and what the engine held for the branch is released.
 */
public final class Publisher {
    private final Engine engine;
    private final Branches branches;

    public Publisher(Engine engine, Branches branches) {
        this.engine = requireNonNull(engine, "engine");
        this.branches = requireNonNull(branches, "branches");
    }

    /** Main after the merge, and what was left undone after it (the engine's hold on the branch, the branch itself), if anything. */
    public record Published(BranchRef main, Optional<String> leftOver) {
    }

    /**
     * Merges the branch into main and returns main afterwards; with {@code deleteBranch} the branch is
     * deleted too (a run's branch), otherwise kept (a branch merged on purpose).
     *
     * @throws MergeConflictException when main changed the same tables since the branch was made; main is unchanged
     */
    public Published publish(String branch, CompiledProject project, boolean deleteBranch) {
        return publish(branch, project, deleteBranch, Optional.empty());
    }

    /**
     * Publishes as above; the merge commit of a run carries its id, so that main tells whether the run merged even
     * when the merge got no answer or the process ended before recording it. Once the merge is made, nothing that
     * fails after it (releasing the branch, deleting it) throws: main holds the whole run, and what was left undone
     * is said in {@link Published#leftOver()}.
     */
    public Published publish(String branch, CompiledProject project, boolean deleteBranch, Optional<String> runId) {
        engine.prepareMerge(branch, views(project));
        BranchRef main = branches.merge(branch, runId);
        FaultPoints.reached(FaultPoints.Point.MERGED, branch);
        List<String> leftOver = new ArrayList<>();
        try {
            engine.release(branch);
        }
        catch (SQLException | RuntimeException e) {
            leftOver.add(engine.reachable() ? engine.description() + " could not release it (" + e.getMessage() + ")"
                    : engine.description() + " stopped answering before it released it");
        }
        if (deleteBranch) {
            try {
                branches.delete(branch);
            }
            catch (RuntimeException e) {
                leftOver.add("it was not deleted (" + engine.lake().flatMap(io.strata.lake.LakeEndpoints::unreachable)
                        .map(service -> service + " stopped answering").orElse(String.valueOf(e.getMessage()))
                        + "): delete it with strata branches drop " + branch);
            }
        }
        return new Published(main, leftOver.isEmpty() ? Optional.empty()
                : Optional.of("branch " + branch + " was merged into main at " + main.hash() + ", but " + String.join("; ", leftOver)));
    }

    /** The project's views: those a run built, and those an earlier build left on the branch; the engine skips any the branch lacks. */
    private static List<Relation> views(CompiledProject project) {
        List<Relation> views = new ArrayList<>();
        for (AssetKey key : project.graph().topologicalOrder()) {
            Asset asset = project.graph().require(key);
            if (asset.materialization() == Materialization.VIEW) {
                asset.relation().ifPresent(views::add);
            }
        }
        return views;
    }
}
