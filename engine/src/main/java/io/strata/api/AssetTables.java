package io.strata.api;

import java.util.List;
import java.util.Map;

/**
 * Iceberg tables on the run's branch, read and written from Java without the engine: rows become Parquet data files
 * through the Iceberg Java API, and each table the build wrote gets <b>one commit when the asset's code returns</b>.
 * If the code throws, nothing is committed and the files written are deleted.
 *
 * <p>A table's columns come from a record type (its components, in order, named in snake_case: {@code topReasons}
 * is {@code top_reasons}) or from a declared column list in the type spelling of ingest declarations
 * ({@code bigint}, {@code double}, {@code varchar}, {@code decimal(12,2)}, {@code timestamp with time zone},
 * {@code array<varchar>}). A table that does not exist yet is created; a new column is added to one that does; an
 * overwrite whose columns no longer fit replaces the table.
 *
 * <pre>{@code
 * record Score(String id, double score) {}
 * context.tables().overwrite("order_scores", Score.class, scores);
 * }</pre>
 */
public interface AssetTables {
    /** A declared column: its name and its type ({@code double}, {@code decimal(12,2)}, {@code array<varchar>}, ...). */
    record Column(String name, String type) {
        public Column {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(type, "type");
        }

        public static Column of(String name, String type) {
            return new Column(name, type);
        }
    }

    /**
     * Replaces the rows of a table this asset writes (its own, by the asset's name, or one it {@code alsoProduces}). For
     * a partitioned asset's own table, the rows of the partition being built ({@link AssetContext#partition()}): the
     * other partitions' rows stay, and a row outside the partition fails the build.
     *
     * @throws IllegalArgumentException for a table the asset does not write, or a value that does not fit its column
     */
    <R extends Record> void overwrite(String table, Class<R> type, Iterable<R> rows);

    /** Adds rows to a table this asset writes (for a partitioned asset's own table, to the partition's); see {@link #overwrite(String, Class, Iterable)}. */
    <R extends Record> void append(String table, Class<R> type, Iterable<R> rows);

    /** Replaces the rows of a table this asset writes, each row a list of values in the order of {@code columns}. */
    void overwrite(String table, List<Column> columns, Iterable<? extends List<?>> rows);

    /** Adds rows, each a list of values in the order of {@code columns}. */
    void append(String table, List<Column> columns, Iterable<? extends List<?>> rows);

    /**
     * The rows of a table on the run's branch: one of the asset's {@code deps} or a table it writes (as committed,
     * before this build's pending writes), each row column name to value ({@code LocalDate}, {@code OffsetDateTime},
     * {@code BigDecimal}, {@code List}, ...). Views are read through {@link AssetContext#sql()}.
     */
    List<Map<String, Object>> read(String asset);
}
