package io.strata.engine.trino;

import io.strata.project.Relation;

import java.util.List;
import java.util.stream.Collectors;

/** The Trino statements that build each materialization (pure text, so they can be read and tested as such). */
final class TrinoStatements {
    private TrinoStatements() {
    }

    static String createSchema(Relation relation) {
        return "CREATE SCHEMA IF NOT EXISTS " + Relation.quote(relation.schema());
    }

    static String view(Relation relation, String sql) {
        return "CREATE OR REPLACE VIEW " + relation.render() + " AS\n" + sql;
    }

    /** One statement, one Iceberg snapshot: readers see the old table or the new one, never a half. */
    static String replaceTable(Relation relation, String sql) {
        return "CREATE OR REPLACE TABLE " + relation.render() + " AS\n" + sql;
    }

    static String drop(Relation relation, boolean view) {
        return (view ? "DROP VIEW IF EXISTS " : "DROP TABLE IF EXISTS ") + relation.render();
    }

    /** New rows by column name, so a model may list its columns in any order. */
    static String append(Relation relation, String sql, List<String> columns) {
        String list = columnList(columns, "");
        return "INSERT INTO " + relation.render() + " (" + list + ")\nSELECT " + list + " FROM (\n" + sql + "\n) AS strata_new";
    }

    static String merge(Relation relation, String sql, List<String> columns, List<String> uniqueKey) {
        String on = uniqueKey.stream().map(key -> "strata_target." + Relation.quote(key) + " = strata_new." + Relation.quote(key))
                .collect(Collectors.joining(" AND "));
        String set = columns.stream().filter(column -> !uniqueKey.contains(column))
                .map(column -> Relation.quote(column) + " = strata_new." + Relation.quote(column)).collect(Collectors.joining(", "));
        return "MERGE INTO " + relation.render() + " AS strata_target\nUSING (\n" + sql + "\n) AS strata_new\nON " + on
                + (set.isEmpty() ? "" : "\nWHEN MATCHED THEN UPDATE SET " + set)
                + "\nWHEN NOT MATCHED THEN INSERT (" + columnList(columns, "") + ") VALUES (" + columnList(columns, "strata_new.") + ")";
    }

    /** Delete the rows whose key comes again; {@link #append} then inserts them new. */
    static String deleteMatching(Relation relation, String sql, List<String> uniqueKey) {
        String keys = columnList(uniqueKey, "");
        String target = uniqueKey.size() == 1 ? keys : "(" + keys + ")";
        return "DELETE FROM " + relation.render() + "\nWHERE " + target + " IN (SELECT " + keys + " FROM (\n" + sql + "\n) AS strata_new)";
    }

    private static String columnList(List<String> columns, String prefix) {
        return columns.stream().map(column -> prefix + Relation.quote(column)).collect(Collectors.joining(", "));
    }
}
