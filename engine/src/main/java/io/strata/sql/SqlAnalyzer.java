package io.strata.sql;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads compiled SQL with Calcite's Babel parser: is it a query, and which tables does it read.
 * Thread-safe; each call parses afresh.
 */
public final class SqlAnalyzer {
    private static final SqlParser.Config BABEL = SqlParser.config()
            .withParserFactory(SqlBabelParserImpl.FACTORY)
            .withConformance(SqlConformanceEnum.BABEL)
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.TO_UPPER)
            .withCaseSensitive(false);

    /**
     * Calcite's core grammar, which Babel extends: it reads plain queries about three times faster, so it
     * is tried first and Babel reads what it cannot (PostgreSQL-style casts and other dialect syntax).
     */
    private static final SqlParser.Config CORE = SqlParser.config()
            .withConformance(SqlConformanceEnum.LENIENT)
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.TO_UPPER)
            .withCaseSensitive(false);

    /**
     * Trino syntax the Babel parser cannot read, blanked out (same length, so positions stay right) or
     * renamed before parsing: {@code AT TIME ZONE 'x'}, time travel, {@code date_diff('day', a, b)},
     * which Babel reads in BigQuery's argument order, and array types in casts.
     */
    private static final Pattern AT_TIME_ZONE = Pattern.compile("(?i)\\bAT\\s+TIME\\s+ZONE\\s+('(?:[^']|'')*'|[\\w.\"]+)");
    private static final Pattern TIME_TRAVEL = Pattern.compile("(?i)\\bFOR\\s+(?:VERSION|TIMESTAMP|SYSTEM_TIME|SYSTEM_VERSION)\\s+AS\\s+OF\\s+('(?:[^']|'')*'|TIMESTAMP\\s+'[^']*'|[\\w.]+)");
    private static final Pattern DATE_DIFF = Pattern.compile("(?i)\\bdate_diff(\\s*\\()");
    /** Trino's {@code CAST(x AS array(integer))}, which Calcite writes {@code CAST(x AS integer ARRAY)}. */
    private static final Pattern ARRAY_TYPE = Pattern.compile("(?i)\\bAS(\\s+)ARRAY\\s*\\(\\s*([A-Za-z_][\\w ]*(?:\\([\\d\\s,]*\\))?[\\w ]*)\\)");
    private static final Pattern TRAILING_SEMICOLONS = Pattern.compile("[;\\s]+$");

    public SqlAnalysis analyze(String sql) {
        return read(sql).analysis();
    }

    /** The SQL's analysis and, when it is a query, its parse tree ({@link #query}): one parse for readers that want both. */
    public Reading read(String sql) {
        String readable = readableByCalcite(sql);
        SqlNode node;
        try {
            node = parse(readable);
        }
        catch (SqlParseException e) {
            var position = e.getPos();
            String message = e.getMessage() == null ? "syntax error" : e.getMessage().lines().findFirst().orElse("syntax error");
            return new Reading(failed(message, position == null ? 0 : position.getLineNum(), position == null ? 0 : position.getColumnNum()),
                    Optional.empty());
        }
        catch (RuntimeException e) {
            // The Babel parser can throw unchecked exceptions (e.g. on some GROUP BY forms): report, never fail.
            return new Reading(failed("the SQL reader failed: " + e, 0, 0), Optional.empty());
        }
        if (!node.getKind().belongsTo(SqlKind.QUERY)) {
            return new Reading(new SqlAnalysis(Optional.empty(), Optional.of(node.getKind().sql), List.of(), Set.of()), Optional.empty());
        }
        TableCollector collector = new TableCollector();
        node.accept(collector);
        List<TableReference> tables = collector.tables.stream()
                .filter(table -> table.names().size() != 1 || !collector.commonTableNames.contains(table.qualifiedName()))
                .toList();
        return new Reading(new SqlAnalysis(Optional.empty(), Optional.empty(), tables, collector.commonTableNames), Optional.of(node));
    }

    /** What {@link #read} found: the analysis, and the parse tree of a query. */
    public record Reading(SqlAnalysis analysis, Optional<SqlNode> query) {
    }

    /**
     * The parse tree of a query, for readers that follow its columns (lineage); empty when the SQL does not parse
     * or is not a query ({@link #analyze} says why). Identifiers come upper-cased unless quoted.
     */
    public Optional<SqlNode> query(String sql) {
        try {
            SqlNode node = parse(readableByCalcite(sql));
            return node.getKind().belongsTo(SqlKind.QUERY) ? Optional.of(node) : Optional.empty();
        }
        catch (SqlParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static SqlNode parse(String sql) throws SqlParseException {
        try {
            return SqlParser.create(sql, CORE).parseQuery();
        }
        catch (SqlParseException | RuntimeException e) {
            return SqlParser.create(sql, BABEL).parseQuery();
        }
    }

    private static SqlAnalysis failed(String message, int line, int column) {
        return new SqlAnalysis(Optional.of(new SqlAnalysis.Problem(message, line, column)), Optional.empty(), List.of(), Set.of());
    }

    static String readableByCalcite(String sql) {
        String readable = TRAILING_SEMICOLONS.matcher(sql).replaceFirst("");
        readable = blank(AT_TIME_ZONE, readable);
        readable = blank(TIME_TRAVEL, readable);
        readable = arrayTypesAfter(readable);
        return DATE_DIFF.matcher(readable).replaceAll("strata_dd$1");
    }

    /** {@code AS array(integer)} as {@code AS integer ARRAY}, padded with spaces to the same length. */
    private static String arrayTypesAfter(String sql) {
        Matcher matcher = ARRAY_TYPE.matcher(sql);
        if (!matcher.find()) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql);
        matcher.reset();
        while (matcher.find()) {
            String written = matcher.group();
            if (written.indexOf('\n', matcher.end(1) - matcher.start()) < 0) {
                String readable = "AS" + matcher.group(1) + matcher.group(2).strip() + " ARRAY";
                out.replace(matcher.start(), matcher.end(), readable + " ".repeat(written.length() - readable.length()));
            }
        }
        return out.toString();
    }

    private static String blank(Pattern pattern, String sql) {
        Matcher matcher = pattern.matcher(sql);
        if (!matcher.find()) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql);
        matcher.reset();
        while (matcher.find()) {
            for (int i = matcher.start(); i < matcher.end(); i++) {
                if (out.charAt(i) != '\n') {
                    out.setCharAt(i, ' ');
                }
            }
        }
        return out.toString();
    }

    /** Collects identifiers in FROM/JOIN position in every SELECT, and the names WITH defines. */
    private static final class TableCollector extends SqlBasicVisitor<Void> {
        final List<TableReference> tables = new ArrayList<>();
        final Set<String> commonTableNames = new HashSet<>();

        @Override
        public Void visit(SqlCall call) {
            if (call instanceof SqlSelect select) {
                collectFrom(select.getFrom());
            }
            else if (call instanceof SqlWithItem item) {
                commonTableNames.add(item.name.getSimple().toLowerCase(Locale.ROOT));
            }
            return super.visit(call);
        }

        private void collectFrom(SqlNode from) {
            switch (from) {
                case null -> { }
                case SqlIdentifier identifier -> tables.add(new TableReference(identifier.names,
                        identifier.getParserPosition().getLineNum(), identifier.getParserPosition().getColumnNum()));
                case SqlJoin join -> {
                    collectFrom(join.getLeft());
                    collectFrom(join.getRight());
                }
                case SqlBasicCall call when call.getKind() == SqlKind.AS -> collectFrom(call.operand(0));
                default -> { }
            }
        }
    }
}
