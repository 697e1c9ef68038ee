package io.strata.compile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.strata.compile.TestProject.sql;
import static org.assertj.core.api.Assertions.assertThat;

class EphemeralTest {
    @TempDir
    Path root;

    @Test
    void anEphemeralModelIsInlinedAsACommonTableExpressionWithItsOwnEphemeralsFirst() {
        CompiledProject project = TestProject.in(root)
                .file("models/silver/orders.sql", "{{ config(materialized='table') }}\nselect 1 as id, 10 as cents")
                .file("models/silver/priced.sql", "{{ config(materialized='ephemeral') }}\nselect id, cents / 100.0 as eur from {{ ref('orders') }}")
                .file("models/silver/big.sql", "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('priced') }} where eur > 1")
                .file("models/gold/report.sql", "-- big orders\nselect count(*) as n from {{ ref('big') }}")
                .compile();

        assertThat(sql(project, "report")).isEqualTo("""
                -- big orders
                WITH __strata_cte__priced AS (
                select id, cents / 100.0 as eur from silver.orders
                ), __strata_cte__big AS (
                select * from __strata_cte__priced where eur > 1
                )
                select count(*) as n from __strata_cte__big""");
        assertThat(project.warnings()).isEmpty();
    }

    @Test
    void aModelWithItsOwnWithClauseGetsTheEphemeralsAddedToIt() {
        CompiledProject project = TestProject.in(root)
                .file("models/a.sql", "{{ config(materialized='ephemeral') }}\nselect 1 as id")
                .file("models/b.sql", "with x as (select * from {{ ref('a') }})\nselect * from x")
                .compile();

        assertThat(sql(project, "b")).isEqualTo("with __strata_cte__a AS (\nselect 1 as id\n), x as (select * from __strata_cte__a)\nselect * from x");
    }

    @Test
    void aChangedEphemeralChangesItsConsumersOnRecompile() throws Exception {
        TestProject project = TestProject.in(root)
                .file("models/a.sql", "{{ config(materialized='ephemeral') }}\nselect 1 as id")
                .file("models/b.sql", "select * from {{ ref('a') }}");
        try (Compiler compiler = project.compiler()) {
            compiler.compile();
            project.file("models/a.sql", "{{ config(materialized='ephemeral') }}\nselect 2 as id");
            java.nio.file.Files.setLastModifiedTime(root.resolve("models/a.sql"),
                    java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(5)));

            assertThat(sql(compiler.compile(), "b")).contains("select 2 as id");
        }
    }
}
