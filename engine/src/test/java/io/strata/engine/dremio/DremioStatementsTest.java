package io.strata.engine.dremio;

import io.strata.project.Relation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements each materialization runs on Dremio, as text. Each golden statement names the rule of Dremio's
 * grammar it follows. The rules were read from Dremio's documentation (docs.dremio.com, SQL commands) and parser
 * ({@code parserImpls.ftl}, {@code versionSupport.ftl} of dremio-oss); no Dremio server has parsed these here.
 * Every statement is also run through {@link DremioPlacement}, the test's own independent check of where AT clauses
 * stand.
 */
class DremioStatementsTest {
    private static final String BRANCH = "run-42";
    private final DremioStatements statements = new DremioStatements("nessie");
    private final Relation sessions = new Relation("silver", "charging_sessions");
    private final Set<Relation> lake = Set.of(new Relation("bronze", "raw_sessions"), new Relation("silver", "stations"), sessions);
    private final DremioPlacement placement = new DremioPlacement("nessie", lake);

    /** Engine-neutral compiled SQL: ref() rendered schema.table, aliases with and without AS. */
    private final String sql = """
            select s.session_id, s.station_id, s.kwh, st.city
            from bronze.raw_sessions as s
            join silver.stations st on st.station_id = s.station_id""";

    /** The same on the branch: TableWithVersionContext (versionSupport.ftl) puts AT right after the table identifier, before the alias. */
    private final String onBranch = """
            select s.session_id, s.station_id, s.kwh, st.city
            from nessie.bronze.raw_sessions AT BRANCH "run-42" as s
            join nessie.silver.stations AT BRANCH "run-42" st on st.station_id = s.station_id""";

    @Test
    void aTableIsCreatedOnTheBranchFromTheBranchsTables() {
        // SqlCreateTable: CREATE TABLE tblName [ (fields) ] [ WriteableAtVersionSpec: AT BRANCH id | AT REF id ] ... AS query
        String create = statements.createTable(sessions, BRANCH, sql, lake);

        assertThat(create).isEqualTo("CREATE TABLE nessie.silver.charging_sessions AT BRANCH \"run-42\" AS\n" + onBranch);
        assertThat(placement.onBranch(create, BRANCH)).isEmpty();
    }

    @Test
    void aViewIsWrittenOnTheBranchButItsBodyFollowsTheBranchItIsReadFrom() {
        // CREATE [OR REPLACE] VIEW name [AT BRANCH id] AS query (Dremio 25 with Nessie sources); a view of the
        // Nessie source resolves its unversioned tables at the reference it is read at, so no AT in the body.
        String view = statements.view(sessions, BRANCH, sql, lake);

        assertThat(view).isEqualTo("""
                CREATE OR REPLACE VIEW nessie.silver.charging_sessions AT BRANCH "run-42" AS
                select s.session_id, s.station_id, s.kwh, st.city
                from nessie.bronze.raw_sessions as s
                join nessie.silver.stations st on st.station_id = s.station_id""");
        assertThat(placement.view(view, BRANCH)).isEmpty();
    }

    @Test
    void dropsNameTheBranch() {
        // DROP TABLE [IF EXISTS] name [AT {REF|BRANCH} ref]; DROP VIEW likewise.
        assertThat(statements.drop(sessions, BRANCH, false)).isEqualTo("DROP TABLE IF EXISTS nessie.silver.charging_sessions AT BRANCH \"run-42\"");
        assertThat(statements.drop(sessions, BRANCH, true)).isEqualTo("DROP VIEW IF EXISTS nessie.silver.charging_sessions AT BRANCH \"run-42\"");
        assertThat(placement.onBranch(statements.drop(sessions, BRANCH, true), BRANCH)).isEmpty();
    }

    @Test
    void appendInsertsByColumnNameOnTheBranch() {
        // INSERT INTO name [AT {REF|BRANCH} ref] [(columns)] query: the version comes before the column list.
        String append = statements.append(sessions, BRANCH, sql, List.of("session_id", "station_id", "kwh"), lake);

        assertThat(append).isEqualTo("INSERT INTO nessie.silver.charging_sessions AT BRANCH \"run-42\" (session_id, station_id, kwh)\n"
                + "SELECT session_id, station_id, kwh FROM (\n" + onBranch + "\n) AS strata_new");
        assertThat(placement.onBranch(append, BRANCH)).isEmpty();
    }

