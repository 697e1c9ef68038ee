package io.strata.lineage;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.graph.AssetKind;
import io.strata.project.AssetDeclaration;
import io.strata.sql.SqlAnalyzer;
import org.apache.calcite.sql.SqlNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the column names of every model's SQL against the columns of the relations in their scope, model by
 * model in dependency order, so a model over a model knows its columns. A name is an error only when every
 * relation in its scope has known columns; what the reader cannot follow is never an error.
 * <p>
 * A model's columns are those its SQL gives. Its YAML {@code columns:}, which lineage lets stand in when the SQL does
 * not show them, do not here: they often document only some of the columns. So do a source's and a Java asset's (the
 * columns their tests need), so names read from a source or a Java asset are not checked.
 * <p>
 * {@link #check} may be called from several threads at once, each model once the models it reads are checked.
 */
public final class ColumnValidator {
    private static final SqlAnalyzer ANALYZER = new SqlAnalyzer();

    private final AssetGraph graph;
    private final Map<String, AssetKey> byRelation;
    private final Map<AssetKey, Optional<List<String>>> columns = new ConcurrentHashMap<>();
    private final Map<AssetKey, Map<String, SqlType>> types = new ConcurrentHashMap<>();
    private final SqlFunctions functions;

    /**
     * @param declarations the declaration readers' parsed forms of the assets they declared (their columns)
     * @param root the project folder, where seeds are read for their header and types
     * @param functions the functions of the engine the project runs on
     */
    public ColumnValidator(AssetGraph graph, Map<AssetKey, AssetDeclaration> declarations, Path root, SqlFunctions functions) {
        this(graph, declarations, root, functions, MainColumns.empty());
    }

    /**
     * @param main the columns main's tables had when runs merged: they type the columns the project does not (their
     *             names are not checked: a run may change a table whose schema the project does not fix)
     */
    public ColumnValidator(AssetGraph graph, Map<AssetKey, AssetDeclaration> declarations, Path root, SqlFunctions functions, MainColumns main) {
        this.graph = graph;
        this.byRelation = ColumnLineage.relations(graph);
        this.functions = functions;
        for (Asset asset : graph.assets()) {
            if (asset.sql().isEmpty()) {
                columns.put(asset.key(), documentedOnly(asset) ? Optional.empty() : Schemas.declared(asset, declarations, root));
                types.put(asset.key(), Schemas.types(asset, declarations, root, main));
            }
        }
    }

    /** Whether the asset's columns are known from its YAML only, which may document some of them: a source, a Java asset. */
    private static boolean documentedOnly(Asset asset) {
        return asset.kind() == AssetKind.SOURCE || asset.kind() == AssetKind.CODE;
    }

    /** The models, each after the assets it reads. */
    public List<Asset> models() {
        return graph.topologicalOrder().stream().map(graph::require).filter(asset -> asset.sql().isPresent()).toList();
    }

    /**
     * What a model's check depends on besides its SQL: the columns of what it reads. A check
     * kept under the same SQL and inputs can be {@link #reuse reused}.
     */
    public String inputs(Asset model) {
        StringBuilder inputs = new StringBuilder();
        model.deps().stream().sorted().forEach(dep -> inputs.append('\n').append(dep).append('=')
                .append(columns.getOrDefault(dep, Optional.empty()).map(Object::toString).orElse("?"))
                .append(' ').append(new java.util.TreeMap<>(types.getOrDefault(dep, Map.of()))));
        inputs.append("\nfunctions=").append(functions.engine());
        return inputs.toString();
    }

    /** The model's check as an earlier compilation made it with the same {@link #inputs}: its columns are kept for the models that read it. */
    public void reuse(Asset model, Result result) {
        columns.put(model.key(), result.columns());
        types.put(model.key(), result.typesByName());
    }

    /** Checks one model whose inputs are checked, and keeps its columns for the models that read it. */
    public Result check(Asset model) {
        return check(model, ANALYZER.query(model.sql().orElseThrow()));
    }

    /** {@link #check(Asset)} with the model's SQL already parsed ({@link SqlAnalyzer#read}); empty when it is no query or does not parse. */
    public Result check(Asset model, Optional<SqlNode> query) {
        Result result = read(model, query);
        reuse(model, result);
        return result;
    }

    private Result read(Asset model, Optional<SqlNode> query) {
        if (query.isEmpty()) {
            // The SQL reading phase warns about SQL it cannot parse.
            return new Result(List.of(), Optional.empty(), List.of());
        }
        QueryLineage reader = new QueryLineage(names -> ColumnLineage.table(names, byRelation, graph),
                key -> columns.getOrDefault(key, Optional.empty()), key -> types.getOrDefault(key, Map.of()), functions);
        QueryLineage.Shape shape;
        try {
            shape = SnapshotShape.of(model, reader.read(query.get()));
        }
        catch (RuntimeException e) {
            // A parse tree of a shape the reader does not expect: this model goes unchecked, the project still compiles.
            return new Result(List.of(new ColumnProblem(ColumnProblem.Kind.NOT_CHECKED, "query", 0, 0,
                    "column names are not checked: Strata's SQL reader could not follow this query (" + e + ")")), Optional.empty(), List.of());
        }
        List<ColumnProblem> problems = new ArrayList<>(reader.problems());
        List<String> unknownInputs = new ArrayList<>();
        for (AssetKey dep : model.deps()) {
            boolean isModel = graph.asset(dep).map(input -> input.kind() == AssetKind.MODEL).orElse(true);
            boolean documented = graph.asset(dep).map(ColumnValidator::documentedOnly).orElse(false);
            if (!isModel && !documented && columns.getOrDefault(dep, Optional.empty()).isEmpty()) {
                unknownInputs.add(dep.toString());
            }
        }
        if (!unknownInputs.isEmpty()) {
            java.util.Collections.sort(unknownInputs);
            problems.add(new ColumnProblem(ColumnProblem.Kind.NOT_CHECKED, "input", 0, 0, "column names read from "
                    + String.join(", ", unknownInputs.stream().map(input -> "'" + input + "'").toList())
                    + " are not checked: the project does not declare " + (unknownInputs.size() == 1 ? "its" : "their")
                    + " columns (YAML columns:)"));
        }
        return shape.complete ? new Result(problems, Optional.of(shape.names), shape.types.stream().map(SqlType::name).toList())
                : new Result(problems, Optional.empty(), List.of());
    }

    /**
     * One model's check.
     *
     * @param problems what is wrong with its column names, types and calls, and what could not be checked
     * @param columns its output columns, when known
     * @param types the type of each of its columns ({@link SqlType#name}, {@code unknown} where not derived), when its columns are known
     */
    public record Result(List<ColumnProblem> problems, Optional<List<String>> columns, List<String> types) {
        public Result {
            problems = List.copyOf(problems);
            columns = columns.map(List::copyOf);
            types = List.copyOf(types);
        }

        /** The known types of its columns by name. */
        public Map<String, SqlType> typesByName() {
            Map<String, SqlType> byName = new java.util.HashMap<>();
            if (columns.isPresent()) {
                for (int i = 0; i < Math.min(types.size(), columns.get().size()); i++) {
                    SqlType type = SqlType.of(types.get(i));
                    if (type.isKnown()) {
                        byName.putIfAbsent(columns.get().get(i), type);
                    }
                }
            }
            return byName;
        }
    }
}
