package io.strata.engine.trino;

import io.strata.branch.Branches;
import io.strata.engine.DiffStatements;
import io.strata.project.Relation;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The queries comparing a branch with main on Trino (pure text, tested as such): both sides in one query,
 * main through the {@code lake} catalog and the branch through its own. Whole rows are matched by a 64-bit
 * hash of their JSON form, so only hashes and counts are grouped, never wide rows.
 */
final class TrinoDiffStatements implements DiffStatements {
    @Override
    public String columns(String branch, Relation relation) {
        return columnsOf("main", TrinoEngine.MAIN_CATALOG, relation) + "\nUNION ALL\n" + columnsOf("branch", TrinoEngine.catalogOf(branch), relation)
                + "\nORDER BY side, ordinal_position";
    }

    private static String columnsOf(String side, String catalog, Relation relation) {
        return "SELECT '" + side + "' AS side, column_name, data_type, ordinal_position FROM " + catalog + ".information_schema.columns"
                + " WHERE table_schema = " + literal(relation.schema()) + " AND table_name = " + literal(relation.identifier());
    }

    @Override
    public String rowCount(String ref, Relation relation) {
        return "SELECT count(*) FROM " + table(ref, relation);
    }

    @Override
    public String counts(String branch, Relation relation, List<String> key, List<Column> typed) {
        List<String> columns = names(typed);
        if (key.isEmpty()) {
            return hashCounts(branch, relation, typed) + """
                    SELECT coalesce(sum(on_main), 0) AS main_rows, coalesce(sum(on_branch), 0) AS branch_rows,
                    coalesce(sum(greatest(on_branch - on_main, 0)), 0) AS added, coalesce(sum(greatest(on_main - on_branch, 0)), 0) AS removed, 0 AS changed
                    FROM strata_counts""";
        }
        return sides(branch, relation, "true AS strata_present, " + list(columns), "") + "SELECT (SELECT count(*) FROM strata_main) AS main_rows,"
                + " (SELECT count(*) FROM strata_branch) AS branch_rows,\n"
                + "count_if(m.strata_present IS NULL) AS added, count_if(b.strata_present IS NULL) AS removed,\n"
                + "count_if(m.strata_present IS NOT NULL AND b.strata_present IS NOT NULL AND " + differ(key, columns) + ") AS changed\n"
                + joined(key);
    }

    @Override
    public String samples(String branch, Relation relation, List<String> key, List<Column> typed, int limit) {
        List<String> columns = names(typed);
        List<String> mainValues = numbered(columns, "strata_main_");
        List<String> branchValues = numbered(columns, "strata_branch_");
        String ranked;
        if (key.isEmpty()) {
            String nulls = mainValues.stream().map(alias -> "NULL AS " + alias).collect(Collectors.joining(", "));
            ranked = hashCounts(branch, relation, typed) + """
                    , strata_changes AS (
                    SELECT 'added' AS strata_change, %s, %s, strata_hash
                    FROM (SELECT *, row_number() OVER (PARTITION BY strata_hash) AS strata_copy FROM strata_branch) AS b JOIN strata_counts USING (strata_hash)
                    WHERE strata_copy <= on_branch - on_main
                    UNION ALL
                    SELECT 'removed', %s, %s, strata_hash
                    FROM (SELECT *, row_number() OVER (PARTITION BY strata_hash) AS strata_copy FROM strata_main) AS m JOIN strata_counts USING (strata_hash)
                    WHERE strata_copy <= on_main - on_branch
                    ), strata_ranked AS (
                    SELECT *, row_number() OVER (PARTITION BY strata_change ORDER BY strata_hash) AS strata_rank FROM strata_changes
                    )
                    """.formatted(nulls, aliased(columns, "b.", branchValues), aliased(columns, "m.", mainValues), nulls);
        }
        else {
            List<String> keyValues = numbered(key, "strata_key_");
            String keys = IntStream.range(0, key.size())
                    .mapToObj(i -> "coalesce(m." + Relation.quote(key.get(i)) + ", b." + Relation.quote(key.get(i)) + ") AS " + keyValues.get(i))
                    .collect(Collectors.joining(", "));
            ranked = sides(branch, relation, "true AS strata_present, " + list(columns), ", strata_changes AS (\n")
                    + "SELECT CASE WHEN m.strata_present IS NULL THEN 'added' WHEN b.strata_present IS NULL THEN 'removed' ELSE 'changed' END AS strata_change, "
                    + aliased(columns, "m.", mainValues) + ", " + aliased(columns, "b.", branchValues) + ", " + keys + "\n"
                    + joined(key) + "WHERE m.strata_present IS NULL OR b.strata_present IS NULL OR " + differ(key, columns) + "\n"
                    + "), strata_ranked AS (\n"
                    + "SELECT *, row_number() OVER (PARTITION BY strata_change ORDER BY " + String.join(", ", keyValues) + ") AS strata_rank FROM strata_changes\n"
                    + ")\n";
        }
        return ranked + "SELECT strata_change, " + String.join(", ", mainValues) + ", " + String.join(", ", branchValues)
                + " FROM strata_ranked WHERE strata_rank <= " + limit + " ORDER BY strata_change, strata_rank";
    }

