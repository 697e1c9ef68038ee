package io.strata.lineage;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.graph.EphemeralCte;
import io.strata.project.AssetDeclaration;
import io.strata.sql.SqlAnalyzer;
import org.apache.calcite.sql.SqlNode;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The columns of every asset of a compiled project and, for every model column, the columns of the assets it
 * reads that it derives from. Models are read in dependency order, so a {@code select *} over a model expands
 * to that model's columns. Computed on demand (by {@code strata lineage}), not on every compile.
 * <p>
 * An asset whose columns cannot be known (an ingest asset whose schema is inferred when it runs, a Java asset
 * without YAML {@code columns:}) leaves the columns of models over it unknown: a warning, never a failure; a
 * column named in SQL over such an asset is still followed to it by name.
 */
public final class ColumnLineage {
    private static final SqlAnalyzer ANALYZER = new SqlAnalyzer();

    private final AssetGraph graph;
    private final Map<AssetKey, Optional<List<String>>> columns = new HashMap<>();
    private final Map<AssetKey, Map<String, SqlType>> types = new HashMap<>();
    private final Map<AssetKey, QueryLineage.Shape> shapes = new HashMap<>();
    private final Map<AssetKey, List<String>> warnings = new LinkedHashMap<>();
    private final Map<ColumnRef, List<ColumnEdge>> downstream = new HashMap<>();

    private final SqlFunctions functions;

    private ColumnLineage(AssetGraph graph, SqlFunctions functions) {
        this.graph = graph;
        this.functions = functions;
    }

    /**
     * Reads every model of a compiled project.
     *
     * @param declarations the declaration readers' parsed forms of the assets they declared (their columns)
     * @param root the project folder, where seeds are read for their header
     */
    public static ColumnLineage of(AssetGraph graph, Map<AssetKey, AssetDeclaration> declarations, Path root) {
        return of(graph, declarations, root, SqlFunctions.TRINO);
    }

    /** {@link #of(AssetGraph, Map, Path)} with the types of columns derived through the functions of the project's engine. */
    public static ColumnLineage of(AssetGraph graph, Map<AssetKey, AssetDeclaration> declarations, Path root, SqlFunctions functions) {
        return of(graph, declarations, root, functions, MainColumns.empty());
    }

    /**
     * {@link #of(AssetGraph, Map, Path, SqlFunctions)} with the columns main's tables had when runs merged, for the
     * tables whose columns the project does not say ({@link MainColumns}).
     */
    public static ColumnLineage of(AssetGraph graph, Map<AssetKey, AssetDeclaration> declarations, Path root, SqlFunctions functions,
                                   MainColumns main) {
        ColumnLineage lineage = new ColumnLineage(graph, functions);
        Map<String, AssetKey> byRelation = relations(graph);
        // Parsing is most of the work and independent per model; following columns needs the parents' columns first.
        Map<AssetKey, Optional<SqlNode>> queries = new java.util.concurrent.ConcurrentHashMap<>();
        graph.assets().parallelStream().filter(asset -> asset.sql().isPresent())
                .forEach(model -> queries.put(model.key(), ANALYZER.query(model.sql().orElseThrow())));
        for (AssetKey key : graph.topologicalOrder()) {
            Asset asset = graph.require(key);
            if (asset.sql().isEmpty()) {
                lineage.columns.put(key, Schemas.forLineage(asset, declarations, root, main));
                lineage.types.put(key, Schemas.types(asset, declarations, root, main));
            }
            else {
                lineage.readModel(asset, queries.get(key), byRelation);
            }
        }
        lineage.indexDownstream();
        return lineage;
    }

