package io.strata.engine.trino;

import io.strata.project.ModelConfig;
import io.strata.project.Relation;
import io.strata.project.SnapshotConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The statements that build a snapshot on Trino, as text, for each strategy and each way of recording hard deletes. */
class SnapshotStatementsTest {
    private static final String SQL = "select * from raw.orders";
    private static final List<String> COLUMNS = List.of("id", "status", "amount", "updated_at");
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123456789Z");
    private static final String TIME = "TIMESTAMP '2026-03-01 10:00:00.123456'";

    private static SnapshotStatements statements(Map<String, Object> config) {
        SnapshotConfig snapshot = SnapshotConfig.read(new ModelConfig(config)).config().orElseThrow();
        return new SnapshotStatements(new Relation("snapshots", "orders_snapshot"), snapshot, COLUMNS, NOW);
    }

    private static SnapshotStatements timestamp(String hardDeletes) {
        return statements(Map.of("unique_key", "id", "strategy", "timestamp", "updated_at", "updated_at", "hard_deletes", hardDeletes));
    }

    @Test
    void theFirstBuildCreatesTheTableWithTheVersionColumnsAndEveryRowCurrent() {
        assertThat(timestamp("ignore").create(SQL)).isEqualTo("""
                CREATE TABLE snapshots.orders_snapshot AS
                SELECT strata_source.*, lower(to_hex(md5(to_utf8(coalesce(CAST(strata_source.id AS varchar), '') || '|' \
                || coalesce(CAST(strata_source.updated_at AS varchar), ''))))) AS dbt_scd_id, strata_source.updated_at AS dbt_updated_at, \
                strata_source.updated_at AS dbt_valid_from, nullif(strata_source.updated_at, strata_source.updated_at) AS dbt_valid_to
                FROM (
                select * from raw.orders
                ) AS strata_source""");
    }

    @Test
    void aLaterBuildStagesTheRowsClosesChangedVersionsAndInsertsNewOnes() {
        SnapshotStatements statements = timestamp("ignore");

        assertThat(statements.update(SQL)).containsExactly(statements.stage(SQL), statements.closeChanged(), statements.insertCurrent());
        assertThat(statements.stage(SQL)).isEqualTo("""
                CREATE OR REPLACE TABLE snapshots.orders_snapshot__strata_snapshot AS
                SELECT strata_source.*, lower(to_hex(md5(to_utf8(coalesce(CAST(strata_source.id AS varchar), '') || '|' \
                || coalesce(CAST(strata_source.updated_at AS varchar), ''))))) AS dbt_scd_id, strata_source.updated_at AS dbt_updated_at, \
                strata_source.updated_at AS dbt_valid_from
                FROM (
                select * from raw.orders
                ) AS strata_source""");
        assertThat(statements.closeChanged()).isEqualTo("""
                MERGE INTO snapshots.orders_snapshot AS strata_target
                USING snapshots.orders_snapshot__strata_snapshot AS strata_new
                ON strata_target.id = strata_new.id AND strata_target.dbt_valid_to IS NULL
                WHEN MATCHED AND (strata_target.dbt_valid_from < strata_new.dbt_valid_from) \
                THEN UPDATE SET dbt_valid_to = strata_new.dbt_valid_from""");
        assertThat(statements.insertCurrent()).isEqualTo("""
                INSERT INTO snapshots.orders_snapshot (id, status, amount, updated_at, dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to)
                SELECT strata_new.id, strata_new.status, strata_new.amount, strata_new.updated_at, strata_new.dbt_scd_id, \
                strata_new.dbt_updated_at, strata_new.dbt_valid_from, NULL
                FROM snapshots.orders_snapshot__strata_snapshot AS strata_new
                WHERE NOT EXISTS (SELECT 1 FROM snapshots.orders_snapshot AS strata_target \
                WHERE strata_target.id = strata_new.id AND strata_target.dbt_valid_to IS NULL)""");
        assertThat(statements.insertDeletionRecords()).isEmpty();
        assertThat(statements.closeDeleted()).isEmpty();
    }

