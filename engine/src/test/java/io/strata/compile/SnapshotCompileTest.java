package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import io.strata.project.Materialization;
import io.strata.project.Relation;
import io.strata.select.Selector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.strata.compile.TestProject.asset;
import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots, in dbt's two styles, become assets of the graph that read what their query reads. */
class SnapshotCompileTest {
    private static final String SOURCES = """
            version: 2
            sources:
              - name: shop
                schema: raw
                tables:
                  - name: orders
            """;

    @TempDir
    Path root;

    @Test
    void aSnapshotBlockIsAnAssetReadingWhatItsQueryReadsInItsTargetSchema() {
        CompiledProject project = TestProject.in(root)
                .file("models/sources.yml", SOURCES)
                .file("snapshots/orders_snapshot.sql", """
                        -- history of the shop's orders
                        {% snapshot orders_snapshot %}
                        {{ config(target_schema='snapshots', unique_key='id', strategy='timestamp', updated_at='updated_at') }}
                        select * from {{ source('shop', 'orders') }}
                        {% endsnapshot %}
                        """)
                .compile();

        Asset snapshot = asset(project, "orders_snapshot");
        assertThat(snapshot.kind()).isEqualTo(AssetKind.MODEL);
        assertThat(snapshot.materialization()).isEqualTo(Materialization.SNAPSHOT);
        assertThat(snapshot.relation()).contains(new Relation("snapshots", "orders_snapshot"));
        assertThat(snapshot.deps()).containsExactly(AssetKey.of("shop", "orders"));
        assertThat(snapshot.location().toString()).isEqualTo("snapshots/orders_snapshot.sql:2");
        assertThat(snapshot.sql().orElseThrow().strip()).isEqualTo("select * from raw.orders");
        assertThat(snapshot.config().uniqueKey()).containsExactly("id");
    }

    @Test
    void aModelRefsASnapshotAndReadsItsTable() {
        CompiledProject project = TestProject.in(root)
                .file("seeds/customers.csv", "id,name,updated_at\n1,Ana,2024-01-01 00:00:00\n")
                .file("snapshots/customers.sql", """
                        {% snapshot customers_snapshot %}
                        {{ config(schema='history', unique_key='id', strategy='check', check_cols=['name']) }}
                        select id, name from {{ ref('customers') }}
                        {% endsnapshot %}
                        """)
                .file("models/current_customers.sql", "select id, name from {{ ref('customers_snapshot') }} where dbt_valid_to is null")
                .compile();

        assertThat(asset(project, "customers_snapshot").deps()).containsExactly(AssetKey.of("customers"));
        assertThat(asset(project, "current_customers").deps()).containsExactly(AssetKey.of("customers_snapshot"));
        assertThat(TestProject.sql(project, "current_customers")).contains("history.customers_snapshot");
        assertThat(project.graph().parents(AssetKey.of("current_customers"))).containsExactly(AssetKey.of("customers_snapshot"));
    }

    @Test
    void aYamlSnapshotRecordsItsRelationWithItsConfig() {
        CompiledProject project = TestProject.in(root)
                .file("models/sources.yml", SOURCES)
                .file("snapshots/snapshots.yml", """
                        snapshots:
                          - name: orders_history
                            description: Every version of each order
                            relation: source('shop', 'orders')
                            config:
                              schema: snapshots
                              unique_key: [id, line]
                              strategy: check
                              check_cols: all
                              hard_deletes: new_record
                            columns:
                              - name: id
                                tests: [not_null]
                        """)
                .compile();

        Asset snapshot = asset(project, "orders_history");
        assertThat(snapshot.materialization()).isEqualTo(Materialization.SNAPSHOT);
        assertThat(snapshot.deps()).containsExactly(AssetKey.of("shop", "orders"));
        assertThat(snapshot.relation()).contains(new Relation("snapshots", "orders_history"));
        assertThat(snapshot.description()).isEqualTo("Every version of each order");
        assertThat(snapshot.config().uniqueKey()).containsExactly("id", "line");
        assertThat(snapshot.location().toString()).isEqualTo("snapshots/snapshots.yml:2:5");
        assertThat(snapshot.sql().orElseThrow().strip()).isEqualTo("select * from raw.orders");
        assertThat(snapshot.checks()).extracting(check -> check.test() + " " + check.column().orElse("")).containsExactly("not_null id");
        assertThat(project.warnings()).isEmpty();
    }

