package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.lineage.ColumnLineage;
import io.strata.lineage.SqlType;
import io.strata.project.Diagnostic;
import io.strata.project.ProjectException;
import io.strata.project.UnitTestDefinition.Format;
import io.strata.project.UnitTestDefinition.Rows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The queries of a unit test, as pure text in Trino's dialect: the model's SQL over its given rows, and the expected
 * rows. Neither touches a table. A given value takes its column's type when the project knows it at compile time
 * ({@code CAST('2024-01-01' AS date)}), and otherwise the type its literal has ({@code 1}, {@code 2.5}, {@code true},
 * {@code 'text'}).
 */
public final class UnitTestSql {
    /** The prefix of the relations that stand for the given inputs, as dbt's {@code __dbt__cte__}. */
    public static final String GIVEN_PREFIX = "__strata_given_";
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?\\d*\\.\\d+|[-+]?\\d+\\.\\d*");
    /** The types a quoted literal casts to; others (arrays, maps, rows, JSON) are left to the literal. */
    private static final Set<SqlType.Family> CASTABLE = EnumSet.of(SqlType.Family.NUMERIC, SqlType.Family.STRING, SqlType.Family.BOOLEAN,
            SqlType.Family.DATE, SqlType.Family.TIMESTAMP, SqlType.Family.TIME, SqlType.Family.UUID);

    /** What is known at compile time of an asset's columns. */
    public interface Columns {
        /** The asset's columns in order, when known. */
        Optional<List<String>> columns(AssetKey asset);

        /** The known types of the asset's columns, by column. */
        Map<String, SqlType> types(AssetKey asset);

        /** Nothing known: every value keeps its literal's type. */
        Columns NONE = new Columns() {
            @Override
            public Optional<List<String>> columns(AssetKey asset) {
                return Optional.empty();
            }

            @Override
            public Map<String, SqlType> types(AssetKey asset) {
                return Map.of();
            }
        };

        /** What column lineage knows: declared columns, columns derived from SQL, and main's recorded tables. */
        static Columns of(ColumnLineage lineage) {
            return new Columns() {
                @Override
                public Optional<List<String>> columns(AssetKey asset) {
                    return lineage.columns(asset);
                }

                @Override
                public Map<String, SqlType> types(AssetKey asset) {
                    return lineage.types(asset);
                }
            };
        }
    }

    private UnitTestSql() {
    }

    /**
     * The model's result over the given rows: every given input as a common table expression, then the model's
     * SQL as a subquery, of which only {@code columns} are selected (all when empty).
     */
    public static String actual(UnitTest test, List<String> columns, Columns known) {
        StringBuilder sql = new StringBuilder("WITH\n");
        for (int i = 0; i < test.inputs().size(); i++) {
            UnitTest.Input input = test.inputs().get(i);
            sql.append(input.relation()).append(" AS (\n").append(relation(input.rows(), known.columns(input.asset()),
                    known.types(input.asset()), input.label() + " of unit test '" + test.name() + "'")).append("\n)")
                    .append(i < test.inputs().size() - 1 ? ",\n" : "\n");
        }
        String selected = columns.isEmpty() ? "*" : String.join(", ", columns.stream().map(UnitTestSql::quote).toList());
        sql.append("SELECT ").append(selected).append(" FROM (\n").append(withoutTrailingSemicolons(test.sql())).append("\n) AS __strata_actual");
        if (test.inputs().isEmpty()) {
            // A model that reads nothing: no WITH.
            return sql.substring("WITH\n".length());
        }
        return sql.toString();
    }

    /** The expected rows as a query, typed as the model's columns when known; empty when the test expects no rows and names no column. */
    public static Optional<String> expected(UnitTest test, Columns known) {
        Rows expect = test.expect();
        if (expect.format() != Format.SQL && expect.columns().isEmpty()) {
            return Optional.empty();
        }
        // Only the columns the test names are compared, so only they are typed: not every column of the model.
        return Optional.of(relation(expect, Optional.empty(), known.types(test.model()), "the expected rows of unit test '" + test.name() + "'"));
    }

