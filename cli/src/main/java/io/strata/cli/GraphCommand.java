package io.strata.cli;

import io.strata.api.AssetKey;
import io.strata.compile.CompiledProject;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.service.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code strata graph}: prints the asset graph as Graphviz dot or JSON. */
@Command(name = "graph", mixinStandardHelpOptions = true, description = "Print the asset graph (Graphviz dot or JSON).")
final class GraphCommand implements Callable<Integer> {
    enum Output { dot, json }

    @Mixin
    ProjectOptions project;

    @Mixin
    SelectionOptions selection;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "dot (default) or json.")
    Output output = Output.dot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CompiledProject compiled;
        try (Workspace workspace = project.open(spec.commandLine().getErr())) {
            compiled = ProjectOptions.compile(workspace, spec.commandLine().getErr());
        }
        AssetGraph graph = compiled.graph();
        List<AssetKey> selected = selection.selector().select(graph);
        Set<AssetKey> included = new HashSet<>(selected);
        List<Map.Entry<AssetKey, AssetKey>> edges = graph.edges().stream()
                .filter(edge -> included.contains(edge.getKey()) && included.contains(edge.getValue())).toList();
        PrintWriter out = spec.commandLine().getOut();
        switch (output) {
            case dot -> printDot(out, compiled.projectFile().name(), selected.stream().map(graph::require).toList(), edges);
            case json -> {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("nodes", selected.stream().map(graph::require).map(LsCommand::describe).toList());
                document.put("edges", edges.stream().map(edge -> Map.of("from", edge.getKey().toString(), "to", edge.getValue().toString())).toList());
                Console.printJson(out, document);
            }
        }
        out.flush();
        return 0;
    }

    private static void printDot(PrintWriter out, String name, List<Asset> assets, List<Map.Entry<AssetKey, AssetKey>> edges) {
        out.println("digraph " + quote(name) + " {");
        out.println("  rankdir=LR;");
        out.println("  node [shape=box, style=rounded, fontname=\"Helvetica\"];");
        for (Asset asset : assets) {
            String shape = switch (asset.kind()) {
                case SOURCE -> "cylinder";
                case SEED -> "note";
                case INGEST -> "folder";
                case CODE -> "component";
                case MODEL -> "box";
            };
            out.println("  " + quote(asset.key().toString()) + " [label=" + quote(asset.key() + "\n" + asset.materialization().label())
                    + ", shape=" + shape + "];");
        }
        for (Map.Entry<AssetKey, AssetKey> edge : edges) {
            out.println("  " + quote(edge.getKey().toString()) + " -> " + quote(edge.getValue().toString()) + ";");
        }
        out.println("}");
    }

    /** A Graphviz string. */
    static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
