package io.strata.sql;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** PostgreSQL-style casts as Trino and Dremio read them, as text. */
class DialectBridgeTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # operands
            select o.amount::numeric(16,2) from o                  | select CAST(o.amount AS decimal(16,2)) from o
            select "Quoted"."col"::int from t                      | select CAST("Quoted"."col" AS integer) from t
            select '2024-01-01'::date                               | select CAST('2024-01-01' AS date)
            select 1::bigint                                        | select CAST(1 AS bigint)
            select -1::int                                          | select -CAST(1 AS integer)
            select 1.5e3::float8                                    | select CAST(1.5e3 AS double)
            select (a + b)::numeric(16, 2) from t                   | select CAST((a + b) AS decimal(16, 2)) from t
            select sum(x)::double precision from t                  | select CAST(sum(x) AS double) from t
            select pg_catalog.lower(x)::text from t                 | select CAST(pg_catalog.lower(x) AS varchar) from t
            select case when a then 1 else 2 end::int8 from t       | select CAST(case when a then 1 else 2 end AS bigint) from t
            select case when case when a then b end then 1 end::int | select CAST(case when case when a then b end then 1 end AS integer)
            select sum(x) over (partition by y)::int2 from t        | select CAST(sum(x) over (partition by y) AS smallint) from t
            select date '2024-01-01'::timestamp                     | select CAST(date '2024-01-01' AS timestamp)
            select a[1]::int from t                                 | select CAST(a[1] AS integer) from t
            select x from t where (a)::bool                         | select x from t where CAST((a) AS boolean)
            select x from t where y in (1, 2)::int                  | select x from t where y in CAST((1, 2) AS integer)
            select null::text                                       | select CAST(null AS varchar)
            # chains and nesting
            select x::text::int from t                              | select CAST(CAST(x AS varchar) AS integer) from t
            select (a::int + b::int)::numeric from t                | select CAST((CAST(a AS integer) + CAST(b AS integer)) AS decimal) from t
            select f(x::int4, y::int2) from t                       | select f(CAST(x AS integer), CAST(y AS smallint)) from t
            select x :: int from t                                  | select CAST(x  AS integer) from t
            # types
            select x::character varying(20)                         | select CAST(x AS varchar(20))
            select x::varchar(max)                                  | select CAST(x AS varchar)
            select x::varchar(20)                                   | select CAST(x AS varchar(20))
            select x::string, y::bpchar(3)                          | select CAST(x AS varchar), CAST(y AS char(3))
            select x::timestamptz                                   | select CAST(x AS timestamp(6) with time zone)
            select x::timestamp with time zone                      | select CAST(x AS timestamp(6) with time zone)
            select x::timestamp(3) with time zone                   | select CAST(x AS timestamp(3) with time zone)
            select x::timestamp without time zone                   | select CAST(x AS timestamp(6))
            select x::timestamp_ntz, y::timestamp(3)                | select CAST(x AS timestamp(6)), CAST(y AS timestamp(3))
            select x::float4, y::float(53), z::float(10)            | select CAST(x AS real), CAST(y AS double), CAST(z AS real)
            select x::NUMERIC(38, 0), y::Boolean                    | select CAST(x AS decimal(38, 0)), CAST(y AS boolean)
            select x::bytea, y::json, z::uuid                       | select CAST(x AS varbinary), CAST(y AS json), CAST(z AS uuid)
            select x::number(10,2)                                  | select CAST(x AS decimal(10,2))
            select x::int[] from t                                  | select CAST(x AS array(integer)) from t
            select array[1, 2]::bigint[]                            | select CAST(array[1, 2] AS array(bigint))
            # numeric inside CAST
            select cast(x as numeric(16,2)) from t                  | select cast(x as decimal(16,2)) from t
            select CAST(f(x) AS NUMERIC) from t                     | select CAST(f(x) AS decimal) from t
            select try_cast(x as numeric(5, 1)) from t              | select try_cast(x as decimal(5, 1)) from t
            select numeric_col as numeric from t                    | select numeric_col as numeric from t
            # left alone: strings, quoted identifiers, comments
            select 'a::int' from t                                  | select 'a::int' from t
            select 'it''s::int', "x::int" from t                    | select 'it''s::int', "x::int" from t
            select x -- y::int                                      | select x -- y::int
            select x /* y::int */ from t                            | select x /* y::int */ from t
            select 'cast(x as numeric)' from t                      | select 'cast(x as numeric)' from t
            # left alone and reported
            select x::int[3] from t                                 | select x::int[3] from t
            select x::int[][] from t                                | select x::int[][] from t
            select '{1,2}'::int[]                                   | select '{1,2}'::int[]
            select x::regclass from t                               | select x::regclass from t
            select x::interval from t                               | select x::interval from t
            select x::regclass::text from t                         | select x::regclass::text from t
            select ::int                                            | select ::int
            """)
    void rewritesForTrino(String sql, String expected) {
        assertThat(DialectBridge.rewrite(sql, EngineType.TRINO).sql()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            select o.amount::numeric(16,2) from o                   | select CAST(o.amount AS DECIMAL(16,2)) from o
            select x::int4, y::int8, z::int2                        | select CAST(x AS INTEGER), CAST(y AS BIGINT), CAST(z AS INTEGER)
            select x::double precision, y::float4                   | select CAST(x AS DOUBLE), CAST(y AS FLOAT)
            select x::text, y::character varying(20)                | select CAST(x AS VARCHAR), CAST(y AS VARCHAR(20))
            select x::bool, y::timestamptz, z::timestamp(3)         | select CAST(x AS BOOLEAN), CAST(y AS TIMESTAMP), CAST(z AS TIMESTAMP)
            select cast(x as numeric(5,1))                          | select cast(x as DECIMAL(5,1))
            select x::int[]                                         | select x::int[]
            """)
    void rewritesForDremio(String sql, String expected) {
        assertThat(DialectBridge.rewrite(sql, EngineType.DREMIO).sql()).isEqualTo(expected);
    }

    @Test
    void sqlWithoutCastsComesBackAsItIs() {
        String sql = "select a, b from t where c = 'x'";

        DialectBridge.Rewritten rewritten = DialectBridge.rewrite(sql, EngineType.TRINO);

        assertThat(rewritten.sql()).isSameAs(sql);
        assertThat(rewritten.rewrites()).isEmpty();
        assertThat(rewritten.leftAlone()).isEmpty();
    }

    @Test
    void everyRewriteStaysOnTheLinesItCameFrom() {
        String sql = """
                select
                  o.amount::numeric(16,2) as amount, -- a comment::int
                  (o.a
                   + o.b)::int as total,
                  o.c
                  ::text as c,
                  cast(o.d as numeric(5,
                   1)) as d
                from o""";

        String rewritten = DialectBridge.rewrite(sql, EngineType.TRINO).sql();

        assertThat(rewritten.lines()).hasSameSizeAs(sql.lines().toList());
        assertThat(rewritten.lines().toList().get(1)).isEqualTo("  CAST(o.amount AS decimal(16,2)) as amount, -- a comment::int");
        assertThat(rewritten.lines().toList().get(2)).isEqualTo("  CAST((o.a");
        assertThat(rewritten.lines().toList().get(3)).isEqualTo("   + o.b) AS integer) as total,");
        assertThat(rewritten.lines().toList().get(5)).isEqualTo("   AS varchar) as c,");
        assertThat(rewritten.lines().toList().get(6)).isEqualTo("  cast(o.d as decimal(5,");
    }

    @Test
    void saysWhatItRewroteWhereOneEntryPerOutermostCast() {
        String sql = "select\n  o.amount::numeric(16,2),\n  x::text::int,\n  cast(y as numeric(5, 1))\nfrom o";

        DialectBridge.Rewritten rewritten = DialectBridge.rewrite(sql, EngineType.TRINO);

        assertThat(rewritten.rewrites()).extracting(Object::toString).containsExactly(
                "2: o.amount::numeric(16,2) → CAST(o.amount AS decimal(16,2))",
                "3: x::text::int → CAST(CAST(x AS varchar) AS integer)",
                "4: numeric(5, 1) → decimal(5, 1)");
        assertThat(rewritten.rewrites().getFirst().column()).isEqualTo(3);
    }

    @Test
    void reportsTheCastsItLeavesAlone() {
        String sql = "select x::int,\n  '{1,2}'::int[], y::int[3], z::regclass::text";

        DialectBridge.Rewritten rewritten = DialectBridge.rewrite(sql, EngineType.TRINO);

        assertThat(rewritten.sql()).isEqualTo("select CAST(x AS integer),\n  '{1,2}'::int[], y::int[3], z::regclass::text");
        assertThat(rewritten.leftAlone()).extracting(DialectBridge.LeftAlone::line, DialectBridge.LeftAlone::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "'{1,2}'::int[]"),
                org.assertj.core.groups.Tuple.tuple(2, "y::int[3]"),
                org.assertj.core.groups.Tuple.tuple(2, "z::regclass"),
                org.assertj.core.groups.Tuple.tuple(2, "::text"));
        assertThat(rewritten.leftAlone().get(2).reason()).contains("regclass");
    }
}
