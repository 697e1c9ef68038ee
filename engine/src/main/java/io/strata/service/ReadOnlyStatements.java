package io.strata.service;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which statements only read: the rule of {@code strata query} and of the server's query endpoint. */
final class ReadOnlyStatements {
    private static final Set<String> READ_STATEMENTS = Set.of("SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "VALUES", "TABLE");
    private static final Pattern FIRST_WORD = Pattern.compile("\\A(?:\\s+|--[^\\n]*\\n?|/\\*.*?\\*/|\\()*([A-Za-z]+)", Pattern.DOTALL);

    private ReadOnlyStatements() {
    }

    /** {@code EXPLAIN ANALYZE} runs the statement it explains: what matters is that statement's kind. */
    private static final Pattern EXPLAIN_ANALYZE = Pattern.compile(
            "\\A(?:\\s+|--[^\\n]*\\n?|/\\*.*?\\*/)*EXPLAIN\\s+ANALYZE(?:\\s+VERBOSE)?\\b", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    /**
     * The statement's first keyword, upper case (comments and opening parentheses skipped); for
     * {@code EXPLAIN ANALYZE}, the kind of the statement it runs.
     */
    static String kind(String sql) {
        Matcher analyze = EXPLAIN_ANALYZE.matcher(sql);
        if (analyze.find()) {
            return kind(sql.substring(analyze.end()));
        }
        Matcher matcher = FIRST_WORD.matcher(sql);
        return matcher.find() ? matcher.group(1).toUpperCase(Locale.ROOT) : "";
    }

    static boolean isRead(String kind) {
        return READ_STATEMENTS.contains(kind);
    }
}
