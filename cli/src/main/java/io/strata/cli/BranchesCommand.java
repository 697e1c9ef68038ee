package io.strata.cli;

import io.strata.service.BranchInfo;
import io.strata.service.MergeResult;
import io.strata.service.Workspace;
import io.strata.run.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code strata branches}: the kept run branches and dev branches; drop one, or merge one after its checks pass. */
@Command(name = "branches", mixinStandardHelpOptions = true, description = "List kept run branches and dev branches.",
        subcommands = {BranchesCommand.Drop.class, BranchesCommand.Merge.class})
final class BranchesCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions project;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace workspace = project.open(spec.commandLine().getErr())) {
            out.printf("%-40s %-14s %-25s %s%n", "BRANCH", "KIND", "RUN", "REASON");
            for (BranchInfo branch : workspace.branches()) {
                out.printf("%-40s %-14s %-25s %s%n", branch.name(), branch.keptRun() ? "kept run" : "dev branch",
                        branch.latestRun().map(summary -> summary.id() + " " + summary.status()).orElse("-"),
                        branch.latestRun().flatMap(RunStore.RunSummary::reason).orElse(""));
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
        public Integer call() {
            try (Workspace workspace = project.open(spec.commandLine().getErr())) {
                workspace.drop(name);
            }
            spec.commandLine().getOut().println("Dropped branch " + name);
            return 0;
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Merge a branch into main on purpose, once every data test passes on it.")
    static final class Merge extends OneBranch {
        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Workspace workspace = project.open(spec.commandLine().getErr())) {
                ProjectOptions.compile(workspace, spec.commandLine().getErr());
                MergeResult result = workspace.merge(name);
                TestCommand.print(out, result.checks());
                if (!result.merged()) {
                    out.println("Not merged: a test failed on " + name + "; main is unchanged");
                    return StrataCommand.NOT_MERGED;
                }
                out.println("Merged " + name + " into main at " + result.mergedCommit().orElseThrow() + "; the branch is kept");
            }
            return 0;
        }
    }
}