    @Test
    void theCheckStrategyComparesTheCheckColumnsNullSafelyAndStartsVersionsAtTheSnapshotTime() {
        SnapshotStatements statements = statements(Map.of("unique_key", List.of("id", "line"), "strategy", "check",
                "check_cols", List.of("status", "amount")));

        assertThat(statements.closeChanged()).isEqualTo("""
                MERGE INTO snapshots.orders_snapshot AS strata_target
                USING snapshots.orders_snapshot__strata_snapshot AS strata_new
                ON strata_target.id = strata_new.id AND strata_target.line = strata_new.line AND strata_target.dbt_valid_to IS NULL
                WHEN MATCHED AND (strata_target.status IS DISTINCT FROM strata_new.status \
                OR strata_target.amount IS DISTINCT FROM strata_new.amount) THEN UPDATE SET dbt_valid_to = strata_new.dbt_valid_from""");
        assertThat(statements.stage(SQL)).contains("lower(to_hex(md5(to_utf8(coalesce(CAST(strata_source.id AS varchar), '') || '|' "
                + "|| coalesce(CAST(strata_source.line AS varchar), '') || '|' || coalesce(CAST(" + TIME + " AS varchar), ''))))) AS dbt_scd_id, "
                + TIME + " AS dbt_updated_at, " + TIME + " AS dbt_valid_from");
    }

    @Test
    void checkColsAllComparesEveryColumnOfTheQuery() {
        assertThat(statements(Map.of("unique_key", "id", "strategy", "check", "check_cols", "all")).closeChanged()).contains(
                "WHEN MATCHED AND (strata_target.id IS DISTINCT FROM strata_new.id OR strata_target.status IS DISTINCT FROM strata_new.status"
                        + " OR strata_target.amount IS DISTINCT FROM strata_new.amount"
                        + " OR strata_target.updated_at IS DISTINCT FROM strata_new.updated_at) THEN");
    }

    @Test
    void theCheckStrategyWithUpdatedAtTakesTheVersionTimeFromIt() {
        assertThat(statements(Map.of("unique_key", "id", "strategy", "check", "check_cols", List.of("status"), "updated_at", "updated_at"))
                .stage(SQL)).contains("strata_source.updated_at AS dbt_updated_at, strata_source.updated_at AS dbt_valid_from").doesNotContain(TIME);
    }

    @Test
    void invalidateClosesTheCurrentVersionOfRowsGoneFromTheQueryAtTheSnapshotTime() {
        SnapshotStatements statements = timestamp("invalidate");

        assertThat(statements.closeDeleted()).contains("""
                MERGE INTO snapshots.orders_snapshot AS strata_target
                USING (
                SELECT strata_current.id FROM snapshots.orders_snapshot AS strata_current
                WHERE strata_current.dbt_valid_to IS NULL AND NOT EXISTS (SELECT 1 FROM snapshots.orders_snapshot__strata_snapshot AS strata_new \
                WHERE strata_current.id = strata_new.id)
                ) AS strata_gone
                ON strata_target.id = strata_gone.id AND strata_target.dbt_valid_to IS NULL
                WHEN MATCHED THEN UPDATE SET dbt_valid_to = TIMESTAMP '2026-03-01 10:00:00.123456'""");
        assertThat(statements.update(SQL)).containsExactly(statements.stage(SQL), statements.closeChanged(), statements.closeDeleted().orElseThrow(),
                statements.insertCurrent());
        assertThat(statements.insertDeletionRecords()).isEmpty();
    }

    @Test
    void theLegacyInvalidateHardDeletesIsInvalidate() {
        assertThat(statements(Map.of("unique_key", "id", "strategy", "timestamp", "updated_at", "updated_at", "invalidate_hard_deletes", true))
                .closeDeleted()).isEqualTo(timestamp("invalidate").closeDeleted());
    }

    @Test
    void newRecordAddsADeletionRecordThenClosesTheLastVersionAndEndsTheDeletionWhenTheRowComesBack() {
        SnapshotStatements statements = timestamp("new_record");

        assertThat(statements.create(SQL)).contains("AS dbt_valid_to, CAST('False' AS varchar) AS dbt_is_deleted\nFROM (");
        assertThat(statements.insertDeletionRecords()).contains("""
                INSERT INTO snapshots.orders_snapshot (id, status, amount, updated_at, dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to, \
                dbt_is_deleted)
                SELECT strata_target.id, strata_target.status, strata_target.amount, strata_target.updated_at, \
                lower(to_hex(md5(to_utf8(coalesce(CAST(strata_target.id AS varchar), '') || '|' || coalesce(CAST(%1$s AS varchar), ''))))), \
                %1$s, %1$s, NULL, 'True'
                FROM snapshots.orders_snapshot AS strata_target
                WHERE strata_target.dbt_valid_to IS NULL AND coalesce(strata_target.dbt_is_deleted, 'False') <> 'True' \
                AND NOT EXISTS (SELECT 1 FROM snapshots.orders_snapshot__strata_snapshot AS strata_new WHERE strata_target.id = strata_new.id)"""
                .formatted(TIME));
        assertThat(statements.closeDeleted().orElseThrow()).contains(
                "ON strata_target.id = strata_gone.id AND strata_target.dbt_valid_to IS NULL"
                        + " AND coalesce(strata_target.dbt_is_deleted, 'False') <> 'True'\n");
        assertThat(statements.closeChanged()).contains(
                "WHEN MATCHED AND (strata_target.dbt_valid_from < strata_new.dbt_valid_from OR strata_target.dbt_is_deleted = 'True') THEN");
        assertThat(statements.insertCurrent()).contains("strata_new.dbt_valid_from, NULL, 'False'\nFROM");
        // The deletion records first: closing the last versions first would leave nothing current to copy.
        assertThat(statements.update(SQL)).containsExactly(statements.stage(SQL), statements.closeChanged(),
                statements.insertDeletionRecords().orElseThrow(), statements.closeDeleted().orElseThrow(), statements.insertCurrent());
    }