    @Test
    void mergeQualifiesTargetAndSourceAlike() {
        // MERGE INTO target [AT {REF|BRANCH} ref] [AS alias] USING (query) AS alias ON (condition) WHEN ...;
        // "if you specify the reference for the target table, you must also specify the reference for the source table".
        String merge = statements.merge(sessions, BRANCH, sql, List.of("session_id", "station_id", "kwh"), List.of("session_id"), lake);

        assertThat(merge).isEqualTo("MERGE INTO nessie.silver.charging_sessions AT BRANCH \"run-42\" AS strata_target\nUSING (\n" + onBranch
                + "\n) AS strata_new\nON (strata_target.session_id = strata_new.session_id)"
                + "\nWHEN MATCHED THEN UPDATE SET station_id = strata_new.station_id, kwh = strata_new.kwh"
                + "\nWHEN NOT MATCHED THEN INSERT (session_id, station_id, kwh) VALUES (strata_new.session_id, strata_new.station_id, strata_new.kwh)");
        assertThat(placement.onBranch(merge, BRANCH)).isEmpty();
    }

    @Test
    void deleteInsertDeletesEveryRowWhoseWholeKeyComesAgain() {
        // DELETE FROM name [AT {REF|BRANCH} ref] [AS alias] [WHERE condition]
        Relation staged = new Relation("silver", "charging_sessions__strata_new");
        Set<Relation> withStaged = new java.util.HashSet<>(lake);
        withStaged.add(staged);
        String delete = statements.deleteMatching(sessions, BRANCH, "SELECT * FROM silver.charging_sessions__strata_new", List.of("station_id", "day"),
                withStaged);

        assertThat(delete).isEqualTo("""
                DELETE FROM nessie.silver.charging_sessions AT BRANCH "run-42" AS strata_target
                WHERE EXISTS (SELECT 1 FROM (
                SELECT * FROM nessie.silver.charging_sessions__strata_new AT BRANCH "run-42"
                ) AS strata_new WHERE strata_new.station_id = strata_target.station_id AND strata_new.day = strata_target.day)""");
        assertThat(new DremioPlacement("nessie", withStaged).onBranch(delete, BRANCH)).isEmpty();
    }

    @Test
    void aPartitionBuildCountsTheStagedRowsOutsideItsWindowAndDeletesTheWindowOnTheBranch() {
        // IS [NOT] TRUE is among Dremio's Boolean functions (a null partition column lies in no window);
        // DELETE FROM name [AT {REF|BRANCH} ref] [AS alias] [WHERE condition]
        Relation staged = new Relation("silver", "charging_sessions__strata_partition");
        Set<Relation> withStaged = new java.util.HashSet<>(lake);
        withStaged.add(staged);
        String window = "\"day\" >= DATE '2025-01-01' AND \"day\" < DATE '2025-04-01'";

        String count = statements.countOutside(staged, BRANCH, window);
        String delete = statements.deletePartitions(sessions, BRANCH, window);

        assertThat(count).isEqualTo("SELECT count(*) FROM nessie.silver.charging_sessions__strata_partition AT BRANCH \"run-42\""
                + " WHERE (\"day\" >= DATE '2025-01-01' AND \"day\" < DATE '2025-04-01') IS NOT TRUE");
        assertThat(delete).isEqualTo("DELETE FROM nessie.silver.charging_sessions AT BRANCH \"run-42\""
                + " WHERE \"day\" >= DATE '2025-01-01' AND \"day\" < DATE '2025-04-01'");
        DremioPlacement stagedPlacement = new DremioPlacement("nessie", withStaged);
        assertThat(stagedPlacement.onBranch(count, BRANCH)).isEmpty();
        assertThat(stagedPlacement.onBranch(delete, BRANCH)).isEmpty();
    }

    @Test
    void thePartitionColumnIsQuotedInItsConditionSinceDremioReservesNamesTrinoDoesNot() {
        // Dremio's reserved words include MONTH, DATE and HOUR, which its grammar takes as identifiers only in double quotes.
        assertThat(DremioStatements.partitionCondition("month >= DATE '2025-01-01' AND month < DATE '2025-04-01'", "month"))
                .isEqualTo("\"month\" >= DATE '2025-01-01' AND \"month\" < DATE '2025-04-01'");
        assertThat(DremioStatements.partitionCondition("date >= date '2025-01-01' AND date < date '2025-01-02'", "date"))
                .as("the type of a typed literal is no column").isEqualTo("\"date\" >= date '2025-01-01' AND \"date\" < date '2025-01-02'");
        assertThat(DremioStatements.partitionCondition("hour >= TIMESTAMP '2025-03-01 05:00:00' AND hour < TIMESTAMP '2025-03-01 06:00:00'", "hour"))
                .isEqualTo("\"hour\" >= TIMESTAMP '2025-03-01 05:00:00' AND \"hour\" < TIMESTAMP '2025-03-01 06:00:00'");
        assertThat(DremioStatements.partitionCondition("region = 'region'", "region")).as("a static value is a literal")
                .isEqualTo("\"region\" = 'region'");
        assertThat(DremioStatements.partitionCondition("\"Sale Date\" >= DATE '2025-01-01'", "Sale Date")).as("quoted already")
                .isEqualTo("\"Sale Date\" >= DATE '2025-01-01'");
    }

