package io.strata.engine;

import io.strata.project.OnSchemaChange;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * How the columns of an incremental build's new rows differ from its table's, and what the build does about it as
 * {@code on_schema_change} says: which columns it writes and which statements change the table first. Pure, so that
 * each engine's statements are tested as text. Names compare without case (Trino folds them, Dremio ignores it).
 *
 * @param added the new rows' columns the table lacks, in the rows' order
 * @param removed the table's columns the new rows lack, in the table's order
 * @param retyped the columns both have whose types differ
 */
public record SchemaChange(List<Column> added, List<Column> removed, List<Retyped> retyped) {
    /** A column and its type as the engine names it. */
    public record Column(String name, String type) {
    }

    /** A column the table holds as {@code from} and the new rows give as {@code to}. */
    public record Retyped(String name, String from, String to) {
    }

    /** What an engine writes to change a table's columns. */
    public interface Alterations {
        String addColumn(Column column);

        String dropColumn(String name);
    }

    /**
     * @param alterations the statements that change the table's columns, run before the new rows are added
     * @param columns the columns of the new rows to write, by name
     */
    public record Plan(List<String> alterations, List<String> columns) {
        public Plan {
            alterations = List.copyOf(alterations);
            columns = List.copyOf(columns);
        }
    }

    public SchemaChange {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        retyped = List.copyOf(retyped);
    }

    /**
     * The difference between the table's columns and the new rows'; {@code storedAs} turns a type of the new rows into
     * the one the table would store (Trino's {@code varchar(3)} is an Iceberg {@code varchar}), so only a real change counts.
     */
    public static SchemaChange between(List<Column> table, List<Column> rows, UnaryOperator<String> storedAs) {
        Map<String, Column> held = byName(table);
        Map<String, Column> incoming = byName(rows);
        List<Column> added = new ArrayList<>();
        List<Retyped> retyped = new ArrayList<>();
        for (Column column : rows) {
            Column before = held.get(key(column.name()));
            if (before == null) {
                added.add(new Column(column.name(), storedAs.apply(column.type())));
            }
            else if (!same(storedAs.apply(before.type()), storedAs.apply(column.type()))) {
                retyped.add(new Retyped(before.name(), before.type(), storedAs.apply(column.type())));
            }
        }
        List<Column> removed = table.stream().filter(column -> !incoming.containsKey(key(column.name()))).toList();
        return new SchemaChange(added, removed, retyped);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && retyped.isEmpty();
    }

    /**
     * What the build does about the difference: {@code ignore} writes the columns both have; {@code append_new_columns}
     * adds the new ones; {@code sync_all_columns} adds the new and drops the gone ones; {@code fail} refuses any difference.
     * A gone column holds NULL in the new rows unless it is dropped.
     *
     * @param table the relation, for messages
     * @param rows the new rows' columns
     * @throws Refused when {@code fail} meets a difference, or {@code sync_all_columns} a changed type
     */
    public Plan plan(OnSchemaChange mode, String table, List<Column> rows, Alterations engine) throws Refused {
        List<String> all = rows.stream().map(Column::name).toList();
        return switch (mode) {
            case IGNORE -> new Plan(List.of(), written(rows));
            case FAIL -> {
                if (!isEmpty()) {
                    throw new Refused("on_schema_change='fail': the new rows' columns differ from " + table + "'s (" + describe() + "); set"
                            + " on_schema_change to append_new_columns or sync_all_columns, or build it again with --full-refresh");
                }
                yield new Plan(List.of(), all);
            }
            case APPEND_NEW_COLUMNS -> new Plan(added.stream().map(engine::addColumn).toList(), all);
            case SYNC_ALL_COLUMNS -> {
                if (!retyped.isEmpty()) {
                    throw new Refused("on_schema_change='sync_all_columns' cannot change the type of a column of " + table + " ("
                            + retyped.stream().map(change -> change.name() + " " + change.from() + " -> " + change.to()).collect(Collectors.joining(", "))
                            + "): an Iceberg table widens only some types in place; cast the column back to its old type, or build it again"
                            + " with --full-refresh");
                }
                List<String> alterations = new ArrayList<>(added.stream().map(engine::addColumn).toList());
                removed.forEach(column -> alterations.add(engine.dropColumn(column.name())));
                yield new Plan(alterations, all);
            }
        };
    }

    /** {@code new: a varchar; gone: b bigint; type changed: c bigint -> varchar}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("new: " + added.stream().map(column -> column.name() + " " + column.type()).collect(Collectors.joining(", ")));
        }
        if (!removed.isEmpty()) {
            parts.add("gone: " + removed.stream().map(column -> column.name() + " " + column.type()).collect(Collectors.joining(", ")));
        }
        if (!retyped.isEmpty()) {
            parts.add("type changed: " + retyped.stream().map(change -> change.name() + " " + change.from() + " -> " + change.to())
                    .collect(Collectors.joining(", ")));
        }
        return String.join("; ", parts);
    }

    /** The new rows' columns the table has. */
    private List<String> written(List<Column> rows) {
        List<String> addedNames = added.stream().map(column -> key(column.name())).toList();
        return rows.stream().map(Column::name).filter(name -> !addedNames.contains(key(name))).toList();
    }

    private static Map<String, Column> byName(List<Column> columns) {
        Map<String, Column> byName = new LinkedHashMap<>();
        columns.forEach(column -> byName.putIfAbsent(key(column.name()), column));
        return byName;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static boolean same(String one, String other) {
        return one.replace(" ", "").equalsIgnoreCase(other.replace(" ", ""));
    }

    /** A build that {@code on_schema_change} refuses; the table is left as it was. */
    public static final class Refused extends SQLException {
        public Refused(String message) {
            super(message);
        }
    }
}
