package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.lineage.ColumnProblem;
import io.strata.lineage.ColumnValidator;
import io.strata.lineage.MainColumns;
import io.strata.lineage.SqlFunctions;
import io.strata.project.AssetDeclaration;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.sql.SqlAnalyzer;
import org.apache.calcite.sql.SqlNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Checks the column names, types and function calls of every model's SQL ({@link ColumnValidator}) in parallel, each
 * model once the models it reads are checked: an unknown or ambiguous column, a comparison of types the engine does not
 * compare, a call with the wrong number of arguments is an error at its place in the model's source file, what could
 * not be checked a warning. An enforced contract is then held against the columns and types derived ({@link Contracts}). A check is kept in the compile cache under its SQL and the columns of its
 * inputs, so an unchanged model is not read again.
 *
 * @param inUse fingerprints of the checks of this compilation, the cache entries worth keeping
 */
record Validation(Set<String> inUse) {
    private static final SqlAnalyzer ANALYZER = new SqlAnalyzer();

    static Validation check(AssetGraph graph, Map<AssetKey, AssetDeclaration> declarations, Path root, SqlFunctions functions, MainColumns main,
                            CompileCache cache, Parallel parallel, Diagnostics diagnostics) {
        ColumnValidator validator = new ColumnValidator(graph, declarations, root, functions, main);
        Set<String> inUse = ConcurrentHashMap.newKeySet();
        Executor executor = parallel.executor();
        List<Asset> models = validator.models();
        Map<AssetKey, CompletableFuture<ColumnValidator.Result>> checked = new HashMap<>();
        // Parsing needs nothing but the model and runs at once, in parallel; checking waits for the models it reads
        // (long chains of models would leave one thread working if checks went wave by wave).
        for (Asset model : models) {
            CompletableFuture<Parsed> parsed = CompletableFuture.supplyAsync(() -> parse(model, cache), executor);
            CompletableFuture<?>[] inputs = model.deps().stream().map(checked::get).filter(java.util.Objects::nonNull).toArray(CompletableFuture[]::new);
            checked.put(model.key(), parsed.thenCombineAsync(CompletableFuture.allOf(inputs),
                    (sql, ready) -> check(model, sql, validator, cache, inUse), executor));
        }
        for (Asset model : models) {
            ColumnValidator.Result result = checked.get(model.key()).join();
            diagnostics.addAll(diagnose(model, result.problems(), root));
            diagnostics.addAll(Contracts.check(model, result));
        }
        cache.retainValidations(inUse);
        return new Validation(Set.copyOf(inUse));
    }

    /** A model's SQL with its fingerprint, parsed now when the SQL reading phase will want the parse too (its analysis is not cached). */
    private record Parsed(String fingerprint, Optional<SqlNode> query, boolean wasParsed) {
    }

    private static Parsed parse(Asset model, CompileCache cache) {
        String sql = model.sql().orElseThrow();
        String fingerprint = Fingerprint.of(sql);
        if (cache.analysis(fingerprint).isPresent()) {
            return new Parsed(fingerprint, Optional.empty(), false);
        }
        SqlAnalyzer.Reading reading = ANALYZER.read(sql);
        cache.keepAnalysis(fingerprint, reading.analysis());
        return new Parsed(fingerprint, reading.query(), true);
    }

    private static ColumnValidator.Result check(Asset model, Parsed sql, ColumnValidator validator, CompileCache cache, Set<String> inUse) {
        String key = Fingerprint.of(sql.fingerprint() + "\n-- inputs\n" + validator.inputs(model));
        inUse.add(key);
        Optional<ColumnValidator.Result> kept = cache.validation(key);
        if (kept.isPresent()) {
            validator.reuse(model, kept.get());
            return kept.get();
        }
        ColumnValidator.Result result = sql.wasParsed() ? validator.check(model, sql.query()) : validator.check(model);
        cache.keepValidation(key, result);
        return result;
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