    /** {@code strata_main} and {@code strata_branch} selecting {@code select} from each side, then what follows. */
    private static String sides(String branch, Relation relation, String select, String next) {
        return "WITH strata_main AS (\nSELECT " + select + " FROM " + table(Branches.MAIN, relation)
                + "\n), strata_branch AS (\nSELECT " + select + " FROM " + table(branch, relation) + "\n)" + (next.isEmpty() ? "\n" : next);
    }

    /** The rows of each side with their hash, and {@code strata_counts}: how often each hash occurs on main and on the branch. */
    private static String hashCounts(String branch, Relation relation, List<Column> typed) {
        String hash = "xxhash64(to_utf8(concat_ws(chr(31), " + typed.stream().map(TrinoDiffStatements::asText).collect(Collectors.joining(", "))
                + "))) AS strata_hash";
        return sides(branch, relation, list(names(typed)) + ", " + hash, """
                , strata_counts AS (
                SELECT coalesce(m.strata_hash, b.strata_hash) AS strata_hash, coalesce(m.strata_rows, 0) AS on_main, coalesce(b.strata_rows, 0) AS on_branch
                FROM (SELECT strata_hash, count(*) AS strata_rows FROM strata_main GROUP BY strata_hash) AS m
                FULL JOIN (SELECT strata_hash, count(*) AS strata_rows FROM strata_branch GROUP BY strata_hash) AS b ON m.strata_hash = b.strata_hash
                )
                """);
    }

    /**
     * A column's value as text for the row hash, null marked apart from any text: scalars cast to varchar (which
     * every scalar type allows, timestamps with time zone among them, unlike a cast to JSON), binary as hex,
     * arrays, maps and rows as JSON.
     */
    private static String asText(Column column) {
        String name = Relation.quote(column.name());
        String type = column.type().toLowerCase(java.util.Locale.ROOT);
        String text = type.startsWith("array") || type.startsWith("map") || type.startsWith("row") ? "json_format(CAST(" + name + " AS json))"
                : type.equals("varbinary") ? "to_hex(" + name + ")" : "CAST(" + name + " AS varchar)";
        return "coalesce(" + text + ", chr(0))";
    }

    private static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }

    private static String joined(List<String> key) {
        return "FROM strata_main AS m FULL JOIN strata_branch AS b ON "
                + key.stream().map(column -> "m." + Relation.quote(column) + " = b." + Relation.quote(column)).collect(Collectors.joining(" AND ")) + "\n";
    }

    /** Whether a matched row's other columns differ, nulls equal to nulls. */
    private static String differ(List<String> key, List<String> columns) {
        List<String> compared = columns.stream().filter(column -> !key.contains(column))
                .map(column -> "m." + Relation.quote(column) + " IS DISTINCT FROM b." + Relation.quote(column)).toList();
        return compared.isEmpty() ? "false" : "(" + String.join(" OR ", compared) + ")";
    }

    private static String table(String ref, Relation relation) {
        return TrinoEngine.catalogOf(ref) + "." + relation.render();
    }

    private static String aliased(List<String> columns, String prefix, List<String> aliases) {
        return IntStream.range(0, columns.size()).mapToObj(i -> prefix + Relation.quote(columns.get(i)) + " AS " + aliases.get(i))
                .collect(Collectors.joining(", "));
    }

    private static List<String> numbered(List<String> columns, String prefix) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= columns.size(); i++) {
            names.add(prefix + i);
        }
        return names;
    }

    private static String list(List<String> columns) {
        return columns.stream().map(Relation::quote).collect(Collectors.joining(", "));
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
