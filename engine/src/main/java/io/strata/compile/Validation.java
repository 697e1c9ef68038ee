package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.lineage.ColumnProblem;
import io.strata.lineage.ColumnValidator;
import io.strata.project.AssetDeclaration;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.sql.SqlAnalyzer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the column names of every model's SQL ({@link ColumnValidator}), wave by wave of the graph with the
 * models of a wave in parallel: an unknown or ambiguous column is an error at its place in the model's source file,
 * what could not be checked a warning. A check is kept in the compile cache under its SQL and the columns of its
 * inputs, so an unchanged model is not read again.
 *
 * @param inUse fingerprints of the checks of this compilation, the cache entries worth keeping
 */
record Validation(Set<String> inUse) {
    private static final SqlAnalyzer ANALYZER = new SqlAnalyzer();

    static Validation check(AssetGraph graph, Map<AssetKey, AssetDeclaration> declarations, Path root, CompileCache cache, Parallel parallel,
                            Diagnostics diagnostics) {
        ColumnValidator validator = new ColumnValidator(graph, declarations, root);
        Set<String> inUse = ConcurrentHashMap.newKeySet();
        for (List<Asset> wave : validator.waves()) {
            List<ColumnValidator.Result> results = parallel.map(wave, model -> {
                String key = Fingerprint.of(model.sql().orElseThrow() + "\n-- inputs\n" + validator.inputs(model));
                inUse.add(key);
                Optional<ColumnValidator.Result> kept = cache.validation(key);
                if (kept.isPresent()) {
                    validator.reuse(model, kept.get());
                    return kept.get();
                }
                // The SQL reading phase that follows finds the analysis of this parse in the cache: one parse for both.
                String sql = model.sql().orElseThrow();
                String sqlKey = Fingerprint.of(sql);
                ColumnValidator.Result result;
                if (cache.analysis(sqlKey).isPresent()) {
                    result = validator.check(model);
                }
                else {
                    SqlAnalyzer.Reading reading = ANALYZER.read(sql);
                    cache.keepAnalysis(sqlKey, reading.analysis());
                    result = validator.check(model, reading.query());
                }
                cache.keepValidation(key, result);
                return result;
            });
            for (int i = 0; i < wave.size(); i++) {
                diagnostics.addAll(diagnose(wave.get(i), results.get(i).problems(), root));
            }
        }
        cache.retainValidations(inUse);
        return new Validation(Set.copyOf(inUse));
    }

    private static List<Diagnostic> diagnose(Asset model, List<ColumnProblem> problems, Path root) {
        List<Diagnostic> found = new ArrayList<>();
        SourcePositions positions = null;
        for (ColumnProblem problem : problems) {
            if (!problem.kind().isError()) {
                found.add(Diagnostic.warning(Location.of(model.path()), problem.message()));
                continue;
            }
            if (positions == null) {
                positions = SourcePositions.align(source(root, model), model.sql().orElseThrow());
            }
            found.add(Diagnostic.error(positions.locate(model.path(), problem.line(), problem.column(), problem.name()), problem.message()));
        }
        return found;
    }

    private static String source(Path root, Asset model) {
        try {
            return Files.readString(root.resolve(model.path()), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            // Gone since it was rendered: the places stay those of the compiled SQL's lines that are found.
            return "";
        }
    }
}
