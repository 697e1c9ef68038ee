package io.strata.engine.trino;

import io.strata.engine.SeedData;
import io.strata.engine.Materialized;
import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.graph.Asset;
import io.strata.stack.testing.LocalStackExtension;
import io.strata.stack.testing.TestSql;
import io.strata.stack.testing.TestBranch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Each materialization built by Trino on a branch of the real stack. */
@ExtendWith(LocalStackExtension.class)
class TrinoMaterializationIT {
    @TempDir
    Path root;

    private TestProject project(String schema) {
        return TestProject.empty(root)
                .file("strata.yml", "name: shop\n")
                .file("models/sources.yml", "version: 2\nsources:\n  - name: raw\n    schema: " + schema + "\n    tables: [{name: events}]\n");
    }

    private static CompiledProject compile(TestProject project, Set<String> existing) {
        return project.options(new CompileOptions(Optional.empty(), Map.of(), existing, false, 2)).compile();
    }

    private static Asset asset(CompiledProject project, String name) {
        return TestProject.asset(project, name);
    }

    @Test
    void viewsAndTablesAreBuiltAndATableIsReplacedWhole(TestBranch branch) throws SQLException {
        String schema = "m_" + branch.name().replace('-', '_');
        TestProject project = project(schema)
                .file("models/" + schema + "/orders.sql", "{{ config(materialized='table') }}\nselect * from (values (1, 10), (2, 20)) as t(id, amount)")
                .file("models/" + schema + "/totals.sql", "select sum(amount) as total from {{ ref('orders') }}");
        CompiledProject first = compile(project, Set.of());
        TrinoEngine engine = branch.engine();

        Materialized orders = engine.materialize(branch.name(), asset(first, "orders"), false);
        engine.materialize(branch.name(), asset(first, "totals"), false);

        assertThat(orders.rows()).hasValue(2);
        try (Connection connection = branch.connect()) {
            assertThat(TestSql.rows(connection, "select total from " + schema + ".totals")).containsExactly("30");
            project.file("models/" + schema + "/orders.sql", "{{ config(materialized='table') }}\nselect * from (values (5, 50)) as t(id, amount)");
            engine.materialize(branch.name(), asset(compile(project, Set.of()), "orders"), false);
            assertThat(TestSql.rows(connection, "select total from " + schema + ".totals")).as("the view reads the replaced table").containsExactly("50");

            project.file("models/" + schema + "/totals.sql", "{{ config(materialized='table') }}\nselect sum(amount) as total from {{ ref('orders') }}");
            engine.materialize(branch.name(), asset(compile(project, Set.of()), "totals"), false);
            assertThat(TestSql.rows(connection, "select table_type from information_schema.tables where table_schema = '" + schema
                    + "' and table_name = 'totals'")).as("a view that becomes a table").containsExactly("BASE TABLE");
        }
        assertThat(engine.exists(branch.name(), asset(first, "totals").relation().orElseThrow())).isTrue();
        assertThat(engine.exists(branch.name(), new io.strata.project.Relation(schema, "nope"))).isFalse();
    }