    private void readModel(Asset model, Optional<SqlNode> query, Map<String, AssetKey> byRelation) {
        List<String> found = new ArrayList<>();
        if (query.isEmpty()) {
            found.add("its SQL could not be read (strata compile says why), so its columns are "
                    + (model.columns().isEmpty() ? "unknown" : "taken from its YAML and not followed"));
            columns.put(model.key(), Schemas.yaml(model));
            warnings.put(model.key(), found);
            return;
        }
        QueryLineage reader = new QueryLineage(names -> table(names, byRelation, graph), key -> columns.getOrDefault(key, Optional.empty()),
                key -> types.getOrDefault(key, Map.of()), functions);
        QueryLineage.Shape shape;
        try {
            shape = SnapshotShape.of(model, reader.read(query.get()));
        }
        catch (RuntimeException e) {
            // A parse tree of a shape the reader does not expect: this model's lineage is lost, never the command.
            warnings.put(model.key(), List.of("its columns could not be followed (" + e + "), so they are "
                    + (model.columns().isEmpty() ? "unknown" : "taken from its YAML")));
            columns.put(model.key(), Schemas.yaml(model));
            return;
        }
        shapes.put(model.key(), shape);
        found.addAll(reader.warnings());
        if (shape.complete) {
            columns.put(model.key(), Optional.of(shape.names));
            Map<String, SqlType> typed = new HashMap<>();
            for (int i = 0; i < shape.names.size(); i++) {
                if (shape.types.get(i).isKnown()) {
                    typed.putIfAbsent(shape.names.get(i), shape.types.get(i));
                }
            }
            types.put(model.key(), Map.copyOf(typed));
        }
        else {
            columns.put(model.key(), Schemas.yaml(model));
            found.add("its columns are " + (model.columns().isEmpty() ? "unknown" : "taken from its YAML")
                    + ": it selects * from a relation whose columns are not known");
        }
        if (!found.isEmpty()) {
            warnings.put(model.key(), List.copyOf(found));
        }
    }

    /** Every asset with a relation, by its {@code schema.table}. */
    static Map<String, AssetKey> relations(AssetGraph graph) {
        Map<String, AssetKey> byRelation = new HashMap<>();
        for (Asset asset : graph.assets()) {
            asset.relation().ifPresent(relation -> byRelation.put(relation.qualifiedName(), asset.key()));
        }
        return byRelation;
    }

    /** The asset a table name in a model's SQL stands for: an ephemeral model's CTE, or an asset's {@code schema.table}. */
    static Optional<AssetKey> table(List<String> names, Map<String, AssetKey> byRelation, AssetGraph graph) {
        if (names.size() == 1) {
            Optional<AssetKey> ephemeral = EphemeralCte.modelOf(names.getFirst()).map(AssetKey::of).filter(key -> graph.asset(key).isPresent());
            if (ephemeral.isPresent()) {
                return ephemeral;
            }
        }
        if (names.size() < 2) {
            return Optional.empty();
        }
        return Optional.ofNullable(byRelation.get(String.join(".", names.subList(names.size() - 2, names.size()))));
    }

    private void indexDownstream() {
        for (Map.Entry<AssetKey, QueryLineage.Shape> entry : shapes.entrySet()) {
            for (String name : columns.get(entry.getKey()).orElse(entry.getValue().names)) {
                for (ColumnEdge edge : upstream(new ColumnRef(entry.getKey(), name))) {
                    downstream.computeIfAbsent(edge.from(), from -> new ArrayList<>()).add(edge);
                }
            }
        }
        downstream.values().forEach(edges -> edges.sort(Comparator.comparing(ColumnEdge::to).thenComparing(ColumnEdge::derivation)));
    }

    /** The asset's columns in order, when the project says or its SQL shows them. */
    public Optional<List<String>> columns(AssetKey asset) {
        return columns.getOrDefault(asset, Optional.empty());
    }

    /** The types of the asset's columns that are known (declared, or derived from its SQL), by column. */
    public Map<String, SqlType> types(AssetKey asset) {
        return types.getOrDefault(asset, Map.of());
    }

    /** Whether the asset has the column, or may have it (its columns are unknown, yet its SQL follows the name to an input). */
    public boolean has(ColumnRef column) {
        Optional<List<String>> known = columns(column.asset());
        if (known.isPresent()) {
            return known.get().contains(column.column());
        }
        QueryLineage.Shape shape = shapes.get(column.asset());
        return shape != null && shape.find(column.column()).filter(origins -> !origins.isEmpty()).isPresent();
    }

    /** What lineage could not follow, by model. */
    public Map<AssetKey, List<String>> warnings() {
        return java.util.Collections.unmodifiableMap(warnings);
    }

