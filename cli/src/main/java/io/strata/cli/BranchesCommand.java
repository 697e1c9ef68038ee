package io.strata.cli;

import io.strata.api.AssetKey;
import io.strata.branch.BranchRef;
import io.strata.branch.Branches;
import io.strata.branch.NessieBranches;
import io.strata.check.CheckResult;
import io.strata.compile.CompiledProject;
import io.strata.engine.trino.TrinoEngine;
import io.strata.graph.Asset;
import io.strata.project.Relation;
import io.strata.run.CheckSuite;
import io.strata.run.RunStore;
import io.strata.lake.LakeEndpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code strata branches}: the kept run branches and dev branches; drop one, or merge one after its checks pass. */
@Command(name = "branches", mixinStandardHelpOptions = true, description = "List kept run branches and dev branches.",
        subcommands = {BranchesCommand.Drop.class, BranchesCommand.Merge.class})
final class BranchesCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions project;

    @Spec
    CommandSpec spec;

    static LakeEndpoints endpoints(ProjectOptions project, PrintWriter err) {
        return ProjectPlace.endpoints(project.project, ProjectPlace.profile(project.project, project.profile), err);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LakeEndpoints endpoints = endpoints(project, spec.commandLine().getErr());
        try (NessieBranches branches = new NessieBranches(endpoints.nessieApi()); RunStore store = ProjectPlace.runStore(project.project, project.profile)) {
            out.printf("%-40s %-14s %-25s %s%n", "BRANCH", "KIND", "RUN", "REASON");
            for (BranchRef branch : branches.list()) {
                if (branch.name().equals(Branches.MAIN)) {
                    continue;
                }
                var run = store.latestOnBranch(branch.name());
                String kind = run.isEmpty() ? "dev branch" : branch.name().startsWith("run-") ? "kept run" : "dev branch";
                out.printf("%-40s %-14s %-25s %s%n", branch.name(), kind, run.map(summary -> summary.id() + " " + summary.status()).orElse("-"),
                        run.flatMap(RunStore.RunSummary::reason).orElse(""));
            }
        }
        return 0;
    }

    /** A subcommand acting on one branch of the project's catalog. */
    abstract static class OneBranch implements Callable<Integer> {
        @Mixin
        ProjectOptions project;

        @Parameters(paramLabel = "BRANCH")
        String name;

        @Spec
        CommandSpec spec;
    }

    @Command(name = "drop", mixinStandardHelpOptions = true, description = "Delete a branch (and its Trino catalog). Main cannot be dropped.")
    static final class Drop extends OneBranch {
        @Override
        public Integer call() throws SQLException {
            if (name.equals(Branches.MAIN)) {
                throw new CommandRefusedException("main cannot be dropped");
            }
            LakeEndpoints endpoints = endpoints(project, spec.commandLine().getErr());
            try (NessieBranches branches = new NessieBranches(endpoints.nessieApi())) {
                new TrinoEngine(endpoints).release(name);
                branches.delete(name);
            }
            spec.commandLine().getOut().println("Dropped branch " + name);
            return 0;
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Merge a branch into main on purpose, once every data test passes on it.")
    static final class Merge extends OneBranch {
        @Override
        public Integer call() throws SQLException {
            PrintWriter out = spec.commandLine().getOut();
            if (name.equals(Branches.MAIN)) {
                throw new CommandRefusedException("main cannot be merged into itself");
            }
            CompiledProject compiled = project.compile(spec.commandLine().getErr());
            LakeEndpoints endpoints = endpoints(project, spec.commandLine().getErr());
            TrinoEngine engine = new TrinoEngine(endpoints);
            try (NessieBranches branches = new NessieBranches(endpoints.nessieApi())) {
                if (branches.find(name).isEmpty()) {
                    throw new CommandRefusedException("no branch '" + name + "'; strata branches lists them");
                }
                List<AssetKey> all = compiled.graph().topologicalOrder();
                List<CheckResult> results = CheckSuite.run(engine, name, compiled, all);
                TestCommand.print(out, results);
                if (!CheckSuite.passed(results)) {
                    out.println("Not merged: a test failed on " + name + "; main is unchanged");
                    return MaterializeCommand.NOT_MERGED;
                }
                List<Relation> views = new ArrayList<>();
                for (AssetKey key : all) {
                    Asset asset = compiled.graph().require(key);
                    if (asset.materialization().equals("view") && engine.exists(name, asset.relation().orElseThrow())) {
                        views.add(asset.relation().get());
                    }
                }
                engine.prepareMerge(name, views);
                BranchRef main = branches.merge(name);
                engine.release(name);
                out.println("Merged " + name + " into main at " + main.hash() + "; the branch is kept");
            }
            return 0;
        }
    }
}
