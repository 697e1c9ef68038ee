package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.Materialization;
import io.strata.project.Relation;
import io.strata.sql.SqlAnalysis;
import io.strata.sql.SqlAnalyzer;
import io.strata.sql.TableReference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads each model's compiled SQL: a model must be a query, and it should read tables through
 * {@code ref()} and {@code source()} so the graph knows every dependency. SQL the reader cannot parse is
 * a warning, never a failure: the engine is the judge of its own dialect.
 */
final class SqlLint {
    private static final SqlAnalyzer ANALYZER = new SqlAnalyzer();

    private SqlLint() {
    }

    static SqlAnalysis read(String sql) {
        return ANALYZER.analyze(sql);
    }

    /**
     * @param assetsByRelation every asset with a relation, keyed by lower-case {@code schema.identifier}
     */
    static List<Diagnostic> diagnose(Asset model, SqlAnalysis analysis, Map<String, Asset> assetsByRelation, Map<AssetKey, Asset> assets) {
        String file = model.path();
        List<Diagnostic> diagnostics = new ArrayList<>();
        if (analysis.problem().isPresent()) {
            SqlAnalysis.Problem problem = analysis.problem().get();
            diagnostics.add(Diagnostic.warning(new Location(file, problem.line(), problem.column()),
                    "Strata's SQL reader could not parse the compiled SQL (" + problem.message()
                            + "); the model still runs, but direct table reads in it are not checked"));
            return diagnostics;
        }
        if (analysis.statementKind().isPresent()) {
            diagnostics.add(Diagnostic.error(Location.of(file), "a model must be a query (SELECT or WITH …), not "
                    + analysis.statementKind().get() + "; Strata creates the table or view itself"));
            return diagnostics;
        }
        // What the model reads, including what inlined ephemeral models read for it.
        Set<String> declared = new HashSet<>();
        java.util.Deque<AssetKey> pending = new java.util.ArrayDeque<>(model.deps());
        Set<AssetKey> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Asset parent = assets.get(pending.pop());
            if (parent == null || !seen.add(parent.key())) {
                continue;
            }
            parent.relation().ifPresent(relation -> declared.add(key(relation)));
            if (parent.materialization() == Materialization.EPHEMERAL) {
                declared.add(io.strata.graph.EphemeralCte.name(parent.name()).toLowerCase(Locale.ROOT));
                pending.addAll(parent.deps());
            }
        }
        for (TableReference table : analysis.tables()) {
            String name = table.names().size() >= 2 ? table.lastParts(2) : table.qualifiedName();
            if (declared.contains(name) || model.relation().map(SqlLint::key).filter(name::equals).isPresent()) {
                continue;
            }
            Asset known = assetsByRelation.get(name);
            String advice = known == null
                    ? "declare it as a source and read it with {{ source('…', '…') }}"
                    : known.kind() == AssetKind.SOURCE
                            ? "use {{ source('" + known.key().path().get(0) + "', '" + known.key().path().get(1) + "') }}"
                            : "use {{ ref('" + known.name() + "') }}";
            diagnostics.add(Diagnostic.warning(new Location(file, table.line(), table.column()),
                    "reads table '" + table.qualifiedName() + "' directly, so Strata does not know this dependency; " + advice));
        }
        return diagnostics;
    }

    static String key(Relation relation) {
        return relation.qualifiedName();
    }
}
