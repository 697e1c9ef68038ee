package io.strata.engine.dremio;

import io.strata.engine.SchemaChange;
import io.strata.project.Relation;
import io.strata.sql.SqlLexer;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The Dremio statements that build each materialization on a Nessie branch (pure text, so they can be read and
 * tested as such). Dremio reads and writes a branch only where a statement says so: {@code AT BRANCH "<branch>"}
 * follows the table name of every write (CTAS, INSERT, MERGE, DELETE, DROP, CREATE VIEW) and every Nessie table a
 * statement reads, since an unqualified table in Dremio silently reads the source's default reference (main).
 * A view's body is the exception: a view in the Nessie source follows the branch it is read from, so its tables
 * carry no {@code AT} and after the merge it reads main.
 *
 * <p>Model SQL is compiled engine-neutral ({@code ref()} renders {@code schema.table}); {@link BranchQualifier}
 * rewrites the lake relations it reads into {@code <source>.schema.table AT BRANCH "<branch>"}.
 *
 * @param source the Nessie source as Dremio knows it ({@code nessie}), the first part of every lake table's path
 */
record DremioStatements(String source) {
    DremioStatements {
        requireNonNull(source, "source");
    }

    /** The relation's path in Dremio: {@code nessie.silver.charging_sessions}. */
    String path(Relation relation) {
        return Relation.quote(source) + "." + relation.render();
    }

    /** {@code AT BRANCH "run-42"}: branch names are always quoted (a run branch has a {@code -}, which a bare identifier cannot). */
    static String atBranch(String branch) {
        return "AT BRANCH \"" + branch.replace("\"", "\"\"") + "\"";
    }

    private String target(Relation relation, String branch) {
        return path(relation) + " " + atBranch(branch);
    }

    /** The lake relations of a query qualified for reading the branch (tables, incremental models, seeds, checks). */
    String onBranch(String sql, Set<Relation> lake, String branch) {
        return new BranchQualifier(source, lake).qualify(sql, java.util.Optional.of(branch));
    }

    /**
     * {@code CREATE OR REPLACE VIEW <path> AT BRANCH "<b>" AS <body>}; the body names the lake relations by their path
     * in the source with no {@code AT}, so that the view follows the branch it is read from.
     */
    String view(Relation relation, String branch, String sql, Set<Relation> lake) {
        return "CREATE OR REPLACE VIEW " + target(relation, branch) + " AS\n" + new BranchQualifier(source, lake).qualify(sql, java.util.Optional.empty());
    }

    /**
     * {@code CREATE TABLE <path> AT BRANCH "<b>" AS <select>}. Dremio has no {@code CREATE OR REPLACE TABLE}: the
     * engine drops the table first. Not atomic, but on the run's branch, which no reader sees before the merge.
     */
    String createTable(Relation relation, String branch, String sql, Set<Relation> lake) {
        return "CREATE TABLE " + target(relation, branch) + " AS\n" + onBranch(sql, lake, branch);
    }

    String drop(Relation relation, String branch, boolean view) {
        return (view ? "DROP VIEW IF EXISTS " : "DROP TABLE IF EXISTS ") + target(relation, branch);
    }

    /** New rows by column name, so a model may list its columns in any order. */
    String append(Relation relation, String branch, String sql, List<String> columns, Set<Relation> lake) {
        String list = columnList(columns, "");
        return "INSERT INTO " + target(relation, branch) + " (" + list + ")\nSELECT " + list + " FROM (\n" + onBranch(sql, lake, branch)
                + "\n) AS strata_new";
    }

    /** Dremio's MERGE wants the source branch-qualified when the target is ("If you specify the reference for the target table, you must also specify the reference for the source table"). */
    String merge(Relation relation, String branch, String sql, List<String> columns, List<String> uniqueKey, Set<Relation> lake) {
        String on = uniqueKey.stream().map(key -> "strata_target." + Relation.quote(key) + " = strata_new." + Relation.quote(key))
                .collect(Collectors.joining(" AND "));
        String set = columns.stream().filter(column -> !uniqueKey.contains(column))
                .map(column -> Relation.quote(column) + " = strata_new." + Relation.quote(column)).collect(Collectors.joining(", "));
        return "MERGE INTO " + target(relation, branch) + " AS strata_target\nUSING (\n" + onBranch(sql, lake, branch) + "\n) AS strata_new\nON (" + on + ")"
                + (set.isEmpty() ? "" : "\nWHEN MATCHED THEN UPDATE SET " + set)
                + "\nWHEN NOT MATCHED THEN INSERT (" + columnList(columns, "") + ") VALUES (" + columnList(columns, "strata_new.") + ")";
    }

    /**
     * Deletes the rows whose key comes again; {@link #append} then inserts them new. A correlated {@code EXISTS}
     * rather than a row-value {@code IN}, which needs no tuple comparison for a composite key.
     */
    String deleteMatching(Relation relation, String branch, String sql, List<String> uniqueKey, Set<Relation> lake) {
        String match = uniqueKey.stream().map(key -> "strata_new." + Relation.quote(key) + " = strata_target." + Relation.quote(key))
                .collect(Collectors.joining(" AND "));
        return "DELETE FROM " + target(relation, branch) + " AS strata_target\nWHERE EXISTS (SELECT 1 FROM (\n" + onBranch(sql, lake, branch)
                + "\n) AS strata_new WHERE " + match + ")";
    }

    /**
     * How many staged rows lie outside the partitions built. {@code IS NOT TRUE} (Dremio's Boolean functions list
     * {@code IS [NOT] TRUE}) also counts a row whose partition column is null: it lies in no window.
     */
    String countOutside(Relation staged, String branch, String condition) {
        return "SELECT count(*) FROM " + target(staged, branch) + " WHERE (" + condition + ") IS NOT TRUE";
    }

