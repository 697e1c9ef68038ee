package io.strata.compile;

import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.ProjectScanner.ProjectPath;
import io.strata.sql.DialectBridge;
import io.strata.sql.EngineType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts a model's or singular test's SQL into the engine's dialect with {@link DialectBridge}, and places what it
 * rewrote and what it left alone at lines of the source file, which Jinja may have moved.
 */
final class DialectRewriting {
    /**
     * @param sql the SQL for the engine
     * @param rewrites what was rewritten, for {@code strata compile --debug}
     * @param warnings one per cast left as written, which the engine will not read
     */
    record Result(String sql, List<DialectRewrite> rewrites, List<Diagnostic> warnings) {
        Result {
            rewrites = List.copyOf(rewrites);
            warnings = List.copyOf(warnings);
        }
    }

    private final EngineType engine;
    private final FileTexts texts;

    DialectRewriting(EngineType engine, FileTexts texts) {
        this.engine = engine;
        this.texts = texts;
    }

    Result rewrite(ProjectPath file, String sql) {
        DialectBridge.Rewritten rewritten = DialectBridge.rewrite(sql, engine);
        if (rewritten.rewrites().isEmpty() && rewritten.leftAlone().isEmpty()) {
            return new Result(sql, List.of(), List.of());
        }
        String source = texts.read(file).value();
        SourcePositions positions = source == null ? null : SourcePositions.align(source, sql);
        List<DialectRewrite> rewrites = new ArrayList<>();
        for (DialectBridge.Rewrite rewrite : rewritten.rewrites()) {
            rewrites.add(new DialectRewrite(locate(positions, file, rewrite.line(), rewrite.column(), rewrite.from()), rewrite.from(), rewrite.to()));
        }
        List<Diagnostic> warnings = new ArrayList<>();
        String engineName = switch (engine) {
            case TRINO -> "Trino";
            case DREMIO -> "Dremio";
        };
        for (DialectBridge.LeftAlone left : rewritten.leftAlone()) {
            warnings.add(Diagnostic.warning(locate(positions, file, left.line(), left.column(), left.text()),
                    "'" + left.text() + "' is a PostgreSQL-style cast Strata left as written, since " + left.reason() + "; " + engineName
                            + " does not read '::': write CAST(value AS type) with a type " + engineName + " knows"));
        }
        return new Result(rewritten.sql(), rewrites, warnings);
    }

    /** The source line of a place in the rendered SQL, found by the first name written there. */
    private static Location locate(SourcePositions positions, ProjectPath file, int line, int column, String text) {
        if (positions == null) {
            return new Location(file.path(), line, column);
        }
        String name = text.toLowerCase(Locale.ROOT).replaceAll("^[^\\p{L}_]+", "").split("[^\\p{L}\\p{N}_]", 2)[0];
        return positions.locate(file.path(), line, column, name.isEmpty() ? text : name);
    }
}
