package io.strata.cli;

import io.strata.api.AssetKey;
import io.strata.branch.Branches;
import io.strata.run.PartitionStates;
import io.strata.service.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code strata partitions ASSET}: the partitions of a partitioned asset on main (or a branch), built, stale or missing. */
@Command(name = "partitions", mixinStandardHelpOptions = true,
        description = "Show which partitions of a partitioned asset are built, stale or missing on main (or a branch), as ranges,"
                + " with the merged run that last changed them.")
final class PartitionsCommand implements Callable<Integer> {
    private static final java.time.format.DateTimeFormatter LAST_MERGED = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(java.time.ZoneOffset.UTC);

    @Mixin
    ProjectOptions project;

    @Parameters(paramLabel = "ASSET", description = "The partitioned asset (its key, as strata ls shows it).")
    String asset;

    @Option(names = "--ref", paramLabel = "BRANCH", description = "The branch to read (default: main).")
    String ref = Branches.MAIN;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text (default: ranges) or json (every partition).")
    String output = "text";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace workspace = project.open(spec.commandLine().getErr())) {
            ProjectOptions.compile(workspace, spec.commandLine().getErr());
            List<PartitionStates.State> states = workspace.partitions(AssetKey.parse(asset), ref);
            if (output.equals("json")) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("asset", asset);
                json.put("ref", ref);
                List<Map<String, Object>> partitions = new java.util.ArrayList<>();
                for (PartitionStates.State state : states) {
                    Map<String, Object> partition = new LinkedHashMap<>();
                    partition.put("key", state.key());
                    partition.put("status", state.status().name());
                    state.lastRun().ifPresent(run -> partition.put("last_run", run));
                    state.lastMerged().ifPresent(at -> partition.put("last_merged", at.toString()));
                    partitions.add(partition);
                }
                json.put("partitions", partitions);
                Console.printJson(out, json);
                return 0;
            }
            Map<PartitionStates.Status, Integer> totals = new LinkedHashMap<>();
            for (PartitionStates.Range range : PartitionStates.ranges(states)) {
                String built = range.lastRun().map(run -> "   last merged " + LAST_MERGED.format(range.lastMerged().orElseThrow()) + " by run " + run)
                        .orElse("");
                out.printf("  %-8s %-34s %5d%s%n", range.status().name().toLowerCase(java.util.Locale.ROOT),
                        range.first().equals(range.last()) ? range.first() : range.first() + ".." + range.last(), range.count(), built);
                totals.merge(range.status(), range.count(), Integer::sum);
            }
            out.printf("%s on %s: %d partitions: %d built, %d stale, %d missing%n", asset, ref, states.size(),
                    totals.getOrDefault(PartitionStates.Status.BUILT, 0), totals.getOrDefault(PartitionStates.Status.STALE, 0),
                    totals.getOrDefault(PartitionStates.Status.MISSING, 0));
            out.flush();
            return 0;
        }
    }
}