    /** The rows of the partitions built, which the staged rows replace. */
    String deletePartitions(Relation relation, String branch, String condition) {
        return "DELETE FROM " + target(relation, branch) + " WHERE " + condition;
    }

    /**
     * A partition condition ({@code sale_date >= DATE '2025-01-01' AND sale_date < DATE '2025-04-01'}) as Dremio takes
     * it: the partition column double-quoted wherever it stands bare, since Dremio's grammar reserves names that Trino's
     * does not ({@code month}, {@code date}, {@code hour}) and takes them only quoted. A word right before a string
     * literal is the literal's type ({@code DATE '2025-01-01'}), never the column; literals, comments and quoted
     * identifiers are left as written.
     */
    static String partitionCondition(String condition, String column) {
        List<SqlLexer.Token> tokens = SqlLexer.tokens(condition);
        StringBuilder quoted = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            SqlLexer.Token token = tokens.get(i);
            boolean typeOfLiteral = BranchQualifier.nextSignificant(tokens, i + 1).filter(next -> next.kind() == SqlLexer.Kind.STRING).isPresent();
            boolean bareColumn = token.kind() == SqlLexer.Kind.WORD && token.text().equals(column) && !typeOfLiteral;
            quoted.append(bareColumn ? "\"" + column.replace("\"", "\"\"") + "\"" : token.text());
        }
        return quoted.toString();
    }

    /**
     * An empty seed table with its columns, named as SQL writes them (quoted where needed, or as written with
     * {@code quote_columns}); the column list comes before {@code AT} in Dremio's CREATE TABLE.
     */
    String createSeedTable(Relation relation, String branch, List<String> sqlColumns, List<String> types) {
        StringBuilder create = new StringBuilder("CREATE TABLE " + path(relation) + " (");
        for (int i = 0; i < sqlColumns.size(); i++) {
            create.append(i == 0 ? "" : ", ").append(sqlColumns.get(i)).append(' ').append(type(types.get(i)));
        }
        return create.append(") ").append(atBranch(branch)).toString();
    }

    /** One batch of a seed's rows, each value a literal of its column's type. */
    String insertValues(Relation relation, String branch, List<String> types, List<List<String>> rows) {
        StringBuilder insert = new StringBuilder("INSERT INTO " + target(relation, branch) + " VALUES ");
        for (int row = 0; row < rows.size(); row++) {
            insert.append(row == 0 ? "(" : ", (");
            for (int column = 0; column < types.size(); column++) {
                insert.append(column == 0 ? "" : ", ").append(literal(rows.get(row).get(column), types.get(column)));
            }
            insert.append(')');
        }
        return insert.toString();
    }

    /** The query's columns, without reading data (for the column list of an increment). */
    String columnsQuery(String sql, Set<Relation> lake, String branch) {
        return "SELECT * FROM (\n" + onBranch(sql, lake, branch) + "\n) AS strata_columns LIMIT 0";
    }

    /**
     * A seed's column type in Dremio: Strata infers Trino's {@code timestamp(6)}, and Dremio's TIMESTAMP has one
     * precision (milliseconds) and no time zone (a value with one is stored in UTC); the rest are the same words.
     */
    static String type(String type) {
        String lower = type.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("timestamp") ? "TIMESTAMP" : type.strip().toUpperCase(Locale.ROOT);
    }

    private static final java.time.format.DateTimeFormatter ZONED_SEED_VALUE = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm").optionalStart().appendPattern(":ss").optionalStart()
            .appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd().optionalEnd()
            .appendPattern(" xxx").toFormatter(Locale.ROOT);

    static String literal(String value, String type) {
        if (value.isEmpty()) {
            return "NULL";
        }
        if (type.toLowerCase(Locale.ROOT).contains("with time zone")) {
            // The seed loader writes a zoned value as 2024-01-05 10:00:00 +01:00; Dremio keeps the UTC time.
            java.time.LocalDateTime utc = java.time.OffsetDateTime.parse(value, ZONED_SEED_VALUE)
                    .atZoneSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime();
            value = utc.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT));
        }
        String text = "'" + value.replace("'", "''") + "'";
        String dremioType = type(type);
        return dremioType.equals("VARCHAR") ? text : "CAST(" + text + " AS " + dremioType + ")";
    }

    /** {@code ALTER TABLE <path> AT BRANCH "<b>"} statements that add or drop one column each, on the branch. */
    SchemaChange.Alterations alterations(Relation relation, String branch) {
        return new SchemaChange.Alterations() {
            @Override
            public String addColumn(SchemaChange.Column column) {
                return "ALTER TABLE " + target(relation, branch) + " ADD COLUMNS (" + Relation.quote(column.name()) + " " + column.type() + ")";
            }

            @Override
            public String dropColumn(String name) {
                return "ALTER TABLE " + target(relation, branch) + " DROP COLUMN " + Relation.quote(name);
            }
        };
    }

    /**
     * The type an Iceberg table stores for a query's column as Dremio's metadata names it: text of any length is
     * {@code VARCHAR}, timestamps have one precision; the rest are the same words.
     */
    static String storedType(String type) {
        String upper = type.strip().toUpperCase(Locale.ROOT);
        if (upper.startsWith("VARCHAR") || upper.startsWith("CHAR")) {
            return "VARCHAR";
        }
        if (upper.startsWith("TIMESTAMP") && !upper.contains("ZONE")) {
            return "TIMESTAMP";
        }
        return upper;
    }

    private static String columnList(List<String> columns, String prefix) {
        return columns.stream().map(column -> prefix + Relation.quote(column)).collect(Collectors.joining(", "));
    }
}
