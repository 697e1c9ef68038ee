package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.lineage.ColumnLineage;
import io.strata.project.AssetDeclaration;
import io.strata.project.Diagnostic;
import io.strata.project.Profile;
import io.strata.project.ProjectFile;
import io.strata.template.Invocation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A project after compilation: every asset with its compiled SQL, the graph, the singular tests, the unit tests,
 * and the warnings found on the way.
 *
 * @param reused how many models were taken from the previous compilation unchanged
 * @param phases milliseconds spent in each phase of compilation, in order
 * @param declarations the declaration readers' parsed forms of the assets they declared, for their builders
 * @param vars the project's variables: its file's {@code vars:} overlaid by {@code --vars}
 * @param rewrites the PostgreSQL-style casts compilation rewrote for the engine, file by file ({@code --debug} prints them)
 * @param invocation the compilation's {@code invocation_id} and {@code run_started_at}
 */
public record CompiledProject(Path root, ProjectFile projectFile, Profile target, AssetGraph graph,
                              List<SingularTest> singularTests, List<UnitTest> unitTests, List<Diagnostic> warnings, int reused,
                              Map<String, Double> phases, Map<AssetKey, AssetDeclaration> declarations,
                              Map<String, Object> vars, List<DialectRewrite> rewrites, Invocation invocation) {
    public CompiledProject {
        requireNonNull(root, "root");
        requireNonNull(projectFile, "projectFile");
        requireNonNull(target, "target");
        requireNonNull(graph, "graph");
        singularTests = List.copyOf(singularTests);
        unitTests = List.copyOf(unitTests);
        warnings = List.copyOf(warnings);
        phases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phases));
        declarations = Map.copyOf(declarations);
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        rewrites = List.copyOf(rewrites);
        requireNonNull(invocation, "invocation");
    }

    /** The columns of every asset and where each model column comes from, read from the compiled SQL now. */
    public ColumnLineage columnLineage() {
        return ColumnLineage.of(graph, declarations, root, io.strata.lineage.SqlFunctions.forEngine(target.type()),
                io.strata.lineage.MainColumns.read(io.strata.lineage.MainColumns.file(root, target.name())));
    }

    /** The unit tests of one model, in the order the YAML declares them. */
    public List<UnitTest> unitTests(AssetKey model) {
        return unitTests.stream().filter(test -> test.model().equals(model)).toList();
    }

    public List<Asset> models() {
        return graph.assets().stream().filter(asset -> asset.sql().isPresent()).toList();
    }
}
