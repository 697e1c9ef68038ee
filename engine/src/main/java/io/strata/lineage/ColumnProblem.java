package io.strata.lineage;

import io.strata.template.Suggestions;
import org.apache.calcite.sql.parser.SqlParserPos;

import java.util.Collection;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A column name a model's SQL gets wrong, or a part of the SQL whose column names could not be checked, at a
 * place of the compiled SQL.
 *
 * @param name the column name as written (lower-cased), or the construct not checked
 * @param line 1-based line of the compiled SQL, 0 when unknown
 * @param column 1-based column of the compiled SQL, 0 when unknown
 * @param message what is wrong and what to do, without the place
 */
public record ColumnProblem(Kind kind, String name, int line, int column, String message) {
    public enum Kind {
        /** No relation in scope has the column, and the columns of every relation in scope are known. */
        UNKNOWN_COLUMN,
        /** Two relations in scope have the unqualified column. */
        AMBIGUOUS_COLUMN,
        /** Values of two types the engine does not compare or combine without a cast. */
        TYPE_MISMATCH,
        /** A function of the engine's library called with a number of arguments it does not take. */
        WRONG_ARGUMENTS,
        /** A model whose enforced contract its SQL does not keep. */
        CONTRACT,
        /** A construct the reader does not follow: the names in it are not checked. */
        NOT_CHECKED;

        public boolean isError() {
            return this != NOT_CHECKED;
        }
    }

    public ColumnProblem {
        requireNonNull(kind, "kind");
        requireNonNull(name, "name");
        requireNonNull(message, "message");
    }

    /**
     * @param relation the qualifier the column was named with, or null when unqualified
     * @param known the columns the name could have meant
     */
    static ColumnProblem unknown(String name, String relation, SqlParserPos position, Collection<String> known) {
        String where = relation == null ? "no relation in scope has a column '" + name + "'" : "'" + relation + "' has no column '" + name + "'";
        return new ColumnProblem(Kind.UNKNOWN_COLUMN, name, position.getLineNum(), position.getColumnNum(),
                "unknown column: " + where + Suggestions.didYouMean(name, known));
    }

    static ColumnProblem typeMismatch(String name, SqlParserPos position, String message) {
        return new ColumnProblem(Kind.TYPE_MISMATCH, name, position.getLineNum(), position.getColumnNum(), "type mismatch: " + message);
    }

    static ColumnProblem ambiguous(String name, SqlParserPos position, List<String> relations) {
        return new ColumnProblem(Kind.AMBIGUOUS_COLUMN, name, position.getLineNum(), position.getColumnNum(),
                "ambiguous column '" + name + "': " + String.join(" and ", relations.stream().map(relation -> "'" + relation + "'").toList())
                        + " have it; qualify it, as in " + relations.getFirst() + "." + name);
    }
}
