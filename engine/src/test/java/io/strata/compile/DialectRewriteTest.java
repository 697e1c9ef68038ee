package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.lineage.ColumnLineage;
import io.strata.lineage.ColumnRef;
import io.strata.lineage.LineageGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.strata.compile.TestProject.sql;
import static org.assertj.core.api.Assertions.assertThat;

/** A model written for PostgreSQL compiles to SQL the engine reads, and its lineage reads through the casts. */
class DialectRewriteTest {
    @TempDir
    Path root;

    private TestProject orders(String profiles) {
        return TestProject.in(root)
                .file("strata.yml", "name: shop\n" + profiles)
                .file("models/sources.yml", """
                        sources:
                          - name: crm
                            schema: raw
                            tables:
                              - name: orders
                                columns: [{name: id}, {name: amount}, {name: ordered_at}]
                        """)
                .file("models/silver/amounts.sql", """
                        {{ config(
                            materialized='table'
                        ) }}
                        select id,
                          amount::numeric(16,2) as amount,
                          ordered_at::timestamptz::date as ordered_on,
                          array[id]::bigint[] as ids
                        from {{ source('crm', 'orders') }}""")
                .file("models/silver/pairs.sql", "select\n  '{1,2}'::int[] as pair");
    }

    @Test
    void aPostgresCastCompilesToACastTrinoReads() {
        CompiledProject project = orders("").compile();

        assertThat(sql(project, "amounts")).contains("\nselect id,\n  CAST(amount AS decimal(16,2)) as amount,\n"
                + "  CAST(CAST(ordered_at AS timestamp(6) with time zone) AS date) as ordered_on,\n  CAST(array[id] AS array(bigint)) as ids\n"
                + "from raw.orders");
        assertThat(sql(project, "pairs")).isEqualTo("select\n  '{1,2}'::int[] as pair");
    }

    @Test
    void whatWasRewrittenIsReportedAtTheLinesOfTheModelFile() {
        CompiledProject project = orders("").compile();

        assertThat(project.rewrites()).extracting(Object::toString).containsExactly(
                "models/silver/amounts.sql:5: amount::numeric(16,2) → CAST(amount AS decimal(16,2))",
                "models/silver/amounts.sql:6: ordered_at::timestamptz::date → CAST(CAST(ordered_at AS timestamp(6) with time zone) AS date)",
                "models/silver/amounts.sql:7: array[id]::bigint[] → CAST(array[id] AS array(bigint))");
    }

    @Test
    void aCastLeftAloneIsAWarningAtItsPlace() {
        CompiledProject project = orders("").compile();

        assertThat(project.warnings()).filteredOn(warning -> warning.message().contains("PostgreSQL-style cast"))
                .extracting(Object::toString).singleElement().asString()
                .startsWith("models/silver/pairs.sql:2:3: warning: ''{1,2}'::int[]' is a PostgreSQL-style cast Strata left as written");
    }

    @Test
    void aDremioProfileGetsDremiosTypeNames() {
        CompiledProject project = orders("profiles:\n  local: {type: dremio, schema: analytics}\n").compile();

        assertThat(sql(project, "amounts")).contains("CAST(amount AS DECIMAL(16,2)) as amount",
                "CAST(CAST(ordered_at AS TIMESTAMP) AS DATE) as ordered_on");
    }

    @Test
    void theLineageOfACastColumnStillNamesItsSourceColumn() {
        ColumnLineage lineage = orders("").compile().columnLineage();

        ColumnRef amount = new ColumnRef(AssetKey.of("amounts"), "amount");
        LineageGraph graph = lineage.trace(amount, LineageGraph.Direction.UPSTREAM, -1);

        assertThat(graph.into(amount)).extracting(edge -> edge.from().toString()).containsExactly("crm/orders.amount");
        ColumnRef orderedOn = new ColumnRef(AssetKey.of("amounts"), "ordered_on");
        assertThat(lineage.trace(orderedOn, LineageGraph.Direction.UPSTREAM, -1).into(orderedOn))
                .extracting(edge -> edge.from().toString()).containsExactly("crm/orders.ordered_at");
        ColumnRef ids = new ColumnRef(AssetKey.of("amounts"), "ids");
        assertThat(lineage.trace(ids, LineageGraph.Direction.UPSTREAM, -1).into(ids))
                .extracting(edge -> edge.from().toString()).containsExactly("crm/orders.id");
        assertThat(lineage.warnings()).doesNotContainKey(AssetKey.of("amounts"));
    }

    @Test
    void aSingularTestIsRewrittenToo() {
        CompiledProject project = orders("").file("tests/no_negative_amounts.sql",
                "select * from {{ ref('amounts') }} where amount::numeric < 0").compile();

        assertThat(project.singularTests()).extracting(SingularTest::sql)
                .containsExactly("select * from silver.amounts where CAST(amount AS decimal) < 0");
    }
}
