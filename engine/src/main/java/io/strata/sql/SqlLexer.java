package io.strata.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL into words, quoted identifiers, string literals, numbers, comments, white space and symbols, with their
 * offsets, so that a rewrite of the text never looks into a string, a quoted name or a comment. {@code ::} is one
 * symbol; any other symbol is one character.
 */
public final class SqlLexer {
    private SqlLexer() {
    }

    public enum Kind { WORD, QUOTED, STRING, NUMBER, COMMENT, SPACE, SYMBOL }

    /** A token of the SQL: {@code start} inclusive, {@code end} exclusive. */
    public record Token(Kind kind, String text, int start, int end) {
        /** Whether this is the symbol {@code symbol} ({@code (}, {@code ,}, {@code ::}, …). */
        public boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        /** Whether this is the unquoted word {@code word}, in any case. */
        public boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        /** Comments and white space, which say nothing to a reader of the statement. */
        public boolean blank() {
            return kind == Kind.SPACE || kind == Kind.COMMENT;
        }

        public String upper() {
            return text.toUpperCase(Locale.ROOT);
        }

        public String lower() {
            return text.toLowerCase(Locale.ROOT);
        }

        /** The name a word or quoted identifier stands for: unquoted names fold to lower case, as Strata's relations are written. */
        public String name() {
            return kind == Kind.QUOTED ? text.substring(1, text.length() - 1).replace("\"\"", "\"") : text.toLowerCase(Locale.ROOT);
        }
    }

    /** Every token of the SQL, white space and comments included, in order. */
    public static List<Token> tokens(String sql) {
        List<Token> tokens = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            Kind kind;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(sql.charAt(i))) {
                    i++;
                }
                kind = Kind.SPACE;
            }
            else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int newline = sql.indexOf('\n', i);
                i = newline < 0 ? n : newline;
                kind = Kind.COMMENT;
            }
            else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                kind = Kind.COMMENT;
            }
            else if (c == '\'' || c == '"') {
                i = closing(sql, i, c);
                kind = c == '\'' ? Kind.STRING : Kind.QUOTED;
            }
            else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                i = numberEnd(sql, i);
                kind = Kind.NUMBER;
            }
            else if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                kind = Kind.WORD;
            }
            else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                i += 2;
                kind = Kind.SYMBOL;
            }
            else {
                i++;
                kind = Kind.SYMBOL;
            }
            tokens.add(new Token(kind, sql.substring(start, i), start, i));
        }
        return tokens;
    }

    /** The index after the quote that closes the one at {@code open}; a doubled quote stands for itself. */
    private static int closing(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** The end of a number: digits and a decimal point, then an exponent if one follows ({@code 1.5e-3}). */
    private static int numberEnd(String sql, int start) {
        int i = start;
        while (i < sql.length() && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
            i++;
        }
        if (i < sql.length() && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int exponent = i + 1;
            if (exponent < sql.length() && (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < sql.length() && Character.isDigit(sql.charAt(exponent))) {
                i = exponent;
                while (i < sql.length() && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }
}