    @Test
    void aYamlEntryWithoutRelationDescribesTheBlockOfItsName() {
        CompiledProject project = TestProject.in(root)
                .file("models/orders.sql", "select 1 as id")
                .file("snapshots/orders.sql", """
                        {% snapshot orders_snapshot %}
                        {{ config(strategy='check', check_cols='all') }}
                        select * from {{ ref('orders') }}
                        {% endsnapshot %}
                        """)
                .file("snapshots/orders.yml", """
                        snapshots:
                          - name: orders_snapshot
                            description: Orders through time
                            config: {unique_key: id, schema: history}
                            columns:
                              - name: dbt_scd_id
                                tests: [unique]
                        """)
                .compile();

        Asset snapshot = asset(project, "orders_snapshot");
        assertThat(snapshot.description()).isEqualTo("Orders through time");
        assertThat(snapshot.relation()).contains(new Relation("history", "orders_snapshot"));
        assertThat(snapshot.checks()).extracting(check -> check.test() + " " + check.column().orElse("")).containsExactly("unique dbt_scd_id");
        assertThat(project.warnings()).isEmpty();
    }

    @Test
    void folderConfigsOfTheProjectFileApplyToSnapshots() {
        CompiledProject project = TestProject.in(root)
                .file("strata.yml", """
                        name: shop
                        snapshots:
                          shop:
                            +target_schema: history
                            +strategy: timestamp
                            +updated_at: updated_at
                        """)
                .file("models/orders.sql", "select 1 as id, current_timestamp as updated_at")
                .file("snapshots/orders.sql", """
                        {% snapshot orders_snapshot %}{{ config(unique_key='id') }}select * from {{ ref('orders') }}{% endsnapshot %}
                        """)
                .compile();

        Asset snapshot = asset(project, "orders_snapshot");
        assertThat(snapshot.relation()).contains(new Relation("history", "orders_snapshot"));
        assertThat(snapshot.config().string("strategy")).contains("timestamp");
    }

    @Test
    void badSnapshotConfigIsAnErrorAtTheBlock() {
        assertThat(TestProject.in(root)
                .file("models/orders.sql", "select 1 as id")
                .file("snapshots/orders.sql", """
                        {% snapshot no_key %}
                        {{ config(strategy='timestamp', updated_at='updated_at') }}
                        select * from {{ ref('orders') }}
                        {% endsnapshot %}

                        {% snapshot bad_strategy %}
                        {{ config(unique_key='id', strategy='timestmap') }}
                        select * from {{ ref('orders') }}
                        {% endsnapshot %}

                        {% snapshot no_updated_at %}
                        {{ config(unique_key='id', strategy='timestamp') }}
                        select * from {{ ref('orders') }}
                        {% endsnapshot %}

                        {% snapshot no_check_cols %}
                        {{ config(unique_key='id', strategy='check') }}
                        select * from {{ ref('orders') }}
                        {% endsnapshot %}
                        """)
                .errors()).containsExactly(
                "snapshots/orders.sql:1: error: a snapshot needs unique_key: the column(s) that identify a row of its query",
                "snapshots/orders.sql:6: error: strategy='timestmap' is not one of check, timestamp",
                "snapshots/orders.sql:11: error: strategy='timestamp' needs updated_at: the column that holds when each row last changed",
                "snapshots/orders.sql:16: error: strategy='check' needs check_cols: 'all' or a list of the columns whose change makes a new"
                        + " version");
    }

    @Test
    void badYamlSnapshotConfigIsAnErrorAtItsEntry() {
        assertThat(TestProject.in(root)
                .file("models/orders.sql", "select 1 as id")
                .file("snapshots/snapshots.yml", """
                        snapshots:
                          - name: orders_snapshot
                            relation: ref('orders')
                            config: {unique_key: id, strategy: timestamp, updated_at: updated_at, hard_deletes: forget}
                        """)
                .errors()).containsExactly("snapshots/snapshots.yml:2:5: error: hard_deletes='forget' is not one of ignore, invalidate, new_record");
    }

    @Test
    void aBlockWithoutItsEndIsAnErrorAtItsLine() {
        assertThat(TestProject.in(root)
                .file("models/orders.sql", "select 1 as id")
                .file("snapshots/orders.sql", """

                        {% snapshot orders_snapshot %}
                        select * from {{ ref('orders') }}
                        """)
                .errors()).containsExactly("snapshots/orders.sql:2: error: snapshot 'orders_snapshot' has no {% endsnapshot %}: end the block with it");
    }

