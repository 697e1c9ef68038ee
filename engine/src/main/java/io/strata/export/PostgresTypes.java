package io.strata.export;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;

/** The PostgreSQL type of a column read from the engine, for an export target's {@code CREATE TABLE}. */
final class PostgresTypes {
    private PostgresTypes() {
    }

    /** The PostgreSQL type of the 1-based {@code column}; a type PostgreSQL has no match for becomes {@code text}. */
    static String of(ResultSetMetaData metadata, int column) throws SQLException {
        String name = String.valueOf(metadata.getColumnTypeName(column)).toLowerCase(Locale.ROOT);
        return switch (metadata.getColumnType(column)) {
            case Types.BOOLEAN, Types.BIT -> "boolean";
            case Types.TINYINT, Types.SMALLINT -> "smallint";
            case Types.INTEGER -> "integer";
            case Types.BIGINT -> "bigint";
            case Types.REAL -> "real";
            case Types.FLOAT, Types.DOUBLE -> "double precision";
            case Types.DECIMAL, Types.NUMERIC -> decimal(metadata.getPrecision(column), metadata.getScale(column));
            case Types.CHAR, Types.NCHAR -> name.startsWith("bpchar") || name.startsWith("char")
                    ? "char(" + Math.max(1, metadata.getPrecision(column)) + ")" : "text";
            case Types.DATE -> "date";
            case Types.TIME -> "time";
            case Types.TIME_WITH_TIMEZONE -> "time with time zone";
            // PostgreSQL's driver reports timestamptz as TIMESTAMP; Trino's as TIMESTAMP_WITH_TIMEZONE.
            case Types.TIMESTAMP -> name.contains("with time zone") || name.equals("timestamptz") ? "timestamp with time zone" : "timestamp";
            case Types.TIMESTAMP_WITH_TIMEZONE -> "timestamp with time zone";
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> "bytea";
            default -> switch (name) {
                case "uuid" -> "uuid";
                case "json", "jsonb" -> "jsonb";
                default -> "text";
            };
        };
    }

    /** A decimal keeps its precision and scale when the source says them (PostgreSQL allows up to 1000 digits). */
    private static String decimal(int precision, int scale) {
        return precision > 0 && precision <= 1000 ? "numeric(" + precision + ", " + Math.max(0, scale) + ")" : "numeric";
    }
}
