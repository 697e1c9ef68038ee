package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.branch.Branches;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.engine.Engine;
import io.strata.graph.Asset;
import io.strata.lake.RelationState;
import io.strata.project.Materialization;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tells what a run would build, by the rule the runner applies (fingerprints compared with those recorded
 * on main), without making a branch or writing anything.
 */
public final class Planner {
    private Planner() {
    }

    /** The plan of the selection; {@code compiler} compiles the project again as a run would see main (incremental models that exist). */
    public static Plan plan(Compiler compiler, CompiledProject compiled, List<AssetKey> selected, Engine engine, boolean rebuild) {
        CompiledProject project = Runner.compiledFor(compiler, engine, compiled, selected, Branches.MAIN, false);
        Fingerprints fingerprints = new Fingerprints(project.graph(), engine, Branches.MAIN, project.root());
        Set<AssetKey> building = new HashSet<>();
        List<Plan.Step> steps = new ArrayList<>();
        for (AssetKey key : selected) {
            Asset asset = project.graph().require(key);
            Plan.Reason reason = reason(asset, project, fingerprints, engine, rebuild, building);
            Plan.Step step = new Plan.Step(key, asset.kind().label(), asset.materialization(), reason);
            // An ingest or Java asset changes its table only when new input arrived, which the plan cannot know:
            // what reads it is planned on the data main has now.
            if (step.builds() && reason != Plan.Reason.NEW_INPUT) {
                building.add(key);
            }
            steps.add(step);
        }
        return new Plan(steps);
    }

    private static Plan.Reason reason(Asset asset, CompiledProject project, Fingerprints fingerprints, Engine engine, boolean rebuild,
                                      Set<AssetKey> building) {
        switch (asset.kind()) {
            case SOURCE -> {
                return Plan.Reason.CHECKS_ONLY;
            }
            case INGEST -> {
                return Plan.Reason.NEW_INPUT;
            }
            case CODE -> {
                if (!Fingerprints.applies(asset)) {
                    return Plan.Reason.ALWAYS;
                }
            }
            case MODEL, SEED -> {
                if (asset.materialization() == Materialization.EPHEMERAL) {
                    return Plan.Reason.INLINED;
                }
            }
        }
        if (!Fingerprints.applies(asset)) {
            return Plan.Reason.ALWAYS;
        }
        Optional<RelationState> state = engine.state(Branches.MAIN, asset.relation().orElseThrow());
        if (state.isEmpty()) {
            return Plan.Reason.NEW;
        }
        if (rebuild) {
            return Plan.Reason.REBUILD;
        }
        if (project.graph().parents(asset.key()).stream().anyMatch(building::contains)) {
            return Plan.Reason.UPSTREAM;
        }
        Optional<String> fingerprint = fingerprints.of(asset);
        if (fingerprint.isEmpty()) {
            return Plan.Reason.ALWAYS;
        }
        return state.get().fingerprint().equals(fingerprint) ? Plan.Reason.UP_TO_DATE : Plan.Reason.CHANGED;
    }
}