    @Test
    void anUnknownRefInASnapshotIsReportedAtItsLineInTheFile() {
        assertThat(TestProject.in(root)
                .file("models/orders.sql", "select 1 as id")
                .file("snapshots/orders.sql", """
                        {% snapshot orders_snapshot %}
                        {{ config(unique_key='id', strategy='check', check_cols='all') }}

                        select * from {{ ref('ordrs') }}
                        {% endsnapshot %}
                        """)
                .errors()).singleElement().asString().startsWith("snapshots/orders.sql:4");
    }

    @Test
    void aSnapshotNamedAsAModelIsAnError() {
        assertThat(TestProject.in(root)
                .file("models/orders.sql", "select 1 as id")
                .file("snapshots/orders.sql", """
                        {% snapshot orders %}
                        {{ config(unique_key='id', strategy='check', check_cols='all') }}
                        select 1 as id
                        {% endsnapshot %}
                        """)
                .errors()).containsExactly("snapshots/orders.sql:1: error: snapshot 'orders' has the same name as the one defined at"
                + " models/orders.sql; names must be unique across models and snapshots");
    }

    @Test
    void resourceTypeSnapshotSelectsSnapshotsAndModelSelectsTheModelsOnly() {
        CompiledProject project = TestProject.in(root)
                .file("models/orders.sql", "select 1 as id, 'open' as status")
                .file("snapshots/orders.sql", """
                        {% snapshot orders_snapshot %}
                        {{ config(unique_key='id', strategy='check', check_cols=['status']) }}
                        select * from {{ ref('orders') }}
                        {% endsnapshot %}
                        """)
                .compile();

        assertThat(Selector.parse(List.of("resource_type:snapshot"), List.of()).select(project.graph())).containsExactly(AssetKey.of("orders_snapshot"));
        assertThat(Selector.parse(List.of("resource_type:model"), List.of()).select(project.graph())).containsExactly(AssetKey.of("orders"));
        assertThat(Selector.parse(List.of("config.materialized:snapshot"), List.of()).select(project.graph()))
                .containsExactly(AssetKey.of("orders_snapshot"));
    }

    @Test
    void columnValidationKnowsTheSnapshotsColumnsAndRefusesOthers() {
        TestProject project = TestProject.in(root)
                .file("models/orders.sql", "select 1 as id, 'open' as status")
                .file("snapshots/orders.sql", """
                        {% snapshot orders_snapshot %}
                        {{ config(unique_key='id', strategy='check', check_cols=['status'], hard_deletes='new_record') }}
                        select * from {{ ref('orders') }}
                        {% endsnapshot %}
                        """)
                .file("models/history.sql", "select id, status, dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to, dbt_is_deleted"
                        + " from {{ ref('orders_snapshot') }}");
        project.compile();

        project.file("models/history.sql", "select id, dbt_valid_until from {{ ref('orders_snapshot') }}");
        assertThat(project.errors()).singleElement().asString().contains("models/history.sql:1")
                .contains("unknown column: no relation in scope has a column 'dbt_valid_until'");
    }

    @Test
    void columnLineageGivesTheQueryColumnsThenTheAddedOnesTypedAsUpdatedAt() {
        CompiledProject project = TestProject.in(root)
                .file("models/orders.sql", "select 1 as id, cast(null as timestamp(6)) as updated_at")
                .file("snapshots/orders.sql", """
                        {% snapshot orders_snapshot %}
                        {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at') }}
                        select * from {{ ref('orders') }}
                        {% endsnapshot %}
                        """)
                .compile();

        io.strata.lineage.ColumnLineage lineage = io.strata.lineage.ColumnLineage.of(project.graph(), project.declarations(), root);
        AssetKey snapshot = AssetKey.of("orders_snapshot");
        assertThat(lineage.columns(snapshot)).contains(List.of("id", "updated_at", "dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to"));
        assertThat(lineage.types(snapshot).get("dbt_valid_to")).hasToString(lineage.types(snapshot).get("updated_at").toString());
        assertThat(lineage.upstream(new io.strata.lineage.ColumnRef(snapshot, "dbt_valid_from")))
                .extracting(edge -> edge.from().toString()).containsExactly("orders.updated_at");
    }
}
