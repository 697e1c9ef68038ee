package io.strata.engine.trino;

import io.strata.project.Relation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The statements each materialization runs on Trino, as text. */
class TrinoStatementsTest {
    private final Relation sessions = new Relation("silver", "charging_sessions");
    private final String sql = "select session_id, station_id, kwh from bronze.raw_sessions";

    @Test
    void viewsAndTablesAreReplacedInOneStatement() {
        assertThat(TrinoStatements.view(sessions, sql)).isEqualTo("CREATE OR REPLACE VIEW silver.charging_sessions AS\n" + sql);
        assertThat(TrinoStatements.replaceTable(sessions, sql)).isEqualTo("CREATE OR REPLACE TABLE silver.charging_sessions AS\n" + sql);
        assertThat(TrinoStatements.createSchema(new Relation("Gold Layer", "x"))).isEqualTo("CREATE SCHEMA IF NOT EXISTS \"Gold Layer\"");
    }

    @Test
    void appendInsertsByColumnName() {
        assertThat(TrinoStatements.append(sessions, sql, List.of("session_id", "station_id", "kwh"))).isEqualTo("""
                INSERT INTO silver.charging_sessions (session_id, station_id, kwh)
                SELECT session_id, station_id, kwh FROM (
                select session_id, station_id, kwh from bronze.raw_sessions
                ) AS strata_new""");
    }

    @Test
    void mergeUpdatesMatchingKeysAndInsertsTheRest() {
        assertThat(TrinoStatements.merge(sessions, sql, List.of("session_id", "station_id", "kwh"), List.of("session_id"))).isEqualTo("""
                MERGE INTO silver.charging_sessions AS strata_target
                USING (
                select session_id, station_id, kwh from bronze.raw_sessions
                ) AS strata_new
                ON strata_target.session_id = strata_new.session_id
                WHEN MATCHED THEN UPDATE SET station_id = strata_new.station_id, kwh = strata_new.kwh
                WHEN NOT MATCHED THEN INSERT (session_id, station_id, kwh) VALUES (strata_new.session_id, strata_new.station_id, strata_new.kwh)""");
    }

    @Test
    void deleteMatchingUsesTheWholeKey() {
        assertThat(TrinoStatements.deleteMatching(sessions, sql, List.of("session_id"))).isEqualTo(
                "DELETE FROM silver.charging_sessions\nWHERE session_id IN (SELECT session_id FROM (\n" + sql + "\n) AS strata_new)");
        assertThat(TrinoStatements.deleteMatching(sessions, sql, List.of("station_id", "day"))).startsWith(
                "DELETE FROM silver.charging_sessions\nWHERE (station_id, day) IN (SELECT station_id, day FROM (");
    }
}