    /** The asset's columns, each with what it derives from directly, and the warnings of its SQL. */
    public ColumnSources sources(AssetKey asset) {
        Map<String, List<ColumnEdge>> upstream = new LinkedHashMap<>();
        columns(asset).ifPresent(names -> names.forEach(name -> upstream.put(name, upstream(new ColumnRef(asset, name)))));
        Map<String, String> typeNames = new LinkedHashMap<>();
        columns(asset).ifPresent(names -> names.forEach(name -> Optional.ofNullable(types(asset).get(name))
                .ifPresent(type -> typeNames.put(name, type.name()))));
        return new ColumnSources(asset, columns(asset), typeNames, upstream, warnings.getOrDefault(asset, List.of()));
    }

    /** The columns a model column derives from directly (in the assets the model reads); none for other assets. */
    public List<ColumnEdge> upstream(ColumnRef column) {
        QueryLineage.Shape shape = shapes.get(column.asset());
        if (shape == null) {
            return List.of();
        }
        Optional<Set<QueryLineage.Origin>> value = shape.find(column.column());
        if (value.isEmpty()) {
            return List.of();
        }
        Set<QueryLineage.Origin> all = new LinkedHashSet<>(value.get());
        all.addAll(shape.rows);
        return edges(column, all);
    }

    /** The model columns that derive directly from a column. */
    public List<ColumnEdge> downstream(ColumnRef column) {
        return List.copyOf(downstream.getOrDefault(column, List.of()));
    }

    /** One edge per column read and way: of the ways that carry a value, the strongest; copied becomes renamed under another name. */
    private static List<ColumnEdge> edges(ColumnRef to, Set<QueryLineage.Origin> origins) {
        Map<ColumnRef, Derivation> values = new LinkedHashMap<>();
        Set<ColumnEdge> edges = new LinkedHashSet<>();
        for (QueryLineage.Origin origin : origins) {
            if (origin.derivation().carriesValue()) {
                values.merge(origin.column(), origin.derivation(), Derivation::then);
            }
            else {
                edges.add(new ColumnEdge(origin.column(), to, origin.derivation()));
            }
        }
        values.forEach((from, derivation) -> edges.add(new ColumnEdge(from, to,
                derivation == Derivation.COPIED && !from.column().equals(to.column()) ? Derivation.RENAMED : derivation)));
        return edges.stream().sorted(Comparator.comparing(ColumnEdge::derivation).thenComparing(ColumnEdge::from)).toList();
    }

    /**
     * The column's lineage in the given direction, {@code depth} derivations deep ({@code -1}: all the way). Only the
     * derivations that carry a value are followed further: a column that filters or joins the rows of a reached column
     * is shown with its edge, but what it derives from is not (that would list most of a project's key columns).
     */
    public LineageGraph trace(ColumnRef root, LineageGraph.Direction direction, int depth) {
        Set<ColumnRef> reached = new LinkedHashSet<>(List.of(root));
        Set<ColumnEdge> edges = new LinkedHashSet<>();
        if (direction.upstream()) {
            walk(root, depth, reached, edges, true);
        }
        if (direction.downstream()) {
            walk(root, depth, reached, edges, false);
        }
        List<String> found = new ArrayList<>();
        Set<AssetKey> assets = new LinkedHashSet<>();
        reached.forEach(column -> assets.add(column.asset()));
        for (AssetKey asset : assets) {
            warnings.getOrDefault(asset, List.of()).forEach(text -> found.add(asset + ": " + text));
        }
        return new LineageGraph(root, direction, List.copyOf(reached), List.copyOf(edges), found);
    }

    private void walk(ColumnRef root, int depth, Set<ColumnRef> reached, Set<ColumnEdge> edges, boolean up) {
        Deque<ColumnRef> frontier = new ArrayDeque<>(List.of(root));
        Set<ColumnRef> seen = new LinkedHashSet<>(List.of(root));
        for (int level = 0; (depth < 0 || level < depth) && !frontier.isEmpty(); level++) {
            Deque<ColumnRef> next = new ArrayDeque<>();
            for (ColumnRef column : frontier) {
                for (ColumnEdge edge : up ? upstream(column) : downstream(column)) {
                    edges.add(edge);
                    ColumnRef neighbour = up ? edge.from() : edge.to();
                    reached.add(neighbour);
                    if (edge.derivation().carriesValue() && seen.add(neighbour)) {
                        next.add(neighbour);
                    }
                }
            }
            frontier = next;
        }
    }
}