    @Test
    void incrementalModelsAddOnlyNewRowsAndMergeOrReplaceByKey(TestBranch branch) throws SQLException {
        String schema = "i_" + branch.name().replace('-', '_');
        String filter = "{% if is_incremental() %} where ts > (select max(ts) from {{ this }}){% endif %}";
        TestProject project = project(schema)
                .file("models/silver/" + schema + "_appended.sql", "{{ config(materialized='incremental') }}\nselect id, ts, status from {{ source('raw', 'events') }}" + filter)
                .file("models/silver/" + schema + "_merged.sql", "{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge') }}\n"
                        + "select id, ts, status from {{ source('raw', 'events') }}" + filter)
                .file("models/silver/" + schema + "_replaced.sql", "{{ config(materialized='incremental', unique_key='id', incremental_strategy='delete+insert') }}\n"
                        + "select id, ts, status from {{ source('raw', 'events') }}" + filter);
        TrinoEngine engine = branch.engine();
        String[] models = {schema + "_appended", schema + "_merged", schema + "_replaced"};
        try (Connection connection = branch.connect(); Statement statement = connection.createStatement()) {
            statement.execute("create schema " + schema);
            statement.execute("create table " + schema + ".events as select * from (values (1, 1, 'new'), (2, 2, 'new')) as t(id, ts, status)");
            CompiledProject first = compile(project, Set.of());
            for (String model : models) {
                engine.materialize(branch.name(), asset(first, model), false);
            }

            statement.execute("insert into " + schema + ".events values (2, 3, 'paid'), (3, 4, 'new')");
            CompiledProject second = compile(project, Set.of(models));
            assertThat(asset(second, models[0]).sql().orElseThrow()).contains("where ts > (select max(ts) from silver." + models[0] + ")");
            for (String model : models) {
                engine.materialize(branch.name(), asset(second, model), false);
            }

            assertThat(TestSql.rows(connection, "select id, ts, status from silver." + models[0] + " order by ts"))
                    .as("append adds only the new rows, and keeps both versions of id 2")
                    .containsExactly("1,1,new", "2,2,new", "2,3,paid", "3,4,new");
            assertThat(TestSql.rows(connection, "select id, ts, status from silver." + models[1] + " order by id"))
                    .as("merge updates id 2 in place").containsExactly("1,1,new", "2,3,paid", "3,4,new");
            assertThat(TestSql.rows(connection, "select id, ts, status from silver." + models[2] + " order by id"))
                    .as("delete+insert replaces id 2").containsExactly("1,1,new", "2,3,paid", "3,4,new");

            Materialized refreshed = engine.materialize(branch.name(), asset(compile(project, Set.of()), models[0]), true);
            assertThat(refreshed.statements()).anyMatch(sql -> sql.startsWith("CREATE OR REPLACE TABLE"));
            assertThat(TestSql.rows(connection, "select count(*) from silver." + models[0])).as("a full refresh rebuilds").containsExactly("4");
        }
    }

    @Test
    void seedsLoadWithInferredTypesAndEphemeralModelsAreInlined(TestBranch branch) throws SQLException {
        String schema = "s_" + branch.name().replace('-', '_');
        TestProject project = project(schema)
                .file("seeds/" + schema + "/chargers.csv", "type,max_kw,dc,since,note\nac,22,false,2020-01-01,\"wall box, 3 phase\"\ndc,150.5,true,2021-06-30,\nhpc,350,true,2023-02-01,it's fast\n")
                .file("models/" + schema + "/fast.sql", "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('chargers') }} where max_kw > 100")
                .file("models/" + schema + "/fast_count.sql", "{{ config(materialized='table') }}\nselect count(*) as n, max(since) as newest from {{ ref('fast') }}");
        CompiledProject compiled = compile(project, Set.of());
        Asset seed = asset(compiled, "chargers");
        SeedData data = SeedData.read(project.root().resolve(seed.path()), seed.path(), Map.of());
        TrinoEngine engine = branch.engine();

        assertThat(data.types()).containsExactly("varchar", "double", "boolean", "date", "varchar");
        assertThat(engine.loadSeed(branch.name(), seed, data).rows()).hasValue(3);
        assertThat(engine.materialize(branch.name(), asset(compiled, "fast"), false).statements()).isEmpty();
        engine.materialize(branch.name(), asset(compiled, "fast_count"), false);

        try (Connection connection = branch.connect()) {
            assertThat(TestSql.rows(connection, "select type, max_kw, dc, since, note from " + schema + ".chargers order by max_kw"))
                    .containsExactly("ac,22.0,false,2020-01-01,wall box, 3 phase", "dc,150.5,true,2021-06-30,null", "hpc,350.0,true,2023-02-01,it's fast");
            assertThat(TestSql.rows(connection, "select n, newest from " + schema + ".fast_count")).containsExactly("2,2023-02-01");
        }
    }
}
