package io.strata.ingestion;

import io.strata.lake.ColumnType;
import org.junit.jupiter.api.Test;

import java.sql.Types;

import static org.assertj.core.api.Assertions.assertThat;

/** The column types of the ingest table for JDBC types, as PostgreSQL's driver reports them. */
class JdbcTypesTest {
    private static String type(int jdbcType, String typeName, int precision, int scale) {
        return ColumnType.format(JdbcTypes.columnType(jdbcType, typeName, precision, scale));
    }

    @Test
    void numbersKeepTheirWidthAndDecimalsTheirPrecisionAndScale() {
        assertThat(type(Types.SMALLINT, "int2", 5, 0)).isEqualTo("int");
        assertThat(type(Types.INTEGER, "int4", 10, 0)).isEqualTo("int");
        assertThat(type(Types.BIGINT, "int8", 19, 0)).isEqualTo("bigint");
        assertThat(type(Types.REAL, "float4", 8, 8)).isEqualTo("real");
        assertThat(type(Types.DOUBLE, "float8", 17, 17)).isEqualTo("double");
        assertThat(type(Types.NUMERIC, "numeric", 12, 2)).isEqualTo("decimal(12,2)");
        assertThat(type(Types.NUMERIC, "numeric", 0, 0)).isEqualTo("decimal(38,10)");
        assertThat(type(Types.NUMERIC, "numeric", 1000, 0)).isEqualTo("decimal(38,10)");
    }

    @Test
    void timestampsWithAZoneAreInstantsAndTheOthersLocal() {
        assertThat(type(Types.TIMESTAMP, "timestamp", 26, 6)).isEqualTo("timestamp");
        assertThat(type(Types.TIMESTAMP, "timestamptz", 35, 6)).isEqualTo("timestamp with time zone");
        assertThat(type(Types.TIMESTAMP_WITH_TIMEZONE, "TIMESTAMP WITH TIME ZONE", 35, 6)).isEqualTo("timestamp with time zone");
        assertThat(type(Types.DATE, "date", 13, 0)).isEqualTo("date");
        assertThat(type(Types.TIME, "time", 15, 6)).isEqualTo("time");
    }

    @Test
    void postgresBoolUuidByteaAndArraysHaveTheirTypesAndTheRestIsText() {
        assertThat(type(Types.BIT, "bool", 1, 0)).isEqualTo("boolean");
        assertThat(type(Types.BIT, "bit", 8, 0)).isEqualTo("string");
        assertThat(type(Types.OTHER, "uuid", 0, 0)).isEqualTo("uuid");
        assertThat(type(Types.BINARY, "bytea", 0, 0)).isEqualTo("binary");
        assertThat(type(Types.ARRAY, "_int4", 0, 0)).isEqualTo("array<int>");
        assertThat(type(Types.ARRAY, "_text", 0, 0)).isEqualTo("array<string>");
        assertThat(type(Types.VARCHAR, "varchar", 40, 0)).isEqualTo("string");
        assertThat(type(Types.OTHER, "jsonb", 0, 0)).isEqualTo("string");
        assertThat(type(Types.OTHER, "interval", 0, 0)).isEqualTo("string");
    }
}
