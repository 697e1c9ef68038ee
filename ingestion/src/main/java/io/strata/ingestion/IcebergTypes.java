package io.strata.ingestion;

import io.strata.lake.ColumnType;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Iceberg schema of an ingest asset: its declared columns, then {@code _extra} and the lineage columns. */
final class IcebergTypes {
    static final String EXTRA = "_extra";
    static final String SOURCE_FILE = "_source_file";
    static final String SOURCE_LINE = "_source_line";
    static final String INGESTED_AT = "_ingested_at";
    /** The columns every ingest table has after its declared ones, in order. */
    static final List<String> ADDED_COLUMNS = List.of(EXTRA, SOURCE_FILE, SOURCE_LINE, INGESTED_AT);
    /** The columns a table ingested from a database has after its declared ones: no file, no line, no {@code _extra}. */
    static final List<String> DATABASE_ADDED_COLUMNS = List.of(INGESTED_AT);
    /** The SQL types of {@link #ADDED_COLUMNS}, as {@link #tableSchema} makes them. */
    static final java.util.Map<String, String> ADDED_COLUMN_TYPES = java.util.Map.of(EXTRA, "varchar", SOURCE_FILE, "varchar", SOURCE_LINE, "bigint",
            INGESTED_AT, "timestamp(6) with time zone");

    private static final Pattern TRANSFORM = Pattern.compile("\\s*(\\w+)\\s*\\(\\s*(?:(\\d+)\\s*,\\s*)?(\\w+)\\s*\\)\\s*");

    private IcebergTypes() {
    }

    static Schema tableSchema(List<IngestDeclaration.Column> columns) {
        AtomicInteger ids = new AtomicInteger();
        List<Types.NestedField> fields = new ArrayList<>();
        for (IngestDeclaration.Column column : columns) {
            fields.add(Types.NestedField.optional(ids.incrementAndGet(), column.name(), ColumnType.iceberg(column.type(), ids)));
        }
        fields.add(Types.NestedField.optional(ids.incrementAndGet(), EXTRA, Types.StringType.get(),
                "fields of the record that the declared schema does not have, as a JSON object"));
        fields.add(Types.NestedField.required(ids.incrementAndGet(), SOURCE_FILE, Types.StringType.get(), "the file the row came from"));
        fields.add(Types.NestedField.required(ids.incrementAndGet(), SOURCE_LINE, Types.LongType.get(), "the line its record starts on"));
        fields.add(Types.NestedField.required(ids.incrementAndGet(), INGESTED_AT, Types.TimestampType.withZone(), "when the run ingested it"));
        return new Schema(fields);
    }

    /** The Iceberg schema of an ingest asset read from a database: its columns, then {@code _ingested_at}. */
    static Schema databaseTableSchema(List<IngestDeclaration.Column> columns) {
        AtomicInteger ids = new AtomicInteger();
        List<Types.NestedField> fields = new ArrayList<>();
        for (IngestDeclaration.Column column : columns) {
            fields.add(Types.NestedField.optional(ids.incrementAndGet(), column.name(), ColumnType.iceberg(column.type(), ids)));
        }
        fields.add(Types.NestedField.required(ids.incrementAndGet(), INGESTED_AT, Types.TimestampType.withZone(), "when the run ingested it"));
        return new Schema(fields);
    }

    /** The {@code <table>__rejects} table: what did not parse or fit, and why. */
    static Schema rejectsSchema() {
        return new Schema(
                Types.NestedField.required(1, SOURCE_FILE, Types.StringType.get()),
                Types.NestedField.required(2, SOURCE_LINE, Types.LongType.get()),
                Types.NestedField.optional(3, "raw", Types.StringType.get(), "the record as read"),
                Types.NestedField.required(4, "reason", Types.StringType.get()),
                Types.NestedField.required(5, INGESTED_AT, Types.TimestampType.withZone()),
                Types.NestedField.required(6, "run_id", Types.StringType.get()));
    }

    /** The {@code <table>__files} table: which files were ingested, so a re-run reads only new or changed ones. */
    static Schema filesSchema() {
        return new Schema(
                Types.NestedField.required(1, "file", Types.StringType.get()),
                Types.NestedField.required(2, "size", Types.LongType.get()),
                Types.NestedField.required(3, "sha256", Types.StringType.get()),
                Types.NestedField.required(4, "rows_read", Types.LongType.get()),
                Types.NestedField.required(5, "rows_written", Types.LongType.get()),
                Types.NestedField.required(6, "rows_rejected", Types.LongType.get()),
                Types.NestedField.required(7, INGESTED_AT, Types.TimestampType.withZone()),
                Types.NestedField.required(8, "run_id", Types.StringType.get()),
                Types.NestedField.optional(9, "modified_at", Types.TimestampType.withZone(), "the file's modification time when ingested"));
    }

    /** {@code partition_by} as an Iceberg spec: a column, {@code year|month|day|hour(col)}, {@code bucket(n, col)}, {@code truncate(n, col)}. */
    static PartitionSpec partitionSpec(Schema schema, List<String> transforms) {
        PartitionSpec.Builder spec = PartitionSpec.builderFor(schema);
        for (String transform : transforms) {
            Matcher call = TRANSFORM.matcher(transform);
            if (!call.matches()) {
                spec.identity(transform.trim());
                continue;
            }
            String column = call.group(3);
            switch (call.group(1).toLowerCase(java.util.Locale.ROOT)) {
                case "year", "years" -> spec.year(column);
                case "month", "months" -> spec.month(column);
                case "day", "days" -> spec.day(column);
                case "hour", "hours" -> spec.hour(column);
                case "bucket" -> spec.bucket(column, Integer.parseInt(requireWidth(call, transform)));
                case "truncate" -> spec.truncate(column, Integer.parseInt(requireWidth(call, transform)));
                default -> throw new IllegalArgumentException("partition_by '" + transform
                        + "': use a column, year(c), month(c), day(c), hour(c), bucket(n, c) or truncate(n, c)");
            }
        }
        return spec.build();
    }

    private static String requireWidth(Matcher call, String transform) {
        if (call.group(2) == null) {
            throw new IllegalArgumentException("partition_by '" + transform + "' needs a width: " + call.group(1) + "(n, column)");
        }
        return call.group(2);
    }
}