    @Test
    void seedsAreATableWithItsColumnsThenBatchesOfValues() {
        // SqlCreateTable: the column list (TableElementList) comes before WriteableAtVersionSpec; INSERT ... VALUES as above.
        Relation stations = new Relation("seeds", "stations");
        String create = statements.createSeedTable(stations, BRANCH, List.of("id", "name", "opened", "\"Rate\""), List.of("bigint", "varchar", "timestamp(6)", "double"));
        String insert = statements.insertValues(stations, BRANCH, List.of("bigint", "varchar", "timestamp(6)", "double"),
                List.of(List.of("1", "O'Hare", "2024-01-01 10:00:00", "0.5"), List.of("2", "", "", "")));

        assertThat(create).isEqualTo("CREATE TABLE nessie.seeds.stations (id BIGINT, name VARCHAR, opened TIMESTAMP, \"Rate\" DOUBLE) AT BRANCH \"run-42\"");
        assertThat(insert).isEqualTo("INSERT INTO nessie.seeds.stations AT BRANCH \"run-42\" VALUES "
                + "(CAST('1' AS BIGINT), 'O''Hare', CAST('2024-01-01 10:00:00' AS TIMESTAMP), CAST('0.5' AS DOUBLE)), (CAST('2' AS BIGINT), NULL, NULL, NULL)");
        assertThat(placement.onBranch(create, BRANCH)).isEmpty();
        assertThat(placement.onBranch(insert, BRANCH)).isEmpty();
    }

    @Test
    void aSeedTimestampWithAZoneIsStoredInUtcSinceDremiosTimestampHasNone() {
        assertThat(DremioStatements.type("timestamp(6) with time zone")).isEqualTo("TIMESTAMP");
        assertThat(DremioStatements.literal("2024-01-05 10:00:00.5 +01:00", "timestamp(6) with time zone"))
                .isEqualTo("CAST('2024-01-05 09:00:00.500' AS TIMESTAMP)");
        assertThat(DremioStatements.literal("2024-01-05 10:00 -05:30", "timestamp(6) with time zone"))
                .isEqualTo("CAST('2024-01-05 15:30:00.000' AS TIMESTAMP)");
    }

    @Test
    void aChecksQueryReadsTheBranch() {
        // What CheckRunner sends through connect(branch): the failing-rows query of a relationships test, counted.
        String check = "SELECT count(*) FROM (\nSELECT child.station_id AS from_field FROM (SELECT * FROM silver.charging_sessions WHERE kwh > 0) AS child"
                + " LEFT JOIN silver.stations AS parent ON child.station_id = parent.station_id WHERE parent.station_id IS NULL\n) AS failures";

        String qualified = statements.onBranch(check, lake, BRANCH);

        assertThat(qualified).isEqualTo("SELECT count(*) FROM (\nSELECT child.station_id AS from_field FROM (SELECT * FROM nessie.silver.charging_sessions"
                + " AT BRANCH \"run-42\" WHERE kwh > 0) AS child LEFT JOIN nessie.silver.stations AT BRANCH \"run-42\" AS parent"
                + " ON child.station_id = parent.station_id WHERE parent.station_id IS NULL\n) AS failures");
        assertThat(placement.onBranch(qualified, BRANCH)).isEmpty();
    }

    @Test
    void literalsCommentsAndQuotedIdentifiersAreNeverRewritten() {
        String tricky = """
                select 'from silver.stations' as note, "silver.stations" as quoted -- from silver.stations
                from silver.stations /* join bronze.raw_sessions */, bronze.raw_sessions r, "silver"."stations" as q""";

        assertThat(statements.onBranch(tricky, lake, BRANCH)).isEqualTo("""
                select 'from silver.stations' as note, "silver.stations" as quoted -- from silver.stations
                from nessie.silver.stations AT BRANCH "run-42" /* join bronze.raw_sessions */, nessie.bronze.raw_sessions AT BRANCH "run-42" r, \
                nessie."silver"."stations" AT BRANCH "run-42" as q""");
    }

