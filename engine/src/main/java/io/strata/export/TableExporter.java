package io.strata.export;

import io.strata.project.Export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Writes the rows of a query on one connection into a table of a PostgreSQL database, in one transaction of the target:
 * {@code replace} creates the table if missing, deletes its rows and inserts the query's; {@code upsert} inserts them or
 * updates the row with the same key. Readers of the target see its old rows or its new ones, never a mix: rows are
 * deleted, not truncated, so that readers are not blocked and see the old rows until the commit.
 */
public final class TableExporter {
    public static final int BATCH = 5_000;

    private final int batch;
    private final Runnable beforeCommit;

    public TableExporter() {
        this(BATCH, () -> { });
    }

    /** @param beforeCommit run when every row is written and the transaction is not yet committed (a test looks at the target then) */
    TableExporter(int batch, Runnable beforeCommit) {
        this.batch = batch;
        this.beforeCommit = requireNonNull(beforeCommit, "beforeCommit");
    }

    /**
     * Copies the rows of {@code query} on {@code source} into {@code table} on {@code target} and returns how many were written.
     * On failure the target's transaction is rolled back: its table is as it was.
     */
    public long export(Connection source, String query, Connection target, String table, Export.Mode mode, List<String> key) throws SQLException {
        boolean autoCommit = target.getAutoCommit();
        target.setAutoCommit(false);
        try (Statement read = source.createStatement()) {
            read.setFetchSize(batch);
            long rows;
            try (ResultSet results = read.executeQuery(query)) {
                ResultSetMetaData metadata = results.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int column = 1; column <= metadata.getColumnCount(); column++) {
                    columns.add(metadata.getColumnLabel(column));
                }
                for (String column : key) {
                    if (!columns.contains(column)) {
                        throw new SQLException("the key column " + column + " is not a column of the table (its columns: " + String.join(", ", columns) + ")");
                    }
                }
                try (Statement write = target.createStatement()) {
                    write.execute(createTable(table, metadata, columns, mode == Export.Mode.UPSERT ? key : List.of()));
                    if (mode == Export.Mode.REPLACE) {
                        write.execute("DELETE FROM " + table);
                    }
                }
                rows = insert(results, metadata, target, insertStatement(table, columns, mode, key));
            }
            beforeCommit.run();
            target.commit();
            return rows;
        }
        catch (SQLException | RuntimeException e) {
            try {
                target.rollback();
            }
            catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        finally {
            try {
                target.setAutoCommit(autoCommit);
            }
            catch (SQLException ignored) {
                // The connection is broken; its owner closes it.
            }
        }
    }

    private long insert(ResultSet results, ResultSetMetaData metadata, Connection target, String sql) throws SQLException {
        int count = metadata.getColumnCount();
        long rows = 0;
        try (PreparedStatement insert = target.prepareStatement(sql)) {
            int pending = 0;
            while (results.next()) {
                for (int column = 1; column <= count; column++) {
                    insert.setObject(column, value(results.getObject(column)));
                }
                insert.addBatch();
                rows++;
                if (++pending == batch) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        }
        return rows;
    }

    /** A value as PostgreSQL's driver takes it: it binds {@link OffsetDateTime}, not the {@link ZonedDateTime} Trino returns. */
    private static Object value(Object value) {
        return value instanceof ZonedDateTime zoned ? zoned.toOffsetDateTime() : value;
    }

    static String createTable(String table, ResultSetMetaData metadata, List<String> columns, List<String> key) throws SQLException {
        List<String> definitions = new ArrayList<>();
        for (int column = 1; column <= columns.size(); column++) {
            definitions.add(quote(columns.get(column - 1)) + " " + PostgresTypes.of(metadata, column));
        }
        if (!key.isEmpty()) {
            // ON CONFLICT needs a unique index on the key: a table the export makes has it.
            definitions.add("PRIMARY KEY (" + String.join(", ", key.stream().map(TableExporter::quote).toList()) + ")");
        }
        return "CREATE TABLE IF NOT EXISTS " + table + " (" + String.join(", ", definitions) + ")";
    }

    static String insertStatement(String table, List<String> columns, Export.Mode mode, List<String> key) {
        String insert = "INSERT INTO " + table + " (" + String.join(", ", columns.stream().map(TableExporter::quote).toList()) + ") VALUES ("
                + String.join(", ", columns.stream().map(column -> "?").toList()) + ")";
        return switch (mode) {
            case REPLACE -> insert;
            case UPSERT -> {
                List<String> updated = columns.stream().filter(column -> !key.contains(column))
                        .map(column -> quote(column) + " = EXCLUDED." + quote(column)).toList();
                yield insert + " ON CONFLICT (" + String.join(", ", key.stream().map(TableExporter::quote).toList()) + ") DO "
                        + (updated.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", updated));
            }
        };
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
