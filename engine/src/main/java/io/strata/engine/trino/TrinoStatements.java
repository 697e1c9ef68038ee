package io.strata.engine.trino;

import io.strata.engine.SchemaChange;
import io.strata.project.Relation;

import java.util.List;
import java.util.Locale;
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

    /** {@code ALTER TABLE} statements that add or drop one column each (Trino's Iceberg connector takes one per statement). */
    static SchemaChange.Alterations alterations(Relation relation) {
        return new SchemaChange.Alterations() {
            @Override
            public String addColumn(SchemaChange.Column column) {
                return "ALTER TABLE " + relation.render() + " ADD COLUMN " + Relation.quote(column.name()) + " " + column.type();
            }

            @Override
            public String dropColumn(String name) {
                return "ALTER TABLE " + relation.render() + " DROP COLUMN " + Relation.quote(name);
            }
        };
    }

    /**
     * The type an Iceberg table stores for a query's column of type {@code type}, as Trino's Iceberg connector coerces it in
     * {@code CREATE TABLE AS}: bounded text is {@code varchar}, small integers {@code integer}, times and timestamps are kept
     * to microseconds. Other types are stored as they are.
     */
    static String storedType(String type) {
        String lower = type.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("varchar") || lower.startsWith("char")) {
            return "varchar";
        }
        if (lower.equals("tinyint") || lower.equals("smallint")) {
            return "integer";
        }
        if (lower.startsWith("timestamp")) {
            return lower.endsWith("with time zone") ? "timestamp(6) with time zone" : "timestamp(6)";
        }
        if (lower.startsWith("time")) {
            return lower.endsWith("with time zone") ? "time(6) with time zone" : "time(6)";
        }
        return lower;
    }

    private static String columnList(List<String> columns, String prefix) {
        return columns.stream().map(column -> prefix + Relation.quote(column)).collect(Collectors.joining(", "));
    }
}