    @Test
    void onlyLakeRelationsInTablePositionsAreQualified() {
        String mixed = """
                with recent as (select * from silver.stations where opened > date '2024-01-01')
                select extract(year from s.opened), s.name
                from recent s
                join pg.public.owners o on o.id = s.owner_id
                join nessie.bronze.raw_sessions r on r.station_id = s.station_id
                join nessie.silver.charging_sessions AT TAG "2024-q4" old on old.station_id = s.station_id
                cross join unnest(s.tags) as t(tag)""";

        assertThat(statements.onBranch(mixed, lake, BRANCH)).isEqualTo("""
                with recent as (select * from nessie.silver.stations AT BRANCH "run-42" where opened > date '2024-01-01')
                select extract(year from s.opened), s.name
                from recent s
                join pg.public.owners o on o.id = s.owner_id
                join nessie.bronze.raw_sessions AT BRANCH "run-42" r on r.station_id = s.station_id
                join nessie.silver.charging_sessions AT TAG "2024-q4" old on old.station_id = s.station_id
                cross join unnest(s.tags) as t(tag)""");
    }

    @Test
    void aConnectionOnTheBranchWritesThereToo() {
        // What a Java asset might send through its engine connection: the written table gets its path and the branch
        // (new tables too), at the place each statement's rule puts it; what the statement reads, as for models.
        assertThat(statements.onBranch("INSERT INTO silver.scores (vin, score) SELECT vin, 1.0 FROM bronze.raw_sessions", lake, BRANCH))
                .isEqualTo("INSERT INTO nessie.silver.scores AT BRANCH \"run-42\" (vin, score) SELECT vin, 1.0 FROM nessie.bronze.raw_sessions AT BRANCH \"run-42\"");
        assertThat(statements.onBranch("CREATE TABLE IF NOT EXISTS silver.scores (vin VARCHAR, score DOUBLE)", lake, BRANCH))
                .isEqualTo("CREATE TABLE IF NOT EXISTS nessie.silver.scores (vin VARCHAR, score DOUBLE) AT BRANCH \"run-42\"");
        assertThat(statements.onBranch("create table silver.copy as select * from silver.stations", lake, BRANCH))
                .isEqualTo("create table nessie.silver.copy AT BRANCH \"run-42\" as select * from nessie.silver.stations AT BRANCH \"run-42\"");
        assertThat(statements.onBranch("DROP TABLE IF EXISTS nessie.silver.copy", lake, BRANCH))
                .isEqualTo("DROP TABLE IF EXISTS nessie.silver.copy AT BRANCH \"run-42\"");
        String merge = statements.onBranch("MERGE INTO silver.stations AS t USING bronze.raw_sessions AS s ON (t.station_id = s.station_id)"
                + " WHEN MATCHED THEN UPDATE SET city = s.city", lake, BRANCH);
        assertThat(merge).isEqualTo("MERGE INTO nessie.silver.stations AT BRANCH \"run-42\" AS t USING nessie.bronze.raw_sessions AT BRANCH \"run-42\" AS s"
                + " ON (t.station_id = s.station_id) WHEN MATCHED THEN UPDATE SET city = s.city");
        assertThat(placement.onBranch(merge, BRANCH)).isEmpty();
        assertThat(statements.onBranch("select * from silver.stations a join bronze.raw_sessions b using (station_id)", lake, BRANCH))
                .as("a join's USING column list is no table").endsWith("using (station_id)");
    }

    @Test
    void branchNamesAreAlwaysQuoted() {
        assertThat(DremioStatements.atBranch("main")).isEqualTo("AT BRANCH \"main\"");
        assertThat(DremioStatements.atBranch("dev-ana\"s")).isEqualTo("AT BRANCH \"dev-ana\"\"s\"");
    }

    @Test
    void aSourceNameThatNeedsQuotesIsQuoted() {
        DremioStatements lakehouse = new DremioStatements("Lake House");

        assertThat(lakehouse.drop(sessions, BRANCH, false)).isEqualTo("DROP TABLE IF EXISTS \"Lake House\".silver.charging_sessions AT BRANCH \"run-42\"");
        assertThat(lakehouse.onBranch("select * from silver.stations", lake, BRANCH))
                .isEqualTo("select * from \"Lake House\".silver.stations AT BRANCH \"run-42\"");
    }
}
