package io.strata.sql;

import java.util.Map;
import java.util.Optional;

import static java.util.Map.entry;

/**
 * The type names of PostgreSQL, Snowflake and Redshift casts as each engine names the type, one table per engine.
 * Trino's are those of its documentation's "Data types" page; Dremio's those of its "Data Types" reference. A name
 * the engine already knows maps to itself; a name in neither table has no counterpart and its cast is left alone.
 */
final class DialectTypes {
    /** Stands for the precision written, or PostgreSQL's (microseconds) when none is: {@code timestamptz(3)}. */
    private static final String PRECISION = "(6)";

    private static final Map<String, String> TRINO = Map.ofEntries(
            entry("numeric", "decimal"), entry("decimal", "decimal"), entry("number", "decimal"),
            entry("int", "integer"), entry("int4", "integer"), entry("integer", "integer"),
            entry("int8", "bigint"), entry("bigint", "bigint"),
            entry("int2", "smallint"), entry("smallint", "smallint"), entry("tinyint", "tinyint"),
            entry("float8", "double"), entry("double precision", "double"), entry("double", "double"), entry("float", "double"),
            entry("float4", "real"), entry("real", "real"),
            entry("text", "varchar"), entry("string", "varchar"), entry("varchar", "varchar"), entry("character varying", "varchar"),
            entry("nvarchar", "varchar"),
            entry("char", "char"), entry("character", "char"), entry("bpchar", "char"),
            entry("bool", "boolean"), entry("boolean", "boolean"),
            entry("date", "date"), entry("time", "time"), entry("timestamp", "timestamp"),
            entry("timestamptz", "timestamp(6) with time zone"), entry("timestamp_tz", "timestamp(6) with time zone"),
            entry("timestamp_ltz", "timestamp(6) with time zone"),
            entry("timestamp_ntz", "timestamp(6)"), entry("datetime", "timestamp(6)"),
            entry("timetz", "time(6) with time zone"),
            entry("bytea", "varbinary"), entry("varbinary", "varbinary"),
            entry("json", "json"), entry("uuid", "uuid"), entry("ipaddress", "ipaddress"));

    private static final Map<String, String> DREMIO = Map.ofEntries(
            entry("numeric", "DECIMAL"), entry("decimal", "DECIMAL"), entry("number", "DECIMAL"),
            entry("int", "INTEGER"), entry("int4", "INTEGER"), entry("integer", "INTEGER"),
            entry("int2", "INTEGER"), entry("smallint", "INTEGER"), entry("tinyint", "INTEGER"),
            entry("int8", "BIGINT"), entry("bigint", "BIGINT"),
            entry("float8", "DOUBLE"), entry("double precision", "DOUBLE"), entry("double", "DOUBLE"), entry("float", "DOUBLE"),
            entry("float4", "FLOAT"), entry("real", "FLOAT"),
            entry("text", "VARCHAR"), entry("string", "VARCHAR"), entry("varchar", "VARCHAR"), entry("character varying", "VARCHAR"),
            entry("nvarchar", "VARCHAR"), entry("char", "VARCHAR"), entry("character", "VARCHAR"), entry("bpchar", "VARCHAR"),
            entry("bool", "BOOLEAN"), entry("boolean", "BOOLEAN"),
            entry("date", "DATE"), entry("time", "TIME"), entry("timetz", "TIME"),
            entry("timestamp", "TIMESTAMP"), entry("timestamptz", "TIMESTAMP"), entry("timestamp_tz", "TIMESTAMP"),
            entry("timestamp_ltz", "TIMESTAMP"), entry("timestamp_ntz", "TIMESTAMP"), entry("datetime", "TIMESTAMP"),
            entry("bytea", "VARBINARY"), entry("varbinary", "VARBINARY"));

    private DialectTypes() {
    }

    /** The engine's name of a type known to both tables. */
    static String name(String type, EngineType engine) {
        return table(engine).get(type);
    }

    /**
     * The engine's spelling of a cast's type, or empty when it has none.
     *
     * @param name the type's name, lower-cased, its words separated by one space ({@code double precision})
     * @param arguments its arguments as written, parentheses included: {@code (16, 2)}
     * @param withTimeZone for {@code timestamp} and {@code time}: whether {@code with time zone} or {@code without time zone} followed
     */
    static Optional<String> map(String name, Optional<String> arguments, Optional<Boolean> withTimeZone, EngineType engine) {
        String mapped = table(engine).get(name);
        if (mapped == null) {
            return Optional.empty();
        }
        boolean time = name.equals("time") || name.equals("timestamp");
        return Optional.of(switch (engine) {
            case TRINO -> {
                if (time && withTimeZone.isPresent()) {
                    mapped = name + PRECISION + (withTimeZone.get() ? " with time zone" : "");
                }
                if (mapped.contains(PRECISION)) {
                    yield mapped.replace(PRECISION, arguments.orElse(PRECISION));
                }
                if (name.equals("float")) {
                    // PostgreSQL: float(1) to float(24) is real, float(25) to float(53) double precision.
                    yield arguments.map(DialectTypes::firstNumber).filter(precision -> precision <= 24).isPresent() ? "real" : "double";
                }
                yield mapped + droppingMax(arguments);
            }
            case DREMIO -> mapped.equals("DECIMAL") || mapped.equals("VARCHAR") ? mapped + droppingMax(arguments) : mapped;
        });
    }

    /** {@code varchar(max)} (Redshift, SQL Server) is the engine's unbounded {@code varchar}. */
    private static String droppingMax(Optional<String> arguments) {
        return arguments.filter(written -> !written.toLowerCase(java.util.Locale.ROOT).contains("max")).orElse("");
    }

    private static int firstNumber(String arguments) {
        String digits = arguments.replaceAll("[^0-9,]", "");
        int comma = digits.indexOf(',');
        String first = comma < 0 ? digits : digits.substring(0, comma);
        return first.isEmpty() ? 53 : Integer.parseInt(first);
    }

    private static Map<String, String> table(EngineType engine) {
        return switch (engine) {
            case TRINO -> TRINO;
            case DREMIO -> DREMIO;
        };
    }
}
