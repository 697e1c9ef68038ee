package io.strata.cli;

import io.strata.api.AssetKey;
import io.strata.graph.AssetKind;
import io.strata.lineage.ColumnEdge;
import io.strata.lineage.ColumnRef;
import io.strata.lineage.LineageGraph;
import io.strata.project.StrataException;
import io.strata.service.RefusedException;
import io.strata.service.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code strata lineage MODEL.COLUMN}: where a column comes from and where it goes. */
@Command(name = "lineage", mixinStandardHelpOptions = true,
        description = "Show where a column comes from (upstream) and where it goes (downstream), column by column across models.")
final class LineageCommand implements Callable<Integer> {
    enum Output { text, json, dot }

    @Mixin
    ProjectOptions project;

    @Parameters(index = "0", paramLabel = "MODEL.COLUMN",
            description = "The asset and its column, e.g. sales_monthly.revenue_eur (a source table: ecoride/sales.price_eur).")
    String column;

    @CommandLine.ArgGroup(exclusive = true)
    Way way;

    static final class Way {
        @Option(names = "--upstream", description = "Only what the column derives from.")
        boolean upstream;

        @Option(names = "--downstream", description = "Only what derives from the column.")
        boolean downstream;
    }

    @Option(names = "--depth", paramLabel = "N", description = "Follow at most N derivations (default: all the way).")
    Integer depth;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text (default), json or dot.")
    Output output = Output.text;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int dot = column.lastIndexOf('.');
        if (dot <= 0 || dot == column.length() - 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give the column as MODEL.COLUMN, e.g. sales_monthly.revenue_eur; not '"
                    + column + "'");
        }
        if (depth != null && depth < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--depth must be 1 or more, not " + depth);
        }
        LineageGraph.Direction direction = way == null ? LineageGraph.Direction.BOTH
                : way.upstream ? LineageGraph.Direction.UPSTREAM : LineageGraph.Direction.DOWNSTREAM;
        LineageGraph graph;
        AssetKind kind;
        try (Workspace workspace = project.open(spec.commandLine().getErr())) {
            ProjectOptions.compile(workspace, spec.commandLine().getErr());
            AssetKey key = AssetKey.parse(column.substring(0, dot));
            graph = workspace.columnLineage(key, column.substring(dot + 1), direction, depth == null ? -1 : depth);
            kind = workspace.asset(key).kind();
        }
        catch (RefusedException e) {
            // The column named on the command line is not there: bad input, as a misspelt option is.
            if (e.kind() == StrataException.Kind.NOT_FOUND) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (output) {
            case text -> printText(out, graph, kind);
            case json -> Console.printJson(out, json(graph));
            case dot -> printDot(out, graph);
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        graph.warnings().forEach(warning -> err.println("warning: " + warning));
        err.flush();
        return 0;
    }

    private static void printText(PrintWriter out, LineageGraph graph, AssetKind kind) {
        out.println(graph.root());
        boolean both = graph.direction() == LineageGraph.Direction.BOTH;
        String indent = both ? "    " : "  ";
        if (graph.direction() != LineageGraph.Direction.DOWNSTREAM) {
            if (both) {
                out.println("  upstream:");
            }
            printTree(out, graph, graph.root(), true, indent, new HashSet<>());
            if (graph.into(graph.root()).isEmpty()) {
                out.println(indent + switch (kind) {
                    case MODEL -> "derives from no column (a constant, or count(*))";
                    case SOURCE -> "lineage starts here: a column of a source table";
                    case SEED -> "lineage starts here: a column of a seed";
                    case INGEST -> "lineage starts here: a column of an ingest asset";
                    case CODE -> "lineage starts here: a column of a Java asset";
                });
            }
        }
        if (graph.direction() != LineageGraph.Direction.UPSTREAM) {
            if (both) {
                out.println("  downstream:");
            }
            printTree(out, graph, graph.root(), false, indent, new HashSet<>());
            if (graph.outOf(graph.root()).isEmpty()) {
                out.println(indent + "no model column derives from it");
            }
        }
    }

    /** One line per edge, what it leads to indented below; a column whose tree was shown already is not shown again. */
    private static void printTree(PrintWriter out, LineageGraph graph, ColumnRef column, boolean up, String indent, Set<ColumnRef> shown) {
        if (!shown.add(column)) {
            return;
        }
        for (ColumnEdge edge : up ? graph.into(column) : graph.outOf(column)) {
            ColumnRef next = up ? edge.from() : edge.to();
            boolean followed = edge.derivation().carriesValue();
            boolean more = followed && !(up ? graph.into(next) : graph.outOf(next)).isEmpty();
            boolean repeated = more && shown.contains(next);
            out.println(indent + (up ? "<- " : "-> ") + next + "  (" + edge.derivation().label() + ")" + (repeated ? " (see above)" : ""));
            if (followed) {
                printTree(out, graph, next, up, indent + "     ", shown);
            }
        }
    }

    private static Map<String, Object> json(LineageGraph graph) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("column", graph.root().toString());
        document.put("direction", graph.direction().name().toLowerCase(java.util.Locale.ROOT));
        document.put("columns", graph.columns().stream().map(column -> fields("asset", column.asset().toString(), "column", column.column())).toList());
        document.put("edges", graph.edges().stream().map(edge -> fields("from", edge.from().toString(), "to", edge.to().toString(),
                "derivation", edge.derivation().label())).toList());
        document.put("warnings", graph.warnings());
        return document;
    }

    /** A JSON object with its keys in the given order. */
    private static Map<String, Object> fields(String... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }

    /** Graphviz dot: one box per asset holding its columns; edges that filter or join dashed. */
    private static void printDot(PrintWriter out, LineageGraph graph) {
        out.println("digraph " + GraphCommand.quote(graph.root().toString()) + " {");
        out.println("  rankdir=LR;");
        out.println("  node [shape=box, style=rounded, fontname=\"Helvetica\"];");
        Map<AssetKey, List<ColumnRef>> byAsset = new LinkedHashMap<>();
        graph.columns().forEach(column -> byAsset.computeIfAbsent(column.asset(), asset -> new java.util.ArrayList<>()).add(column));
        int cluster = 0;
        for (Map.Entry<AssetKey, List<ColumnRef>> asset : byAsset.entrySet()) {
            out.println("  subgraph cluster_" + cluster++ + " {");
            out.println("    label=" + GraphCommand.quote(asset.getKey().toString()) + ";");
            for (ColumnRef column : asset.getValue()) {
                out.println("    " + GraphCommand.quote(column.toString()) + " [label=" + GraphCommand.quote(column.column())
                        + (column.equals(graph.root()) ? ", penwidth=2" : "") + "];");
            }
            out.println("  }");
        }
        for (ColumnEdge edge : graph.edges()) {
            out.println("  " + GraphCommand.quote(edge.from().toString()) + " -> " + GraphCommand.quote(edge.to().toString()) + " [label=" + GraphCommand.quote(edge.derivation().label())
                    + (edge.derivation().carriesValue() ? "" : ", style=dashed") + "];");
        }
        out.println("}");
    }
}
