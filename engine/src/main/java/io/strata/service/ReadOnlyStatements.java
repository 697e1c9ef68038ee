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

    /** The statement's first keyword, upper case (comments and opening parentheses skipped). */
    static String kind(String sql) {
        Matcher matcher = FIRST_WORD.matcher(sql);
        return matcher.find() ? matcher.group(1).toUpperCase(Locale.ROOT) : "";
    }

    static boolean isRead(String kind) {
        return READ_STATEMENTS.contains(kind);
    }
}
