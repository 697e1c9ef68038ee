package io.strata.cli;

import io.strata.branch.Branches;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.check.UnitTestResult;
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

/** {@code strata test}: runs the data tests against main (or a branch), or with {@code --unit} the unit tests, writing nothing. */
@Command(name = "test", mixinStandardHelpOptions = true, description = "Run the data tests of the selected assets on main (read-only).")
final class TestCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions project;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--ref", paramLabel = "BRANCH", description = "The branch to test (default: main).")
    String ref = Branches.MAIN;

    @Option(names = "--unit", description = "Run the unit tests (unit_tests: in YAML) of the selected models instead of the data tests.")
    boolean unit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace workspace = project.open(spec.commandLine().getErr())) {
            ProjectOptions.compile(workspace, spec.commandLine().getErr());
            if (unit) {
                List<UnitTestResult> results = workspace.unitTests(selection.selector(), ref);
                printUnit(out, results);
                return results.stream().allMatch(UnitTestResult::passed) ? 0 : StrataCommand.TESTS_FAILED;
            }
            List<CheckResult> results = workspace.test(selection.selector(), ref);
            print(out, results);
            return CheckSuite.passed(results) ? 0 : StrataCommand.TESTS_FAILED;
        }
    }

    static void printUnit(PrintWriter out, List<UnitTestResult> results) {
        for (UnitTestResult result : results) {
            out.printf("  %-5s %s.%s%n", result.passed() ? "PASS" : "FAIL", result.model(), result.name());
            if (!result.passed()) {
                result.report().lines().forEach(line -> out.println("        " + line));
            }
        }
        long passed = results.stream().filter(UnitTestResult::passed).count();
        out.printf("%d unit tests: %d passed, %d failed%n", results.size(), passed, results.size() - passed);
        out.flush();
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
