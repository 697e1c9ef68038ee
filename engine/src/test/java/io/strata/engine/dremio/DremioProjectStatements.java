package io.strata.engine.dremio;

import io.strata.api.AssetKey;
import io.strata.check.CheckQuery;
import io.strata.compile.CompiledProject;
import io.strata.compile.SingularTest;
import io.strata.engine.SeedData;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.partition.Partition;
import io.strata.partition.PartitionTokens;
import io.strata.partition.PartitionsDefinition;
import io.strata.project.CheckDefinition;
import io.strata.project.Materialization;
import io.strata.project.Relation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Dremio statements a run of a compiled project sends for its seeds, models and checks, without a Dremio: each model's
 * build statements (an increment's too, and a partitioned model's build of its first partition) with the relations of
 * its parents in the graph as the lake it reads, and each check's counting query. Public for the checks of whole
 * projects in other modules.
 */
public final class DremioProjectStatements {
    /** One statement of an asset; {@code view} for a CREATE VIEW, whose body must carry no AT. */
    public record Statement(AssetKey asset, String sql, boolean view, Set<Relation> reads) {
    }

    private DremioProjectStatements() {
    }

    /** Every model's and check's statements on the branch, in the graph's order. */
    public static List<Statement> of(CompiledProject project, String source, String branch) {
        DremioStatements statements = new DremioStatements(source);
        AssetGraph graph = project.graph();
        List<Statement> all = new ArrayList<>();
        for (AssetKey key : graph.topologicalOrder()) {
            Asset asset = graph.require(key);
            Set<Relation> reads = parentRelations(graph, asset.deps());
            if (asset.sql().isPresent() && asset.relation().isPresent() && asset.materialization() != Materialization.EPHEMERAL) {
                Relation relation = asset.relation().get();
                String sql = asset.sql().get();
                Set<Relation> lake = new HashSet<>(reads);
                lake.add(relation);
                List<String> columns = asset.columns().isEmpty() ? List.of("strata_column") : asset.columns().stream().map(io.strata.project.ColumnDefinition::name).toList();
                switch (asset.materialization()) {
                    case VIEW -> all.add(new Statement(key, statements.view(relation, branch, sql, lake), true, reads));
                    case TABLE -> all.add(new Statement(key, statements.createTable(relation, branch, sql, lake), false, reads));
                    case INCREMENTAL -> {
                        all.add(new Statement(key, statements.createTable(relation, branch, sql, lake), false, reads));
                        List<String> uniqueKey = asset.config().uniqueKey().isEmpty() ? columns.subList(0, 1) : asset.config().uniqueKey();
                        all.add(new Statement(key, switch (asset.config().incrementalStrategy()) {
                            case APPEND -> statements.append(relation, branch, sql, columns, lake);
                            case MERGE -> statements.merge(relation, branch, sql, columns, uniqueKey, lake);
                            case DELETE_INSERT -> statements.deleteMatching(relation, branch, sql, uniqueKey, lake);
                        }, false, reads));
                    }
                    default -> {
                    }
                }
                Optional<PartitionsDefinition> partitions = PartitionsDefinition.of(asset);
                if (partitions.isPresent() && asset.materialization() != Materialization.VIEW) {
                    all.addAll(partitionBuild(statements, key, relation, sql, lake, reads, partitions.get(), columns, branch));
                }
            }
            if (asset.kind() == io.strata.graph.AssetKind.SEED && asset.relation().isPresent()) {
                SeedData data = SeedData.read(project.root(), asset);
                Relation relation = asset.relation().get();
                all.add(new Statement(key, statements.createSeedTable(relation, branch, data.sqlColumns(), data.types()), false, Set.of()));
                all.add(new Statement(key, statements.insertValues(relation, branch, data.types(), data.rows()), false, Set.of()));
            }
            if (asset.relation().isPresent()) {
                for (CheckDefinition check : asset.checks()) {
                    Optional<String> sql = CheckQuery.sql(check, asset, name -> relationNamed(graph, name));
                    if (sql.isPresent()) {
                        Set<Relation> lake = new HashSet<>(allRelations(graph));
                        all.add(new Statement(key, statements.onBranch(counted(sql.get()), lake, branch), false, Set.of(asset.relation().get())));
                    }
                }
            }
        }
        for (SingularTest test : project.singularTests()) {
            Set<Relation> reads = parentRelations(graph, test.deps());
            all.add(new Statement(AssetKey.of(test.name()), statements.onBranch(counted(test.sql()), reads, branch), false, reads));
        }
        return all;
    }

    /**
     * What {@link DremioEngine#replacePartitions} sends to build the first partition: the rows staged, those outside the
     * window counted, the window deleted and the staged rows inserted (the staged table's drops are DremioEngine's own).
     */
    private static List<Statement> partitionBuild(DremioStatements statements, AssetKey key, Relation relation, String sql, Set<Relation> lake,
                                                  Set<Relation> reads, PartitionsDefinition partitions, List<String> columns, String branch) {
        Partition first = partitions.first();
        String window = DremioStatements.partitionCondition(partitions.condition(first, first), partitions.column());
        Relation staged = DremioEngine.stagedPartitions(relation);
        Set<Relation> withStaged = new HashSet<>(lake);
        withStaged.add(staged);
        String rendered = PartitionTokens.render(sql, partitions.rendering(first, first));
        return List.of(
                new Statement(key, statements.createTable(staged, branch, rendered, lake), false, reads),
                new Statement(key, statements.countOutside(staged, branch, window), false, Set.of(staged)),
                new Statement(key, statements.deletePartitions(relation, branch, window), false, Set.of()),
                new Statement(key, statements.append(relation, branch, "SELECT * FROM " + staged.render(), columns, withStaged), false, Set.of(staged)));
    }

    /** The query CheckRunner sends to count a check's failing rows. */
    private static String counted(String sql) {
        return "SELECT count(*) FROM (\n" + sql.strip().replaceAll(";+$", "") + "\n) AS failures";
    }

    /** The relations of the parents; an ephemeral parent is inlined, so its own parents are read instead. */
    private static Set<Relation> parentRelations(AssetGraph graph, Set<AssetKey> deps) {
        Set<Relation> relations = new HashSet<>();
        for (AssetKey dep : deps) {
            Optional<Asset> parent = graph.asset(dep);
            if (parent.filter(asset -> asset.materialization() == Materialization.EPHEMERAL).isPresent()) {
                relations.addAll(parentRelations(graph, parent.get().deps()));
            }
            else {
                parent.flatMap(Asset::relation).ifPresent(relations::add);
            }
        }
        return relations;
    }

    /** Every relation of the graph: the lake a placement check knows. */
    public static Set<Relation> allRelations(AssetGraph graph) {
        Set<Relation> relations = new HashSet<>();
        graph.assets().forEach(asset -> asset.relation().ifPresent(relations::add));
        return relations;
    }

    private static Optional<Relation> relationNamed(AssetGraph graph, String name) {
        return graph.assets().stream().filter(asset -> asset.name().equals(name)).findFirst().flatMap(Asset::relation);
    }
}
