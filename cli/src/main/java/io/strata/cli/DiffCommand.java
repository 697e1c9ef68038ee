package io.strata.cli;

import io.strata.check.CheckResult;
import io.strata.service.BranchDiff;
import io.strata.service.BranchDiff.AssetDiff;
import io.strata.service.BranchDiff.ColumnChange;
import io.strata.service.BranchDiff.RowChanges;
import io.strata.service.BranchDiff.RowSample;
import io.strata.service.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code strata diff}: what a branch changed against main, asset by asset, to review it before merging it on purpose. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show what a branch changed against main: per changed table or view its columns, rows added, removed and changed, samples and tests.")
final class DiffCommand implements Callable<Integer> {
    enum Output { text, json }

    @Mixin
    ProjectOptions project;

    @Mixin
    SelectionOptions selection;

    @Parameters(paramLabel = "BRANCH", description = "The branch to compare with main.")
    String branch;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text (default) or json.")
    Output output = Output.text;

    @Option(names = "--limit", paramLabel = "N", description = "Sample rows of each change per asset (default: ${DEFAULT-VALUE}).")
    int limit = 5;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BranchDiff diff;
        try (Workspace workspace = project.open(spec.commandLine().getErr())) {
            ProjectOptions.compile(workspace, spec.commandLine().getErr());
            diff = workspace.diff(branch, selection.selector(), limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (output) {
            case text -> print(out, diff);
            case json -> Console.printJson(out, describe(diff));
        }
        out.flush();
        return 0;
    }

    static void print(PrintWriter out, BranchDiff diff) {
        for (AssetDiff asset : diff.assets()) {
            out.println(headline(asset));
            for (ColumnChange column : asset.columns()) {
                out.println("  " + switch (column.change()) {
                    case ADDED -> "+ column " + column.column() + " " + column.branchType().orElseThrow();
                    case REMOVED -> "- column " + column.column();
                    case CHANGED -> "~ column " + column.column() + " " + column.mainType().orElseThrow() + " -> " + column.branchType().orElseThrow();
                });
            }
            asset.rows().ifPresent(rows -> rows.samples().forEach(sample -> out.println("  " + sample(rows, sample))));
            for (CheckResult check : asset.checks()) {
                out.println("  " + check.outcome() + " " + check.name() + check.error().map(error -> ": " + error)
                        .orElse(check.failures() == 0 ? "" : ": " + count(check.failures()) + " failing rows"));
            }
        }
        out.println(diff.assets().isEmpty() ? "Branch " + diff.branch() + " changes no selected asset against main"
                : diff.assets().size() + (diff.assets().size() == 1 ? " asset" : " assets") + " changed on " + diff.branch() + " against main");
    }

    /** {@code CHANGED silver.orders  rows 1,204 -> 1,210  +8 -2 ~5 (key id)}. */
    private static String headline(AssetDiff asset) {
        String rows = switch (asset.status()) {
            case NEW -> "rows " + count(asset.branchRows());
            case REMOVED -> "rows " + count(asset.mainRows()) + " on main";
            case CHANGED -> "rows " + count(asset.mainRows()) + " -> " + count(asset.branchRows());
        };
        String changes = asset.rows().map(compared -> "  +" + count(compared.added()) + " -" + count(compared.removed()) + " ~" + count(compared.changed())
                + (compared.key().isEmpty() ? " (whole rows)" : " (key " + String.join(", ", compared.key()) + ")")).orElse("");
        return String.format("%-8s%s  %s%s%s", asset.status(), asset.relation(), rows, changes,
                asset.materialization() == io.strata.project.Materialization.VIEW ? " (view)" : "");
    }

    /** {@code + id=5, status=new}, {@code - id=4, status=new}, {@code ~ id=2: status new -> paid}. */
    private static String sample(RowChanges rows, RowSample sample) {
        return switch (sample.change()) {
            case ADDED -> "+ " + values(sample.branch());
            case REMOVED -> "- " + values(sample.main());
            case CHANGED -> "~ " + rows.key().stream().map(column -> column + "=" + sample.branch().get(column)).collect(Collectors.joining(", ")) + ": "
                    + sample.branch().keySet().stream().filter(column -> !Objects.equals(sample.main().get(column), sample.branch().get(column)))
                            .map(column -> column + " " + sample.main().get(column) + " -> " + sample.branch().get(column)).collect(Collectors.joining(", "));
        };
    }

    private static String values(Map<String, Object> row) {
        return row.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", "));
    }

    private static String count(OptionalLong rows) {
        return rows.isPresent() ? count(rows.getAsLong()) : "-";
    }

    private static String count(long rows) {
        return String.format(Locale.ROOT, "%,d", rows);
    }

    static Map<String, Object> describe(BranchDiff diff) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("branch", diff.branch());
        fields.put("assets", diff.assets().stream().map(DiffCommand::describe).toList());
        return fields;
    }

    private static Map<String, Object> describe(AssetDiff asset) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", asset.key().toString());
        fields.put("relation", asset.relation().toString());
        fields.put("status", asset.status().name());
        fields.put("materialization", asset.materialization().label());
        fields.put("columns", asset.columns().stream().map(column -> {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("column", column.column());
            change.put("change", column.change().name());
            change.put("main_type", column.mainType().orElse(null));
            change.put("branch_type", column.branchType().orElse(null));
            return change;
        }).toList());
        fields.put("main_rows", asset.mainRows().isPresent() ? asset.mainRows().getAsLong() : null);
        fields.put("branch_rows", asset.branchRows().isPresent() ? asset.branchRows().getAsLong() : null);
        fields.put("rows", asset.rows().map(rows -> {
            Map<String, Object> compared = new LinkedHashMap<>();
            compared.put("key", rows.key().isEmpty() ? "whole rows" : rows.key());
            compared.put("added", rows.added());
            compared.put("removed", rows.removed());
            compared.put("changed", rows.changed());
            compared.put("samples", rows.samples().stream().map(sample -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("change", sample.change().name());
                row.put("main", sample.main().isEmpty() ? null : sample.main());
                row.put("branch", sample.branch().isEmpty() ? null : sample.branch());
                return row;
            }).toList());
            return compared;
        }).orElse(null));
        fields.put("checks", asset.checks().stream().map(check -> {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", check.name());
            result.put("outcome", check.outcome().name());
            result.put("failures", check.failures());
            result.put("error", check.error().orElse(null));
            return result;
        }).toList());
        return fields;
    }
}
