package io.strata.engine.trino;

import io.strata.branch.Branches;
import io.strata.engine.DiffStatements;
import io.strata.project.Relation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The queries comparing a branch with main on Trino, as text: both sides in one query, by catalog. */
class TrinoDiffStatementsTest {
    private final TrinoDiffStatements statements = new TrinoDiffStatements();
    private final Relation orders = new Relation("silver", "orders");

    @Test
    void theColumnsOfBothSidesComeFromEachCatalogsInformationSchema() {
        assertThat(statements.columns("dev-x", new Relation("silver", "o'clock"))).isEqualTo("""
                SELECT 'main' AS side, column_name, data_type, ordinal_position FROM lake.information_schema.columns WHERE table_schema = 'silver' AND table_name = 'o''clock'
                UNION ALL
                SELECT 'branch' AS side, column_name, data_type, ordinal_position FROM branch_dev_x.information_schema.columns WHERE table_schema = 'silver' AND table_name = 'o''clock'
                ORDER BY side, ordinal_position""");
        assertThat(statements.rowCount(Branches.MAIN, orders)).isEqualTo("SELECT count(*) FROM lake.silver.orders");
        assertThat(statements.rowCount("dev-x", orders)).isEqualTo("SELECT count(*) FROM branch_dev_x.silver.orders");
    }

    @Test
    void withAKeyRowsAreMatchedByItAndChangedWhenAnotherColumnDiffers() {
        assertThat(statements.counts("dev-x", orders, List.of("id"), columns("id", "bigint", "status", "varchar", "Amount", "double"))).isEqualTo("""
                WITH strata_main AS (
                SELECT true AS strata_present, id, status, "Amount" FROM lake.silver.orders
                ), strata_branch AS (
                SELECT true AS strata_present, id, status, "Amount" FROM branch_dev_x.silver.orders
                )
                SELECT (SELECT count(*) FROM strata_main) AS main_rows, (SELECT count(*) FROM strata_branch) AS branch_rows,
                count_if(m.strata_present IS NULL) AS added, count_if(b.strata_present IS NULL) AS removed,
                count_if(m.strata_present IS NOT NULL AND b.strata_present IS NOT NULL AND (m.status IS DISTINCT FROM b.status OR m."Amount" IS DISTINCT FROM b."Amount")) AS changed
                FROM strata_main AS m FULL JOIN strata_branch AS b ON m.id = b.id
                """);
    }

    @Test
    void withoutAKeyWholeRowsAreCountedByTheirHashDuplicatesIncluded() {
        String counts = statements.counts("dev-x", orders, List.of(), columns("id", "bigint", "status", "varchar"));
        assertThat(counts).startsWith("""
                WITH strata_main AS (
                SELECT id, status, xxhash64(to_utf8(concat_ws(chr(31), coalesce(CAST(id AS varchar), chr(0)), coalesce(CAST(status AS varchar), chr(0))))) AS strata_hash FROM lake.silver.orders
                ), strata_branch AS (
                SELECT id, status, xxhash64(to_utf8(concat_ws(chr(31), coalesce(CAST(id AS varchar), chr(0)), coalesce(CAST(status AS varchar), chr(0))))) AS strata_hash FROM branch_dev_x.silver.orders
                ), strata_counts AS (""");
        assertThat(counts).endsWith("""
                SELECT coalesce(sum(on_main), 0) AS main_rows, coalesce(sum(on_branch), 0) AS branch_rows,
                coalesce(sum(greatest(on_branch - on_main, 0)), 0) AS added, coalesce(sum(greatest(on_main - on_branch, 0)), 0) AS removed, 0 AS changed
                FROM strata_counts""");
    }

    @Test
    void samplesAreBoundedPerChangeAndOrderedByKey() {
        String samples = statements.samples("dev-x", orders, List.of("id"), columns("id", "bigint", "status", "varchar"), 5);
        assertThat(samples).contains(
                "SELECT CASE WHEN m.strata_present IS NULL THEN 'added' WHEN b.strata_present IS NULL THEN 'removed' ELSE 'changed' END AS strata_change,"
                        + " m.id AS strata_main_1, m.status AS strata_main_2, b.id AS strata_branch_1, b.status AS strata_branch_2, coalesce(m.id, b.id) AS strata_key_1\n"
                        + "FROM strata_main AS m FULL JOIN strata_branch AS b ON m.id = b.id\n"
                        + "WHERE m.strata_present IS NULL OR b.strata_present IS NULL OR (m.status IS DISTINCT FROM b.status)\n",
                "row_number() OVER (PARTITION BY strata_change ORDER BY strata_key_1)");
        assertThat(samples).endsWith("SELECT strata_change, strata_main_1, strata_main_2, strata_branch_1, strata_branch_2"
                + " FROM strata_ranked WHERE strata_rank <= 5 ORDER BY strata_change, strata_rank");
        assertThat(statements.samples("dev-x", orders, List.of(), columns("id", "bigint"), 5))
                .contains("WHERE strata_copy <= on_branch - on_main", "WHERE strata_copy <= on_main - on_branch");
    }

    @Test
    void wholeRowsAreHashedAsTextWhateverTheColumnTypes() {
        String counts = statements.counts("dev-x", orders, List.of(), columns("at", "timestamp(6) with time zone", "log",
                "array(row(date date, type varchar))", "payload", "varbinary"));
        assertThat(counts).contains("concat_ws(chr(31), coalesce(CAST(at AS varchar), chr(0)), coalesce(json_format(CAST(log AS json)), chr(0)),"
                + " coalesce(to_hex(payload), chr(0)))");
    }

    /** Columns from name and type pairs. */
    private static List<DiffStatements.Column> columns(String... namesAndTypes) {
        List<DiffStatements.Column> columns = new java.util.ArrayList<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            columns.add(new DiffStatements.Column(namesAndTypes[i], namesAndTypes[i + 1]));
        }
        return columns;
    }
}
