package io.strata.cli;

import io.strata.api.AssetKey;
import io.strata.service.Workspace;
import io.strata.graph.Asset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code strata ls}: lists the project's assets. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List assets: key, kind, layer, materialization and path.")
final class LsCommand implements Callable<Integer> {
    enum Output { text, json }

    @Mixin
    ProjectOptions project;

    @Mixin
    SelectionOptions selection;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text (default) or json.")
    Output output = Output.text;

    @Option(names = "--columns", description = "Also list each asset's columns, as declared or derived from its SQL ('?' when unknown).")
    boolean columns;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Asset> assets;
        Map<AssetKey, Optional<List<String>>> columnsOf = new LinkedHashMap<>();
        try (Workspace workspace = project.open(spec.commandLine().getErr())) {
            ProjectOptions.compile(workspace, spec.commandLine().getErr());
            assets = workspace.assets(selection.selector());
            if (columns) {
                columnsOf.putAll(workspace.columns(selection.selector()));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (output) {
            case text -> printTable(out, assets, columnsOf);
            case json -> Console.printJson(out, assets.stream().map(asset -> {
                Map<String, Object> fields = describe(asset);
                if (columns) {
                    fields.put("columns", columnsOf.get(asset.key()).orElse(null));
                }
                return fields;
            }).toList());
        }
        out.flush();
        return 0;
    }

    static Map<String, Object> describe(Asset asset) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", asset.key().toString());
        fields.put("name", asset.name());
        fields.put("kind", asset.kind().label());
        fields.put("layer", asset.layer().orElse(null));
        fields.put("materialization", asset.materialization().label());
        fields.put("path", asset.path());
        fields.put("relation", asset.relation().map(Object::toString).orElse(null));
        fields.put("tags", asset.tags().stream().sorted().toList());
        fields.put("depends_on", asset.deps().stream().map(AssetKey::toString).sorted().toList());
        fields.put("description", asset.description());
        return fields;
    }

    /** The table of assets; with their columns last when {@code columnsOf} has them. */
    private static void printTable(PrintWriter out, List<Asset> assets, Map<AssetKey, Optional<List<String>>> columnsOf) {
        List<String[]> rows = new ArrayList<>();
        boolean withColumns = !columnsOf.isEmpty();
        rows.add(withColumns ? new String[] {"KEY", "KIND", "LAYER", "MATERIALIZATION", "PATH", "COLUMNS"}
                : new String[] {"KEY", "KIND", "LAYER", "MATERIALIZATION", "PATH"});
        for (Asset asset : assets) {
            String[] row = {asset.key().toString(), asset.kind().label(), asset.layer().orElse("-"), asset.materialization().label(), asset.path()};
            if (withColumns) {
                row = java.util.Arrays.copyOf(row, 6);
                row[5] = columnsOf.get(asset.key()).map(names -> String.join(", ", names)).orElse("?");
            }
            rows.add(row);
        }
        int[] widths = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
