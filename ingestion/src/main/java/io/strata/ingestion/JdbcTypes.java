package io.strata.ingestion;

import io.strata.lake.ColumnType;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The column type of the ingest table for a database column, from its JDBC type as the driver reports it. Whatever has
 * no exact counterpart (intervals, JSON, geometry, time with time zone, bit strings) is kept as its text.
 */
final class JdbcTypes {
    /** A numeric column declared without precision ({@code numeric} in PostgreSQL) is read as this. */
    static final ColumnType UNCONSTRAINED_DECIMAL = new ColumnType.Decimal(38, 10);
    private static final int MAX_PRECISION = 38;

    private JdbcTypes() {
    }

    /**
     * @param jdbcType a {@link java.sql.Types} constant
     * @param typeName the database's own name of the type ({@code timestamptz}, {@code uuid}, {@code _int4}), which tells
     *        apart what JDBC reports alike
     */
    static ColumnType columnType(int jdbcType, String typeName, int precision, int scale) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        return switch (jdbcType) {
            case Types.BOOLEAN -> simple(ColumnType.Primitive.BOOLEAN);
            // PostgreSQL reports bool as BIT; a bit string of several bits stays text.
            case Types.BIT -> name.equals("bool") || name.equals("boolean") || precision <= 1 ? simple(ColumnType.Primitive.BOOLEAN)
                    : simple(ColumnType.Primitive.STRING);
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> simple(ColumnType.Primitive.INT);
            case Types.BIGINT -> simple(ColumnType.Primitive.BIGINT);
            case Types.REAL -> simple(ColumnType.Primitive.REAL);
            case Types.FLOAT, Types.DOUBLE -> simple(ColumnType.Primitive.DOUBLE);
            case Types.NUMERIC, Types.DECIMAL -> precision <= 0 || precision > MAX_PRECISION || scale < 0 || scale > precision
                    ? UNCONSTRAINED_DECIMAL : new ColumnType.Decimal(precision, scale);
            case Types.DATE -> simple(ColumnType.Primitive.DATE);
            case Types.TIME -> simple(ColumnType.Primitive.TIME);
            case Types.TIMESTAMP -> name.equals("timestamptz") ? simple(ColumnType.Primitive.TIMESTAMPTZ) : simple(ColumnType.Primitive.TIMESTAMP);
            case Types.TIMESTAMP_WITH_TIMEZONE -> simple(ColumnType.Primitive.TIMESTAMPTZ);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> simple(ColumnType.Primitive.BINARY);
            case Types.ARRAY -> new ColumnType.ListOf(name.startsWith("_") ? elementType(name.substring(1)) : simple(ColumnType.Primitive.STRING));
            case Types.OTHER -> name.equals("uuid") ? simple(ColumnType.Primitive.UUID) : simple(ColumnType.Primitive.STRING);
            default -> simple(ColumnType.Primitive.STRING);
        };
    }

    /** The element type of a PostgreSQL array ({@code _int4} → {@code int4}); text for what is not listed. */
    private static ColumnType elementType(String name) {
        return switch (name) {
            case "bool" -> simple(ColumnType.Primitive.BOOLEAN);
            case "int2", "int4" -> simple(ColumnType.Primitive.INT);
            case "int8" -> simple(ColumnType.Primitive.BIGINT);
            case "float4" -> simple(ColumnType.Primitive.REAL);
            case "float8" -> simple(ColumnType.Primitive.DOUBLE);
            case "date" -> simple(ColumnType.Primitive.DATE);
            case "uuid" -> simple(ColumnType.Primitive.UUID);
            default -> simple(ColumnType.Primitive.STRING);
        };
    }

    /** The columns of a result, in order, typed by {@link #columnType}; names as the database gives them, in lower case. */
    static List<IngestDeclaration.Column> columns(ResultSetMetaData metadata, io.strata.project.Location location) throws SQLException {
        List<IngestDeclaration.Column> columns = new ArrayList<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            columns.add(new IngestDeclaration.Column(metadata.getColumnLabel(i).toLowerCase(Locale.ROOT),
                    columnType(metadata.getColumnType(i), metadata.getColumnTypeName(i), metadata.getPrecision(i), metadata.getScale(i)), location));
        }
        return columns;
    }

    private static ColumnType simple(ColumnType.Primitive primitive) {
        return new ColumnType.Simple(primitive);
    }
}
