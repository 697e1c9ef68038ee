package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.lineage.SqlType;
import io.strata.project.Location;
import io.strata.project.ProjectException;
import io.strata.project.UnitTestDefinition.Format;
import io.strata.project.UnitTestDefinition.Rows;
import io.strata.sql.SqlAnalyzer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnitTestSqlTest {
    private static final Location AT = Location.of("models/schema.yml", 3);

    private static Rows dict(List<String> columns, List<Map<String, Object>> rows) {
        return new Rows(Format.DICT, rows, columns, "", AT);
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    @Test
    void literalsKeepTheirOwnTypeWhenTheColumnsTypeIsUnknown() {
        assertThat(UnitTestSql.literal(1L, false, SqlType.UNKNOWN)).isEqualTo("1");
        assertThat(UnitTestSql.literal(2.5, false, SqlType.UNKNOWN)).isEqualTo("2.5");
        assertThat(UnitTestSql.literal(true, false, SqlType.UNKNOWN)).isEqualTo("TRUE");
        assertThat(UnitTestSql.literal("o'brien", false, SqlType.UNKNOWN)).isEqualTo("'o''brien'");
        assertThat(UnitTestSql.literal(null, false, SqlType.UNKNOWN)).isEqualTo("NULL");
        assertThat(UnitTestSql.literal("12", false, SqlType.UNKNOWN)).as("a quoted YAML string stays text").isEqualTo("'12'");
    }

    @Test
    void csvTextIsReadAsANumberOrBooleanWhenItLooksLikeOne() {
        assertThat(UnitTestSql.literal("12", true, SqlType.UNKNOWN)).isEqualTo("12");
        assertThat(UnitTestSql.literal("-0.5", true, SqlType.UNKNOWN)).isEqualTo("-0.5");
        assertThat(UnitTestSql.literal("False", true, SqlType.UNKNOWN)).isEqualTo("FALSE");
        assertThat(UnitTestSql.literal("gerda", true, SqlType.UNKNOWN)).isEqualTo("'gerda'");
    }

    @Test
    void aKnownColumnTypeCastsEveryValue() {
        assertThat(UnitTestSql.literal("2024-01-31", false, SqlType.DATE)).isEqualTo("CAST('2024-01-31' AS date)");
        assertThat(UnitTestSql.literal("007", true, SqlType.VARCHAR)).as("CSV text stays text for a varchar column").isEqualTo("CAST('007' AS varchar)");
        assertThat(UnitTestSql.literal(3L, false, SqlType.of("decimal(10,2)"))).isEqualTo("CAST(3 AS decimal(10,2))");
        assertThat(UnitTestSql.literal(null, false, SqlType.BIGINT)).isEqualTo("CAST(NULL AS bigint)");
        assertThat(UnitTestSql.literal(1.5, false, SqlType.of("decimal"))).as("a bare decimal would drop the fraction").isEqualTo("1.5");
        java.util.Date midnight = java.util.Date.from(java.time.Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(UnitTestSql.literal(midnight, false, SqlType.UNKNOWN)).isEqualTo("DATE '2024-02-01'");
        assertThat(UnitTestSql.literal(midnight, false, SqlType.TIMESTAMP)).isEqualTo("CAST('2024-02-01' AS timestamp(6))");
    }

    @Test
    void givenRowsTakeEveryKnownColumnOfTheirInputAndLeaveWhatTheyDoNotSayNull() {
        Map<String, SqlType> types = new HashMap<>(Map.of("id", SqlType.BIGINT, "placed_at", SqlType.DATE, "note", SqlType.VARCHAR));
        String sql = UnitTestSql.relation(dict(List.of("id", "placed_at"), List.of(row("id", 1L, "placed_at", "2024-01-01"), row("id", 2L))),
                Optional.of(List.of("id", "note", "placed_at")), types, "ref('orders')");

        assertThat(sql).isEqualTo("""
                SELECT * FROM (VALUES
                  (CAST(1 AS bigint), CAST(NULL AS varchar), CAST('2024-01-01' AS date)),
                  (CAST(2 AS bigint), CAST(NULL AS varchar), CAST(NULL AS date))
                ) AS t("id", "note", "placed_at")""");
        assertThat(new SqlAnalyzer().analyze(sql).problem()).isEmpty();
    }

    @Test
    void emptyRowsOfUnknownColumnsCannotBecomeARelation() {
        assertThatThrownBy(() -> UnitTestSql.relation(dict(List.of(), List.of()), Optional.empty(), Map.of(), "ref('orders') of unit test 't'"))
                .isInstanceOf(ProjectException.class)
                .hasMessage("models/schema.yml:3: error: the columns of ref('orders') of unit test 't' are not known: "
                        + "give at least one row, or declare the columns in YAML");
    }

    @Test
    void expectedRowsAreTypedAsTheModelsColumnsAndASqlExpectationIsTheQueryAsIs() {
        UnitTest test = new UnitTest("t", AssetKey.of("totals"), AT, Optional.empty(), List.of(), "select 1 as id",
                List.of(), dict(List.of("id"), List.of(row("id", 1L))));
        UnitTestSql.Columns known = new UnitTestSql.Columns() {
            @Override
            public Optional<List<String>> columns(AssetKey asset) {
                return Optional.of(List.of("id", "total"));
            }

            @Override
            public Map<String, SqlType> types(AssetKey asset) {
                return Map.of("id", SqlType.INTEGER);
            }
        };

        assertThat(UnitTestSql.expected(test, known)).contains("SELECT * FROM (VALUES\n  (CAST(1 AS integer))\n) AS t(\"id\")");
        UnitTest bySql = new UnitTest("t", AssetKey.of("totals"), AT, Optional.empty(), List.of(), "select 1 as id", List.of(),
                new Rows(Format.SQL, List.of(), List.of(), "select 1 as id union all select 2;", AT));
        assertThat(UnitTestSql.expected(bySql, known)).contains("select 1 as id union all select 2");
        assertThat(UnitTestSql.actual(bySql, List.of("id"), known)).isEqualTo("SELECT \"id\" FROM (\nselect 1 as id\n) AS __strata_actual");
    }
}
