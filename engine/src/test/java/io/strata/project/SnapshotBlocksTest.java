package io.strata.project;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading {@code {% snapshot %}} blocks out of a snapshot file, and a snapshot's config out of its config. */
class SnapshotBlocksTest {
    @Test
    void eachBlockKeepsItsBodyAtItsLinesAndNothingElse() {
        SnapshotBlocks blocks = SnapshotBlocks.read("snapshots/shop.sql", """
                -- two snapshots
                {% snapshot orders_snapshot %}
                select * from {{ ref('orders') }}
                {% endsnapshot %}
                {%- snapshot customers_snapshot -%}select 1{%- endsnapshot -%}
                """);

        assertThat(blocks.errors()).isEmpty();
        assertThat(blocks.blocks()).extracting(block -> block.name() + " " + block.location()).containsExactly(
                "orders_snapshot snapshots/shop.sql:2", "customers_snapshot snapshots/shop.sql:5");
        String orders = blocks.blocks().getFirst().template();
        assertThat(orders.lines().toList()).hasSize(3);
        assertThat(orders.lines().toList().get(2)).isEqualTo("select * from {{ ref('orders') }}");
        assertThat(orders).doesNotContain("two snapshots").doesNotContain("snapshot");
        assertThat(blocks.blocks().get(1).template().strip()).isEqualTo("select 1");
    }

    @Test
    void tagsOutOfPlaceAreErrorsAtTheirLines() {
        assertThat(SnapshotBlocks.read("s.sql", "select 1\n{% endsnapshot %}\n").errors()).extracting(Diagnostic::toString)
                .containsExactly("s.sql:2: error: {% endsnapshot %} without a {% snapshot name %} before it");
        assertThat(SnapshotBlocks.read("s.sql", "{% snapshot %}select 1{% endsnapshot %}").errors()).extracting(Diagnostic::toString)
                .containsExactly("s.sql:1: error: a snapshot block needs a name: {% snapshot orders_snapshot %}");
        assertThat(SnapshotBlocks.read("s.sql", "{% snapshot a %}\nselect 1\n{% snapshot b %}select 2{% endsnapshot %}").errors())
                .extracting(Diagnostic::toString)
                .containsExactly("s.sql:1: error: snapshot 'a' has no {% endsnapshot %} before the next {% snapshot %} at line 3");
        assertThat(SnapshotBlocks.read("s.sql", "select 1").errors()).extracting(Diagnostic::toString).containsExactly(
                "s.sql:1: error: a file under the snapshot paths holds {% snapshot name %} … {% endsnapshot %} blocks, and this one has none");
    }

    @Test
    void theConfigReadsAsDbtDocumentsIt() {
        SnapshotConfig config = SnapshotConfig.read(new ModelConfig(Map.of("unique_key", List.of("id", "line"), "strategy", "check",
                "check_cols", List.of("status"), "invalidate_hard_deletes", true))).config().orElseThrow();

        assertThat(config.uniqueKey()).containsExactly("id", "line");
        assertThat(config.strategy()).isEqualTo(SnapshotConfig.Strategy.CHECK);
        assertThat(config.checkColumns()).containsExactly("status");
        assertThat(config.hardDeletes()).isEqualTo(SnapshotConfig.HardDeletes.INVALIDATE);
        assertThat(config.addedColumns()).containsExactly("dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to");
        assertThat(SnapshotConfig.read(new ModelConfig(Map.of("unique_key", "id", "strategy", "timestamp", "updated_at", "u",
                "hard_deletes", "new_record"))).config().orElseThrow().addedColumns()).endsWith("dbt_is_deleted");
    }

    @Test
    void unknownMetaColumnNamesAndBadCheckColsAreErrors() {
        assertThat(SnapshotConfig.read(new ModelConfig(Map.of("unique_key", "id", "strategy", "check", "check_cols", "status",
                "snapshot_meta_column_names", Map.of("dbt_valid_until", "x")))).errors()).containsExactly(
                "check_cols='status' must be 'all' or a list of columns, e.g. ['status', 'amount']",
                "snapshot_meta_column_names: 'dbt_valid_until' is not one of dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to, dbt_is_deleted");
    }
}
