package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.project.Diagnostic;
import io.strata.sql.SqlAnalysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads every model's compiled SQL for what {@link SqlLint} warns about, in parallel, reusing the reading of
 * SQL that is unchanged since the last compilation or kept in the compile cache.
 *
 * @param memos what the next compilation may reuse, by asset
 * @param analysesInUse fingerprints of the SQL read now, the cache entries worth keeping
 */
record SqlReading(Map<AssetKey, Memory.LintMemo> memos, Set<String> analysesInUse) {
    static SqlReading read(AssetGraph graph, boolean sameContext, Memory memory, CompileCache cache, Parallel parallel,
                           Diagnostics diagnostics) {
        Map<AssetKey, Memory.LintMemo> memos = new HashMap<>();
        Set<String> analysesInUse = ConcurrentHashMap.newKeySet();
        List<Asset> toRead = new ArrayList<>();
        for (Asset asset : graph.assets()) {
            Memory.LintMemo previous = sameContext ? memory.lints().get(asset.key()) : null;
            if (asset.sql().isEmpty()) {
                continue;
            }
            if (previous != null && previous.asset() == asset) {
                memos.put(asset.key(), previous);
                diagnostics.addAll(previous.diagnostics());
                analysesInUse.add(previous.analysisKey());
            }
            else {
                toRead.add(asset);
            }
        }
        if (toRead.isEmpty()) {
            return new SqlReading(memos, analysesInUse);
        }
        List<SqlAnalysis> results = parallel.map(toRead, asset -> {
            String key = Fingerprint.of(asset.sql().get());
            analysesInUse.add(key);
            return cache.analysis(key).orElseGet(() -> {
                SqlAnalysis analysis = SqlLint.read(asset.sql().get());
                cache.keepAnalysis(key, analysis);
                return analysis;
            });
        });
        Map<String, Asset> byRelation = new HashMap<>();
        Map<AssetKey, Asset> byKey = new HashMap<>();
        for (Asset asset : graph.assets()) {
            byKey.put(asset.key(), asset);
            asset.relation().ifPresent(relation -> byRelation.put(SqlLint.key(relation), asset));
        }
        for (int i = 0; i < toRead.size(); i++) {
            Asset asset = toRead.get(i);
            List<Diagnostic> found = SqlLint.diagnose(asset, results.get(i), byRelation, byKey);
            memos.put(asset.key(), new Memory.LintMemo(asset, Fingerprint.of(asset.sql().get()), found));
            diagnostics.addAll(found);
        }
        return new SqlReading(memos, analysesInUse);
    }
}
