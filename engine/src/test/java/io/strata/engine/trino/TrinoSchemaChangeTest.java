package io.strata.engine.trino;

import io.strata.engine.SchemaChange;
import io.strata.engine.SchemaChange.Column;
import io.strata.project.OnSchemaChange;
import io.strata.project.Relation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an incremental build on Trino does when its new rows' columns differ from its table's, per {@code on_schema_change}. */
class TrinoSchemaChangeTest {
    private final Relation events = new Relation("silver", "events");
    /** The table as Trino's metadata shows it. */
    private final List<Column> table = List.of(new Column("id", "bigint"), new Column("status", "varchar"), new Column("legacy", "double"));
    /** The new rows: status typed as its literal, legacy gone, channel new. */
    private final List<Column> rows = List.of(new Column("id", "bigint"), new Column("Status", "varchar(7)"), new Column("channel", "varchar(3)"));

    private SchemaChange.Plan plan(OnSchemaChange mode, List<Column> incoming) throws SchemaChange.Refused {
        return SchemaChange.between(table, incoming, TrinoStatements::storedType)
                .plan(mode, events.render(), incoming, TrinoStatements.alterations(events));
    }

    @Test
    void ignoreKeepsTheTablesColumnsWritingOnlyThoseBothHave() throws Exception {
        SchemaChange.Plan plan = plan(OnSchemaChange.IGNORE, rows);

        assertThat(plan.alterations()).isEmpty();
        assertThat(plan.columns()).as("channel is not written; legacy is NULL in the new rows").containsExactly("id", "Status");
        assertThat(TrinoStatements.append(events, "select 1", plan.columns())).startsWith("INSERT INTO silver.events (id, \"Status\")");
    }

    @Test
    void appendNewColumnsAddsTheNewOnesWithTheTypeTheTableWouldStore() throws Exception {
        SchemaChange.Plan plan = plan(OnSchemaChange.APPEND_NEW_COLUMNS, rows);

        assertThat(plan.alterations()).containsExactly("ALTER TABLE silver.events ADD COLUMN channel varchar");
        assertThat(plan.columns()).containsExactly("id", "Status", "channel");
    }

    @Test
    void syncAllColumnsAddsTheNewAndDropsTheGone() throws Exception {
        SchemaChange.Plan plan = plan(OnSchemaChange.SYNC_ALL_COLUMNS, rows);

        assertThat(plan.alterations()).containsExactly("ALTER TABLE silver.events ADD COLUMN channel varchar",
                "ALTER TABLE silver.events DROP COLUMN legacy");
        assertThat(plan.columns()).containsExactly("id", "Status", "channel");
    }

    @Test
    void syncAllColumnsRefusesAChangedTypeNamingIt() {
        List<Column> retyped = List.of(new Column("id", "varchar"), new Column("status", "varchar"), new Column("legacy", "double"));

        assertThatThrownBy(() -> plan(OnSchemaChange.SYNC_ALL_COLUMNS, retyped)).isInstanceOf(SchemaChange.Refused.class)
                .hasMessageStartingWith("on_schema_change='sync_all_columns' cannot change the type of a column of silver.events (id bigint -> varchar)")
                .hasMessageContaining("--full-refresh");
    }

    @Test
    void failNamesTheColumnsAddedRemovedAndRetyped() {
        List<Column> changed = List.of(new Column("id", "integer"), new Column("status", "varchar"), new Column("channel", "varchar"));

        assertThatThrownBy(() -> plan(OnSchemaChange.FAIL, changed)).isInstanceOf(SchemaChange.Refused.class)
                .hasMessageStartingWith("on_schema_change='fail': the new rows' columns differ from silver.events's"
                        + " (new: channel varchar; gone: legacy double; type changed: id bigint -> integer)");
    }

    @Test
    void sameColumnsChangeNothingWhateverTheMode() throws Exception {
        List<Column> same = List.of(new Column("ID", "bigint"), new Column("status", "varchar(12)"), new Column("legacy", "double"));

        for (OnSchemaChange mode : OnSchemaChange.values()) {
            SchemaChange.Plan plan = plan(mode, same);
            assertThat(plan.alterations()).as(mode.label()).isEmpty();
            assertThat(plan.columns()).as(mode.label()).containsExactly("ID", "status", "legacy");
        }
    }

    @Test
    void storedTypesAreThoseAnIcebergTableHolds() {
        assertThat(TrinoStatements.storedType("varchar(3)")).isEqualTo("varchar");
        assertThat(TrinoStatements.storedType("char(2)")).isEqualTo("varchar");
        assertThat(TrinoStatements.storedType("smallint")).isEqualTo("integer");
        assertThat(TrinoStatements.storedType("timestamp(3)")).isEqualTo("timestamp(6)");
        assertThat(TrinoStatements.storedType("timestamp(3) with time zone")).isEqualTo("timestamp(6) with time zone");
        assertThat(TrinoStatements.storedType("decimal(10,2)")).isEqualTo("decimal(10,2)");
    }
}