    @Test
    void dbtValidToCurrentMarksCurrentRowsInsteadOfNull() {
        SnapshotStatements statements = statements(Map.of("unique_key", "id", "strategy", "timestamp", "updated_at", "updated_at",
                "dbt_valid_to_current", "TIMESTAMP '9999-12-31 00:00:00'"));

        assertThat(statements.create(SQL)).contains("coalesce(nullif(strata_source.updated_at, strata_source.updated_at),"
                + " TIMESTAMP '9999-12-31 00:00:00') AS dbt_valid_to");
        assertThat(statements.closeChanged()).contains("ON strata_target.id = strata_new.id AND (strata_target.dbt_valid_to IS NULL"
                + " OR strata_target.dbt_valid_to = TIMESTAMP '9999-12-31 00:00:00')\n");
        assertThat(statements.insertCurrent()).contains("strata_new.dbt_valid_from, TIMESTAMP '9999-12-31 00:00:00'\nFROM");
    }

    @Test
    void snapshotMetaColumnNamesRenameTheAddedColumns() {
        SnapshotStatements statements = statements(Map.of("unique_key", "id", "strategy", "timestamp", "updated_at", "updated_at",
                "snapshot_meta_column_names", Map.of("dbt_valid_from", "valid_from", "dbt_valid_to", "valid_to")));

        assertThat(statements.create(SQL)).contains("AS dbt_scd_id, strata_source.updated_at AS dbt_updated_at, strata_source.updated_at AS valid_from,"
                + " nullif(strata_source.updated_at, strata_source.updated_at) AS valid_to\n");
        assertThat(statements.closeChanged()).endsWith("strata_target.valid_from < strata_new.valid_from) THEN UPDATE SET valid_to = strata_new.valid_from");
    }

    @Test
    void columnsNewInTheQueryAreAddedInTypesIcebergHolds() {
        assertThat(timestamp("ignore").addColumns(List.of("id", "STATUS", "amount", "updated_at", "dbt_scd_id", "dbt_updated_at", "dbt_valid_from",
                "dbt_valid_to"), Map.of("id", "bigint", "status", "varchar(5)", "amount", "decimal(10,2)", "updated_at", "timestamp(6)")))
                .as("nothing new: the case of a name does not make it new").isEmpty();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("id", "bigint");
        query.put("channel", "varchar(3)");
        query.put("closed_at", "timestamp(3) with time zone");
        assertThat(timestamp("ignore").addColumns(List.of("id"), query)).containsExactly(
                "ALTER TABLE snapshots.orders_snapshot ADD COLUMN channel varchar",
                "ALTER TABLE snapshots.orders_snapshot ADD COLUMN closed_at timestamp(6) with time zone");
        assertThat(timestamp("new_record").addColumns(List.of("id", "dbt_valid_to"), Map.of("id", "bigint")))
                .containsExactly("ALTER TABLE snapshots.orders_snapshot ADD COLUMN dbt_is_deleted varchar");
    }

    @Test
    void icebergTypesOfTrinoTypes() {
        assertThat(SnapshotStatements.icebergType("varchar(12)")).isEqualTo("varchar");
        assertThat(SnapshotStatements.icebergType("char(2)")).isEqualTo("varchar");
        assertThat(SnapshotStatements.icebergType("smallint")).isEqualTo("integer");
        assertThat(SnapshotStatements.icebergType("timestamp(3)")).isEqualTo("timestamp(6)");
        assertThat(SnapshotStatements.icebergType("decimal(10,2)")).isEqualTo("decimal(10,2)");
        assertThat(SnapshotStatements.icebergType("date")).isEqualTo("date");
    }
}
