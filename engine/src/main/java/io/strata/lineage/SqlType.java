package io.strata.lineage;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column's SQL type as Trino spells it ({@code bigint}, {@code decimal(16,2)}, {@code varchar},
 * {@code timestamp(6) with time zone}, …), read from any spelling a project may write: an ingest
 * declaration's ({@code int}, {@code string}), a YAML {@code data_type} in dbt's habits ({@code int4},
 * {@code numeric(16,2)}, {@code text}, {@code timestamptz}), a seed's inferred type. A spelling it does not know
 * is {@link Family#UNKNOWN}: never compared, never an error.
 *
 * @param name the type's spelling, normalized where known
 */
public record SqlType(String name, Family family) {
    public static final SqlType UNKNOWN = new SqlType("unknown", Family.UNKNOWN);
    /** The type of {@code NULL}: compares with anything. */
    public static final SqlType NULL = new SqlType("null", Family.NULL);
    public static final SqlType BOOLEAN = new SqlType("boolean", Family.BOOLEAN);
    public static final SqlType INTEGER = new SqlType("integer", Family.NUMERIC);
    public static final SqlType BIGINT = new SqlType("bigint", Family.NUMERIC);
    public static final SqlType DOUBLE = new SqlType("double", Family.NUMERIC);
    public static final SqlType VARCHAR = new SqlType("varchar", Family.STRING);
    public static final SqlType DATE = new SqlType("date", Family.DATE);
    public static final SqlType TIMESTAMP = new SqlType("timestamp(6)", Family.TIMESTAMP);
    public static final SqlType TIMESTAMP_TZ = new SqlType("timestamp(6) with time zone", Family.TIMESTAMP);

    /** What a type can be compared with: numbers with numbers, dates with timestamps, and otherwise the same family. */
    public enum Family {
        NUMERIC, STRING, BOOLEAN, DATE, TIMESTAMP, TIME, INTERVAL, BINARY, ARRAY, MAP, ROW, JSON, UUID, NULL, UNKNOWN
    }

    private static final Pattern PARAMETERS = Pattern.compile("\\s*\\(([^)]*)\\)");
    /** Spellings read before: a project spells few types, and every compile reads each of them many times. */
    private static final java.util.concurrent.ConcurrentMap<String, SqlType> READ = new java.util.concurrent.ConcurrentHashMap<>();

    /** The type a project spells {@code text}; {@link #UNKNOWN} for a spelling Strata does not know. */
    public static SqlType of(String text) {
        SqlType known = READ.get(text);
        if (known != null) {
            return known;
        }
        SqlType read = read(text);
        if (READ.size() < 10_000) {
            READ.put(text, read);
        }
        return read;
    }

    private static SqlType read(String text) {
        String spelled = text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        String base = spelled.replaceFirst("[\\s(<].*$", "");
        String rest = spelled.substring(base.length());
        Matcher parameters = PARAMETERS.matcher(rest);
        String arguments = parameters.lookingAt() ? parameters.group(1).replace(" ", "") : "";
        boolean withZone = rest.contains("with time zone") || base.equals("timestamptz") || base.equals("timestamp_tz");
        return switch (base) {
            case "tinyint", "int1" -> new SqlType("tinyint", Family.NUMERIC);
            case "smallint", "int2" -> new SqlType("smallint", Family.NUMERIC);
            case "int", "integer", "int4" -> INTEGER;
            case "bigint", "int8", "long" -> BIGINT;
            case "real", "float4" -> new SqlType("real", Family.NUMERIC);
            case "double", "float8", "float" -> DOUBLE;
            case "decimal", "numeric", "number" -> new SqlType(arguments.isEmpty() ? "decimal" : "decimal(" + arguments + ")", Family.NUMERIC);
            case "varchar", "string", "text" -> arguments.isEmpty() ? VARCHAR : new SqlType("varchar(" + arguments + ")", Family.STRING);
            case "character" -> rest.startsWith(" varying") ? VARCHAR : new SqlType("char", Family.STRING);
            case "char", "bpchar" -> new SqlType(arguments.isEmpty() ? "char" : "char(" + arguments + ")", Family.STRING);
            case "boolean", "bool" -> BOOLEAN;
            case "date" -> DATE;
            case "timestamp", "datetime", "timestamptz", "timestamp_tz", "timestamp_ntz" -> new SqlType(
                    "timestamp(" + (arguments.isEmpty() ? "6" : arguments) + ")" + (withZone ? " with time zone" : ""), Family.TIMESTAMP);
            case "time" -> new SqlType("time", Family.TIME);
            case "interval" -> new SqlType(spelled, Family.INTERVAL);
            case "varbinary", "binary", "bytea", "blob" -> new SqlType("varbinary", Family.BINARY);
            case "array", "list" -> new SqlType(spelled, Family.ARRAY);
            case "map" -> new SqlType(spelled, Family.MAP);
            case "row", "struct" -> new SqlType(spelled, Family.ROW);
            case "json", "jsonb" -> new SqlType("json", Family.JSON);
            case "uuid" -> new SqlType("uuid", Family.UUID);
            default -> new SqlType(spelled, Family.UNKNOWN);
        };
    }

    public boolean isKnown() {
        return family != Family.UNKNOWN && family != Family.NULL;
    }

    public boolean isNumeric() {
        return family == Family.NUMERIC;
    }

    /** Whether Trino compares values of the two types without a cast (an unknown type compares with anything). */
    public boolean comparesWith(SqlType other) {
        if (!isKnown() || !other.isKnown() || family == other.family) {
            return true;
        }
        return family == Family.DATE && other.family == Family.TIMESTAMP || family == Family.TIMESTAMP && other.family == Family.DATE;
    }

    /** The type's name without length, precision or scale ({@code varchar(20)} is {@code varchar}): what a contract compares. */
    public String baseName() {
        return name.replaceFirst("\\(.*?\\)", "").replaceAll("\\s+", " ").trim();
    }

    /** The wider of two numeric types (Trino's implicit widening for arithmetic and unions); else the first known. */
    public static SqlType wider(SqlType a, SqlType b) {
        if (!a.isKnown()) {
            return b.isKnown() ? b : a;
        }
        if (!b.isKnown() || !a.isNumeric() || !b.isNumeric()) {
            return a;
        }
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(SqlType type) {
        String base = type.baseName();
        return switch (base) {
            case "tinyint" -> 1;
            case "smallint" -> 2;
            case "integer" -> 3;
            case "bigint" -> 4;
            case "decimal" -> 5;
            case "real" -> 6;
            case "double" -> 7;
            default -> 0;
        };
    }

    /** The type of a value of this type with a given name, if the name is one Trino types by itself (a literal's tag). */
    static Optional<SqlType> ofLiteralTag(String tag) {
        return switch (tag.toUpperCase(Locale.ROOT)) {
            case "DATE" -> Optional.of(DATE);
            case "TIMESTAMP" -> Optional.of(TIMESTAMP);
            case "TIME" -> Optional.of(new SqlType("time", Family.TIME));
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
