package io.strata.sql;

import io.strata.sql.SqlLexer.Kind;
import io.strata.sql.SqlLexer.Token;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Rewrites the PostgreSQL-style casts of dbt projects written for Postgres, Snowflake or Redshift into the engine's
 * SQL: {@code expr::type} becomes {@code CAST(expr AS type)} with the type named as the engine names it, and
 * {@code numeric} in {@code CAST(x AS numeric(p, s))} becomes {@code decimal}. Neither Trino nor Dremio reads {@code ::}.
 * <p>
 * Works on the rendered SQL as text, token by token, so nothing inside string literals, quoted identifiers or
 * comments changes. A rewrite never adds or removes a line, so a line the engine or Calcite reports is the line
 * written; columns after a rewrite on the same line shift. A cast whose rewrite would be a guess is left as
 * written and reported in {@link Rewritten#leftAlone()}. Thread-safe and stateless.
 */
public final class DialectBridge {
    /** Keywords: before a parenthesis they make it an expression of its own rather than a function's arguments, and are never a value. */
    private static final Set<String> NOT_CALLS = Set.of("select", "where", "and", "or", "not", "in", "on", "as", "then", "else", "when",
            "from", "join", "by", "having", "exists", "values", "case", "return", "is", "like", "between", "any", "all", "some", "using",
            "with", "union", "except", "intersect", "distinct", "lateral", "limit", "offset", "set", "returning", "over", "filter");
    /** Words before a string literal that make the two one literal: {@code date '2024-01-01'}. */
    private static final Set<String> TYPED_LITERALS = Set.of("date", "time", "timestamp", "interval");

    private DialectBridge() {
    }

    /**
     * @param sql the SQL with the foreign spellings replaced
     * @param rewrites what was replaced, one entry per outermost cast, in the order written
     * @param leftAlone the casts left as written, with why
     */
    public record Rewritten(String sql, List<Rewrite> rewrites, List<LeftAlone> leftAlone) {
        public Rewritten {
            requireNonNull(sql, "sql");
            rewrites = List.copyOf(rewrites);
            leftAlone = List.copyOf(leftAlone);
        }

        public boolean changed() {
            return !rewrites.isEmpty();
        }
    }

    /** One cast rewritten, at its 1-based line and column in the SQL given: {@code o.amount::numeric(16,2)} to {@code CAST(o.amount AS decimal(16,2))}. */
    public record Rewrite(int line, int column, String from, String to) {
        @Override
        public String toString() {
            return line + ": " + from + " → " + to;
        }
    }

    /** A cast left as written, since its rewrite would be a guess. */
    public record LeftAlone(int line, int column, String text, String reason) {
    }

    /** The SQL for the engine; SQL with neither {@code ::} nor {@code numeric} in it comes back as it is, after one look. */
    public static Rewritten rewrite(String sql, EngineType engine) {
        requireNonNull(engine, "engine");
        if (sql.indexOf("::") < 0 && !containsNumeric(sql)) {
            return new Rewritten(sql, List.of(), List.of());
        }
        return new Bridge(sql, engine).rewrite();
    }

    private static boolean containsNumeric(String sql) {
        for (int at = sql.indexOf('u'); at >= 1; at = sql.indexOf('u', at + 1)) {
            if (sql.regionMatches(true, at - 1, "numeric", 0, 7)) {
                return true;
            }
        }
        for (int at = sql.indexOf('U'); at >= 1; at = sql.indexOf('U', at + 1)) {
            if (sql.regionMatches(true, at - 1, "numeric", 0, 7)) {
                return true;
            }
        }
        return false;
    }

    /** Replace {@code [start, end)} by {@code text}; an insertion when both are equal. */
    private record Edit(int start, int end, String text) {
    }

    /** The text of one rewritten cast, {@code start} inclusive, {@code end} exclusive. */
    private record Range(int start, int end) {
        boolean within(Range other) {
            return other.start <= start && end <= other.end && other.end - other.start > end - start;
        }
    }

    /** A type after {@code ::}: the engine's spelling, or why there is none; {@code end} is the token after it. */
    private record Type(int end, Optional<String> engineType, String reason) {
    }

    /** One rewrite of one SQL text. */
    private static final class Bridge {
        private final String sql;
        private final EngineType engine;
        private final List<Token> tokens;
        private final List<Edit> edits = new ArrayList<>();
        /** The cast ending at a token (the last token of its type), by that token: where its operand starts, or -1 if left alone. */
        private final Map<Integer, Integer> castEnds = new HashMap<>();
        private final List<Range> castRanges = new ArrayList<>();
        private final List<LeftAlone> leftAlone = new ArrayList<>();

        Bridge(String sql, EngineType engine) {
            this.sql = sql;
            this.engine = engine;
            this.tokens = lex(sql);
        }

        Rewritten rewrite() {
            for (int i = 0; i < tokens.size(); i++) {
                Token token = tokens.get(i);
                if (token.is("::")) {
                    i = cast(i) - 1;
                }
                else if (token.isWord("numeric") && i > 0 && tokens.get(i - 1).isWord("as") && insideCast(i)) {
                    String decimal = DialectTypes.name("decimal", engine);
                    edits.add(new Edit(token.start(), token.end(), decimal));
                    int end = i + 1 < tokens.size() && tokens.get(i + 1).is("(") ? closing(i + 1) : i;
                    castRanges.add(new Range(token.start(), tokens.get(end < 0 ? i : end).end()));
                }
            }
            if (edits.isEmpty()) {
                return new Rewritten(sql, List.of(), leftAlone);
            }
            edits.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end));
            List<Rewrite> rewrites = new ArrayList<>();
            for (Range range : castRanges) {
                if (castRanges.stream().noneMatch(range::within)) {
                    rewrites.add(new Rewrite(lineOf(range.start()), columnOf(range.start()), sql.substring(range.start(), range.end()),
                            apply(range.start(), range.end())));
                }
            }
            rewrites.sort(Comparator.comparingInt(Rewrite::line).thenComparingInt(Rewrite::column));
            return new Rewritten(apply(0, sql.length()), rewrites, leftAlone);
        }

        /** Rewrites the cast whose {@code ::} is token {@code at}; returns the index of the token after its type. */
        private int cast(int at) {
            Type type = type(at + 1);
            int operand = operandStart(at - 1);
            Token operator = tokens.get(at);
            if (operand < 0) {
                return leave(at, type.end(), operand == -2 ? "it follows a cast left as written"
                        : "Strata cannot tell where the value cast begins");
            }
            if (type.engineType().isEmpty()) {
                return leave(operand, type.end(), type.reason());
            }
            String engineType = type.engineType().get();
            if (engineType.startsWith("array(") && tokens.get(operand).kind() == Kind.STRING) {
                return leave(operand, type.end(), "a string cast to an array is PostgreSQL's array text ('{1,2}'), which Trino does not read");
            }
            int end = tokens.get(type.end() - 1).end();
            if (sql.substring(operator.start(), end).indexOf('\n') >= 0) {
                return leave(operand, type.end(), "its type runs over several lines");
            }
            edits.add(new Edit(tokens.get(operand).start(), tokens.get(operand).start(), "CAST("));
            edits.add(new Edit(operator.start(), end, " AS " + engineType + ")"));
            castEnds.put(type.end() - 1, operand);
            castRanges.add(new Range(tokens.get(operand).start(), end));
            return type.end();
        }

        private int leave(int from, int to, String reason) {
            int start = tokens.get(from).start();
            int end = tokens.get(Math.max(from, to - 1)).end();
            leftAlone.add(new LeftAlone(lineOf(start), columnOf(start), sql.substring(start, end), reason));
            castEnds.put(to - 1, -2);
            return Math.max(to, from + 1);
        }

        /** The token where the operand ending at token {@code last} begins; -1 when unclear, -2 when it is a cast left alone. */
        private int operandStart(int last) {
            if (last < 0) {
                return -1;
            }
            Integer chained = castEnds.get(last);
            if (chained != null) {
                return chained;
            }
            Token token = tokens.get(last);
            return switch (token.kind()) {
                case NUMBER -> last;
                case STRING -> last > 0 && TYPED_LITERALS.contains(tokens.get(last - 1).lower()) && tokens.get(last - 1).kind() == Kind.WORD
                        && (last < 2 || !tokens.get(last - 2).is(".")) ? last - 1 : last;
                case WORD -> token.isWord("end") ? caseStart(last) : NOT_CALLS.contains(token.lower()) ? -1 : identifierStart(last);
                case QUOTED -> identifierStart(last);
                case SYMBOL -> switch (token.text()) {
                    case ")" -> callStart(opening(last, "(", ")"));
                    case "]" -> {
                        int open = opening(last, "[", "]");
                        yield open < 1 ? -1 : operandStart(open - 1);
                    }
                    default -> -1;
                };
                case COMMENT, SPACE -> -1;
            };
        }

        /** The first token of {@code a.b."c"} ending at {@code last}. */
        private int identifierStart(int last) {
            int start = last;
            while (start >= 2 && tokens.get(start - 1).is(".") && (tokens.get(start - 2).kind() == Kind.WORD || tokens.get(start - 2).kind() == Kind.QUOTED)) {
                start -= 2;
            }
            return start;
        }

        /** A parenthesis's expression begins at it, a call's at the function name, a window's at its function. */
        private int callStart(int open) {
            if (open < 1) {
                return open;
            }
            Token before = tokens.get(open - 1);
            if (before.kind() == Kind.WORD && (before.isWord("over") || before.isWord("filter"))) {
                return open >= 2 ? operandStart(open - 2) : -1;
            }
            if ((before.kind() == Kind.WORD && !NOT_CALLS.contains(before.lower())) || before.kind() == Kind.QUOTED) {
                return identifierStart(open - 1);
            }
            return open;
        }

        private int caseStart(int end) {
            int depth = 0;
            for (int i = end; i >= 0; i--) {
                Token token = tokens.get(i);
                if (token.isWord("end")) {
                    depth++;
                }
                else if (token.isWord("case") && --depth == 0) {
                    return i;
                }
            }
            return -1;
        }

        private int opening(int close, String open, String closing) {
            int depth = 0;
            for (int i = close; i >= 0; i--) {
                if (tokens.get(i).is(closing)) {
                    depth++;
                }
                else if (tokens.get(i).is(open) && --depth == 0) {
                    return i;
                }
            }
            return -1;
        }

        private int closing(int open) {
            int depth = 0;
            for (int i = open; i < tokens.size(); i++) {
                if (tokens.get(i).is("(")) {
                    depth++;
                }
                else if (tokens.get(i).is(")") && --depth == 0) {
                    return i;
                }
            }
            return -1;
        }

        /** Is the word at {@code at} the type of a {@code CAST(... AS type)} or {@code TRY_CAST}? */
        private boolean insideCast(int at) {
            int depth = 0;
            for (int i = at - 1; i >= 0; i--) {
                Token token = tokens.get(i);
                if (token.is(")")) {
                    depth++;
                }
                else if (token.is("(") && depth-- == 0) {
                    return i > 0 && (tokens.get(i - 1).isWord("cast") || tokens.get(i - 1).isWord("try_cast"));
                }
            }
            return false;
        }

        /** Reads the type starting at token {@code at}: words, arguments, a time zone, array brackets. */
        private Type type(int at) {
            if (at >= tokens.size() || tokens.get(at).kind() != Kind.WORD) {
                return new Type(Math.min(at, tokens.size()), Optional.empty(), "no type name Strata knows follows '::'");
            }
            String name = tokens.get(at).lower();
            int next = at + 1;
            if ((name.equals("double") && isWord(next, "precision")) || ((name.equals("character") || name.equals("char")) && isWord(next, "varying"))) {
                name = name.equals("double") ? "double precision" : "character varying";
                next++;
            }
            Optional<String> arguments = Optional.empty();
            if (next < tokens.size() && tokens.get(next).is("(")) {
                int close = closing(next);
                if (close < 0) {
                    return new Type(next, Optional.empty(), "its type's arguments are not closed");
                }
                for (int i = next + 1; i < close; i++) {
                    Token argument = tokens.get(i);
                    if (argument.kind() != Kind.NUMBER && !argument.is(",") && !argument.isWord("max")) {
                        return new Type(close + 1, Optional.empty(), "its type's arguments are not numbers");
                    }
                }
                arguments = Optional.of(sql.substring(tokens.get(next).start(), tokens.get(close).end()));
                next = close + 1;
            }
            Optional<Boolean> withTimeZone = Optional.empty();
            if ((name.equals("timestamp") || name.equals("time")) && (isWord(next, "with") || isWord(next, "without"))
                    && isWord(next + 1, "time") && isWord(next + 2, "zone")) {
                withTimeZone = Optional.of(isWord(next, "with"));
                next += 3;
            }
            int dimensions = 0;
            while (next < tokens.size() && tokens.get(next).is("[")) {
                if (next + 1 >= tokens.size() || !tokens.get(next + 1).is("]")) {
                    int close = next + 1;
                    while (close < tokens.size() && !tokens.get(close).is("]")) {
                        close++;
                    }
                    return new Type(Math.min(close + 1, tokens.size()), Optional.empty(), "an array type with a size has no counterpart in the engine");
                }
                dimensions++;
                next += 2;
            }
            Optional<String> mapped = DialectTypes.map(name, arguments, withTimeZone, engine);
            if (mapped.isEmpty()) {
                return new Type(next, Optional.empty(), "its type '" + name + "' has no counterpart in " + engine.name().toLowerCase(Locale.ROOT));
            }
            if (dimensions == 0) {
                return new Type(next, mapped, "");
            }
            return switch (engine) {
                case TRINO -> dimensions == 1 ? new Type(next, Optional.of("array(" + mapped.get() + ")"), "")
                        : new Type(next, Optional.empty(), "PostgreSQL's multi-dimensional arrays are not arrays of arrays");
                case DREMIO -> new Type(next, Optional.empty(), "Dremio does not cast to arrays");
            };
        }

        private boolean isWord(int at, String word) {
            return at < tokens.size() && tokens.get(at).isWord(word);
        }

        /** The SQL from {@code start} to {@code end} with the edits inside it made. */
        private String apply(int start, int end) {
            StringBuilder out = new StringBuilder(end - start + 16);
            int at = start;
            for (Edit edit : edits) {
                if (edit.start() < start || edit.end() > end) {
                    continue;
                }
                out.append(sql, at, edit.start()).append(edit.text());
                at = edit.end();
            }
            return out.append(sql, at, end).toString();
        }

        private int lineOf(int offset) {
            int line = 1;
            for (int i = sql.indexOf('\n'); i >= 0 && i < offset; i = sql.indexOf('\n', i + 1)) {
                line++;
            }
            return line;
        }

        private int columnOf(int offset) {
            return offset - (sql.lastIndexOf('\n', offset - 1) + 1) + 1;
        }
    }

    /** The tokens that say something: white space and comments left out (a string, quoted name or comment is never looked into). */
    private static List<Token> lex(String sql) {
        return SqlLexer.tokens(sql).stream().filter(token -> !token.blank()).toList();
    }
}