    /**
     * The rows as a query: {@code SELECT * FROM (VALUES …) AS t(…)}, or for no rows {@code SELECT * FROM (VALUES (CAST(NULL AS …), …)) AS t(…) WHERE false}.
     * With {@code columns} known, a column the rows leave out is null, as dbt fills what a test does not say.
     */
    static String relation(Rows rows, Optional<List<String>> columns, Map<String, SqlType> types, String what) {
        if (rows.format() == Format.SQL) {
            return withoutTrailingSemicolons(rows.sql());
        }
        List<String> names = new ArrayList<>(columns.orElse(List.of()));
        for (String given : rows.columns()) {
            if (names.stream().noneMatch(name -> name.equalsIgnoreCase(given))) {
                names.add(given);
            }
        }
        if (names.isEmpty()) {
            throw new ProjectException(Diagnostic.error(rows.location(), "the columns of " + what
                    + " are not known: give at least one row, or declare the columns in YAML"));
        }
        List<SqlType> columnTypes = names.stream().map(name -> typeOf(types, name)).toList();
        String alias = "AS t(" + String.join(", ", names.stream().map(UnitTestSql::quote).toList()) + ")";
        if (rows.rows().isEmpty()) {
            // One row of typed nulls, filtered out: a relation with the columns and their types, and no rows.
            List<String> nulls = new ArrayList<>();
            for (SqlType type : columnTypes) {
                nulls.add("CAST(NULL AS " + (castable(type) ? type.name() : "varchar") + ")");
            }
            return "SELECT * FROM (VALUES (" + String.join(", ", nulls) + ")) " + alias + " WHERE false";
        }
        List<String> values = new ArrayList<>();
        for (Map<String, Object> row : rows.rows()) {
            List<String> literals = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                literals.add(literal(valueOf(row, names.get(i)), rows.format() == Format.CSV, columnTypes.get(i)));
            }
            values.add("(" + String.join(", ", literals) + ")");
        }
        return "SELECT * FROM (VALUES\n  " + String.join(",\n  ", values) + "\n) " + alias;
    }

    /**
     * One value as SQL: cast to {@code type} when it is known, else as its literal says. A CSV value is text, read as a
     * number or boolean when it looks like one.
     */
    static String literal(Object value, boolean fromCsv, SqlType type) {
        boolean cast = castable(type);
        if (value == null) {
            return cast ? "CAST(NULL AS " + type.name() + ")" : "NULL";
        }
        if (cast && (value instanceof String || value instanceof java.util.Date)) {
            return "CAST(" + quoted(text(value)) + " AS " + type.name() + ")";
        }
        String literal = switch (value) {
            case Boolean bool -> bool ? "TRUE" : "FALSE";
            case Long number -> number.toString();
            case Integer number -> number.toString();
            case BigInteger number -> number.toString();
            case Double number -> number.isNaN() || number.isInfinite() ? "CAST('" + number + "' AS double)" : BigDecimal.valueOf(number).toPlainString();
            case BigDecimal number -> number.toPlainString();
            case java.util.Date date -> (text(date).length() == 10 ? "DATE " : "TIMESTAMP ") + quoted(text(date));
            case String text when fromCsv -> csvLiteral(text);
            default -> quoted(value.toString());
        };
        return cast ? "CAST(" + literal + " AS " + type.name() + ")" : literal;
    }

    private static String csvLiteral(String text) {
        if (INTEGER.matcher(text).matches() || DECIMAL.matcher(text).matches()) {
            return text.startsWith("+") ? text.substring(1) : text;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return text.toUpperCase(Locale.ROOT);
        }
        if (text.equalsIgnoreCase("null")) {
            return "NULL";
        }
        return quoted(text);
    }

    /** A YAML timestamp as ISO text: a date alone when it is midnight UTC. */
    private static String text(Object value) {
        if (value instanceof java.util.Date date) {
            var time = date.toInstant().atOffset(ZoneOffset.UTC).toLocalDateTime();
            return time.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
                    ? time.toLocalDate().toString()
                    : time.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"));
        }
        return value.toString();
    }

    private static Object valueOf(Map<String, Object> row, String column) {
        if (row.containsKey(column)) {
            return row.get(column);
        }
        return row.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(column)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static SqlType typeOf(Map<String, SqlType> types, String column) {
        SqlType type = types.get(column);
        if (type != null) {
            return type;
        }
        return types.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(column)).map(Map.Entry::getValue).findFirst()
                .orElse(SqlType.UNKNOWN);
    }

    /** A known type a cast can reach; a bare {@code decimal} is not one (Trino reads it as {@code decimal(38,0)}, dropping the fraction). */
    private static boolean castable(SqlType type) {
        return type.isKnown() && CASTABLE.contains(type.family()) && !type.name().equals("decimal");
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A column name, always quoted so that no name is read as a keyword; Trino matches names in lower case either way. */
    static String quote(String name) {
        return '"' + name.toLowerCase(Locale.ROOT).replace("\"", "\"\"") + '"';
    }

    private static String withoutTrailingSemicolons(String sql) {
        return sql.strip().replaceAll("[;\\s]+$", "");
    }
}
