package io.strata.cli;

import io.strata.branch.Branches;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.run.CheckSuite;
import io.strata.service.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code strata test}: runs the data tests against main (or a branch), writing nothing. */
@Command(name = "test", mixinStandardHelpOptions = true, description = "Run the data tests of the selected assets on main (read-only).")
final class TestCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions project;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--ref", paramLabel = "BRANCH", description = "The branch to test (default: main).")
    String ref = Branches.MAIN;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace workspace = project.open(spec.commandLine().getErr())) {
            ProjectOptions.compile(workspace, spec.commandLine().getErr());
            List<CheckResult> results = workspace.test(selection.selector(), ref);
            print(out, results);
            return CheckSuite.passed(results) ? 0 : StrataCommand.TESTS_FAILED;
        }
    }

    static void print(PrintWriter out, List<CheckResult> results) {
        for (CheckResult result : results) {
            if (result.error().isPresent()) {
                out.printf("  %-5s %s: %s%n", "ERROR", result.name(), result.error().get());
                continue;
            }
            out.printf("  %-5s %-50s %d failing rows%s%n", result.outcome(), result.name(), result.failures(),
                    result.sample().isEmpty() ? "" : ", e.g. " + result.sample().getFirst());
        }
        out.printf("%d tests: %d passed, %d warned, %d failed%n", results.size(),
                results.stream().filter(result -> result.outcome() == CheckOutcome.PASS).count(),
                results.stream().filter(result -> result.outcome() == CheckOutcome.WARN).count(),
                results.stream().filter(result -> result.outcome() == CheckOutcome.FAIL).count());
        out.flush();
    }
}
