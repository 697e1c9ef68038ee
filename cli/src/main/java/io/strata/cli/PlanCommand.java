package io.strata.cli;

import io.strata.project.Materialization;
import io.strata.run.Plan;
import io.strata.service.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code strata plan}: what {@code strata materialize} would build on main's current data, and why; writes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what a run of the selection would build and why (new, changed, upstream, up to date), without building.")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions project;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--rebuild", description = "Plan as strata materialize --rebuild would: every selected model and seed is built.")
    boolean rebuild;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace workspace = project.open(spec.commandLine().getErr())) {
            ProjectOptions.compile(workspace, spec.commandLine().getErr());
            Plan plan = workspace.plan(selection.selector(), rebuild);
            out.printf("%-40s %-8s %-12s %s%n", "ASSET", "KIND", "MATERIALIZED", "PLAN");
            for (Plan.Step step : plan.steps()) {
                out.printf("%-40s %-8s %-12s %s%n", step.key(), step.kind(), step.materialization().label(), describe(step));
            }
            long builds = plan.steps().stream().filter(Plan.Step::builds).count();
            out.printf("%d of %d assets would be built or run%n", builds, plan.steps().size());
        }
        return 0;
    }

    private static String describe(Plan.Step step) {
        Plan.Reason reason = step.reason();
        String label = reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (reason == Plan.Reason.ALWAYS && step.materialization() == Materialization.SNAPSHOT) {
            return label + ": a snapshot records what its query gives on every run";
        }
        return switch (reason) {
            case NEW -> label + ": not on main yet";
            case CHANGED -> label + ": its SQL, configuration or seed file changed";
            case UPSTREAM -> label + ": built again if what it reads changes in the run";
            case UP_TO_DATE -> label;
            case ALWAYS -> label + ": reads the clock or a random source, or an input of unknown version";
            case REBUILD -> label + ": --rebuild";
            case NEW_INPUT -> "reads new input: files or objects not ingested yet";
            case CHECKS_ONLY -> "checks only";
            case INLINED -> "inlined where it is used";
        };
    }
}
