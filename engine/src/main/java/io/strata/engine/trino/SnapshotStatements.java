package io.strata.engine.trino;

import io.strata.project.Relation;
import io.strata.project.SnapshotConfig;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The Trino statements that build a snapshot, as dbt builds one (pure text, so they can be read and tested as such).
 * <p>
 * The first build creates the table from the query with the added columns. Each later build fixes the query's rows
 * once in a staging table, then: closes the current version of each changed row ({@link #closeChanged}), records
 * rows gone from the query as {@code hard_deletes} says ({@link #insertDeletionRecords}, {@link #closeDeleted}), and
 * inserts a current version of each row whose key has none ({@link #insertCurrent}): new keys, changed rows, rows back
 * after a deletion. A current row is one whose {@code dbt_valid_to} is NULL (or {@code dbt_valid_to_current}).
 * Building again on the same rows changes nothing, so a build cut off part way is safe to repeat.
 *
 * @param columns the query's columns, as the engine names them
 * @param snapshotTime the build's time: the new versions' {@code dbt_valid_from} for the check strategy (without
 *        {@code updated_at}) and the end of rows deleted from the query
 */
record SnapshotStatements(Relation relation, SnapshotConfig config, List<String> columns, Instant snapshotTime) {
    private static final String TARGET = "strata_target";
    private static final String NEW = "strata_new";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    SnapshotStatements {
        requireNonNull(relation, "relation");
        requireNonNull(config, "config");
        columns = List.copyOf(columns);
        snapshotTime = snapshotTime.truncatedTo(ChronoUnit.MICROS);
    }

    /** The table where a later build fixes the query's rows with their computed columns. */
    Relation staged() {
        return new Relation(relation.schema(), relation.identifier() + "__strata_snapshot");
    }

    /** The first build: every row of the query is the current version of its key. */
    String create(String sql) {
        String updatedAt = updatedAt("strata_source");
        String validTo = config.validToCurrent().map(current -> "coalesce(nullif(" + updatedAt + ", " + updatedAt + "), " + current + ")")
                .orElse("nullif(" + updatedAt + ", " + updatedAt + ")");
        return "CREATE TABLE " + relation.render() + " AS\nSELECT strata_source.*, " + computed("strata_source")
                + ", " + validTo + " AS " + quote(meta().validTo())
                + (newRecords() ? ", CAST('False' AS varchar) AS " + quote(meta().isDeleted()) : "")
                + "\nFROM (\n" + sql + "\n) AS strata_source";
    }

    /** Every statement of a later build, in order; the staging table is dropped after them whatever happens. */
    List<String> update(String sql) {
        List<String> statements = new ArrayList<>();
        statements.add(stage(sql));
        statements.add(closeChanged());
        insertDeletionRecords().ifPresent(statements::add);
        closeDeleted().ifPresent(statements::add);
        statements.add(insertCurrent());
        return statements;
    }

    /**
     * Adds to the table the columns it lacks, as dbt does: a column new in the query (older versions hold NULL in it),
     * and {@code dbt_is_deleted} when {@code hard_deletes} became {@code new_record}.
     *
     * @param tableColumns the table's columns now
     * @param queryTypes the query's columns with their types
     */
    List<String> addColumns(List<String> tableColumns, Map<String, String> queryTypes) {
        Set<String> present = tableColumns.stream().map(column -> column.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        Map<String, String> missing = new LinkedHashMap<>();
        queryTypes.forEach((column, type) -> {
            if (!present.contains(column.toLowerCase(Locale.ROOT))) {
                missing.put(column, type);
            }
        });
        if (newRecords() && !present.contains(meta().isDeleted().toLowerCase(Locale.ROOT))) {
            missing.put(meta().isDeleted(), "varchar");
        }
        return missing.entrySet().stream()
                .map(column -> "ALTER TABLE " + relation.render() + " ADD COLUMN " + quote(column.getKey()) + " " + icebergType(column.getValue()))
                .toList();
    }

    /** The type an Iceberg table holds a query's column in: Iceberg has no bounded or fixed strings, small integers or other precisions. */
    static String icebergType(String trinoType) {
        String type = trinoType.toLowerCase(Locale.ROOT).strip();
        if (type.matches("(var)?char(\\(\\d+\\))?")) {
            return "varchar";
        }
        if (type.equals("tinyint") || type.equals("smallint")) {
            return "integer";
        }
        return type.replaceFirst("^(timestamp|time)(\\(\\d+\\))?", "$1(6)");
    }

    /** Fixes the query's rows once, with their row version id, update time and start of validity. */
    String stage(String sql) {
        return "CREATE OR REPLACE TABLE " + staged().render() + " AS\nSELECT strata_source.*, " + computed("strata_source")
                + "\nFROM (\n" + sql + "\n) AS strata_source";
    }

    /** Ends the current version of each row that changed: it is valid until the new version's start. */
    String closeChanged() {
        String changed = switch (config.strategy()) {
            case TIMESTAMP -> TARGET + "." + quote(meta().validFrom()) + " < " + NEW + "." + quote(meta().validFrom());
            case CHECK -> checkColumns().stream().map(column -> TARGET + "." + quote(column) + " IS DISTINCT FROM " + NEW + "." + quote(column))
                    .collect(Collectors.joining(" OR "));
        };
        if (newRecords()) {
            // A row back in the query after its deletion was recorded: the deletion record ends.
            changed = changed + " OR " + TARGET + "." + quote(meta().isDeleted()) + " = 'True'";
        }
        return "MERGE INTO " + relation.render() + " AS " + TARGET + "\nUSING " + staged().render() + " AS " + NEW
                + "\nON " + keysMatch(TARGET, NEW) + " AND " + current(TARGET)
                + "\nWHEN MATCHED AND (" + changed + ") THEN UPDATE SET " + quote(meta().validTo()) + " = " + NEW + "." + quote(meta().validFrom());
    }

    /**
     * With {@code hard_deletes='new_record'}: a current row marked deleted for each row gone from the query, a copy of
     * its last version valid from the snapshot time.
     */
    Optional<String> insertDeletionRecords() {
        if (!newRecords()) {
            return Optional.empty();
        }
        String time = time();
        String values = columns.stream().map(column -> TARGET + "." + quote(column)).collect(Collectors.joining(", "))
                + ", " + scdId(TARGET, time) + ", " + time + ", " + time + ", " + config.validToCurrent().orElse("NULL") + ", 'True'";
        return Optional.of("INSERT INTO " + relation.render() + " (" + allColumns() + ")\nSELECT " + values
                + "\nFROM " + relation.render() + " AS " + TARGET
                + "\nWHERE " + current(TARGET) + " AND " + notDeleted(TARGET) + " AND " + goneFromQuery(TARGET));
    }

    /** With {@code hard_deletes} {@code invalidate} or {@code new_record}: ends the current version of each row gone from the query. */
    Optional<String> closeDeleted() {
        if (config.hardDeletes() == SnapshotConfig.HardDeletes.IGNORE) {
            return Optional.empty();
        }
        String gone = "strata_gone";
        String last = "strata_current";
        String keys = config.uniqueKey().stream().map(key -> last + "." + quote(key)).collect(Collectors.joining(", "));
        return Optional.of("MERGE INTO " + relation.render() + " AS " + TARGET
                + "\nUSING (\nSELECT " + keys + " FROM " + relation.render() + " AS " + last + "\nWHERE " + live(last) + " AND " + goneFromQuery(last)
                + "\n) AS " + gone
                + "\nON " + keysMatch(TARGET, gone) + " AND " + live(TARGET)
                + "\nWHEN MATCHED THEN UPDATE SET " + quote(meta().validTo()) + " = " + time());
    }

    /** Inserts a current version of each row of the query whose key has none: new keys and the rows {@link #closeChanged} ended. */
    String insertCurrent() {
        String values = columns.stream().map(column -> NEW + "." + quote(column)).collect(Collectors.joining(", "))
                + ", " + NEW + "." + quote(meta().scdId()) + ", " + NEW + "." + quote(meta().updatedAt()) + ", " + NEW + "." + quote(meta().validFrom())
                + ", " + config.validToCurrent().orElse("NULL") + (newRecords() ? ", 'False'" : "");
        return "INSERT INTO " + relation.render() + " (" + allColumns() + ")\nSELECT " + values
                + "\nFROM " + staged().render() + " AS " + NEW
                + "\nWHERE NOT EXISTS (SELECT 1 FROM " + relation.render() + " AS " + TARGET + " WHERE " + keysMatch(TARGET, NEW) + " AND "
                + current(TARGET) + ")";
    }

    /** The computed columns of a row of the query under {@code alias}: its version id, update time and start of validity. */
    private String computed(String alias) {
        String updatedAt = updatedAt(alias);
        return scdId(alias, updatedAt) + " AS " + quote(meta().scdId())
                + ", " + updatedAt + " AS " + quote(meta().updatedAt())
                + ", " + updatedAt + " AS " + quote(meta().validFrom());
    }

    /** The version's time: {@code updated_at}, or the snapshot time for the check strategy without it. */
    private String updatedAt(String alias) {
        return config.updatedAt().map(column -> alias + "." + quote(column)).orElseGet(this::time);
    }

    /** dbt's {@code dbt_scd_id}: the md5, in lower-case hex, of the key columns and the version's time joined by {@code |}. */
    private String scdId(String alias, String time) {
        List<String> parts = new ArrayList<>();
        config.uniqueKey().forEach(key -> parts.add("coalesce(CAST(" + alias + "." + quote(key) + " AS varchar), '')"));
        parts.add("coalesce(CAST(" + time + " AS varchar), '')");
        return "lower(to_hex(md5(to_utf8(" + String.join(" || '|' || ", parts) + "))))";
    }

    private String current(String alias) {
        String validTo = alias + "." + quote(meta().validTo());
        return config.validToCurrent().map(current -> "(" + validTo + " IS NULL OR " + validTo + " = " + current + ")").orElse(validTo + " IS NULL");
    }

    /** A current row that is a version of a row of the query, not the record of its deletion. */
    private String live(String alias) {
        return current(alias) + (newRecords() ? " AND " + notDeleted(alias) : "");
    }

    private String notDeleted(String alias) {
        return "coalesce(" + alias + "." + quote(meta().isDeleted()) + ", 'False') <> 'True'";
    }

    private String goneFromQuery(String alias) {
        return "NOT EXISTS (SELECT 1 FROM " + staged().render() + " AS " + NEW + " WHERE " + keysMatch(alias, NEW) + ")";
    }

    private String keysMatch(String left, String right) {
        return config.uniqueKey().stream().map(key -> left + "." + quote(key) + " = " + right + "." + quote(key)).collect(Collectors.joining(" AND "));
    }

    /** The columns {@code check_cols} names, or every column of the query for {@code 'all'}. */
    private List<String> checkColumns() {
        return config.checkColumns().isEmpty() ? columns : config.checkColumns();
    }

    private String allColumns() {
        List<String> all = new ArrayList<>(columns);
        all.addAll(config.addedColumns());
        return all.stream().map(SnapshotStatements::quote).collect(Collectors.joining(", "));
    }

    private String time() {
        return "TIMESTAMP '" + TIMESTAMP.format(snapshotTime) + "'";
    }

    private boolean newRecords() {
        return config.hardDeletes() == SnapshotConfig.HardDeletes.NEW_RECORD;
    }

    private SnapshotConfig.Columns meta() {
        return config.columns();
    }

    private static String quote(String column) {
        return Relation.quote(column);
    }
}
