package io.strata.ingestion;

import io.strata.lake.ColumnType;
import io.strata.project.AssetDeclaration;
import io.strata.project.Location;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A bronze ingest asset as declared under {@code ingest:} in {@code models/bronze/*.yml}: which files to
 * read, how, and into what columns.
 *
 * @param columns the declared schema; empty when the schema is to be inferred from a sample
 * @param maxRejects how many rejected records the asset tolerates before its check fails
 * @param partitionBy Iceberg partition transforms ({@code sale_date}, {@code month(sale_date)}, {@code bucket(16, id)})
 * @param sourceTimeZone the zone of timestamps written without one (default UTC)
 */
public record IngestDeclaration(String name, Source source, List<Column> columns, Mode mode, RejectLimit maxRejects,
                                List<String> partitionBy, Optional<String> sourceTimeZone, boolean compact, Location location,
                                Optional<IngestAsset.LineParser> parser, Optional<JdbcSource> database) implements AssetDeclaration {
    public IngestDeclaration(String name, Source source, List<Column> columns, Mode mode, RejectLimit maxRejects,
                             List<String> partitionBy, Optional<String> sourceTimeZone, boolean compact, Location location) {
        this(name, source, columns, mode, maxRejects, partitionBy, sourceTimeZone, compact, location, Optional.empty(), Optional.empty());
    }

    /** The same declaration, its records made from each line by Java code ({@code format: lines}). */
    IngestDeclaration withParser(IngestAsset.LineParser lineParser) {
        return new IngestDeclaration(name, source, columns, mode, maxRejects, partitionBy, sourceTimeZone, compact, location, Optional.of(lineParser),
                database);
    }

    /** The same declaration, its rows read from a database table or query ({@code source: {jdbc: …}}). */
    IngestDeclaration withDatabase(JdbcSource jdbc) {
        // The source's "path" names the table at its address, never the URL (which may hold a password).
        Source database = new Source(jdbc.address() + " " + jdbc.describe(), Format.JDBC, Map.of());
        return new IngestDeclaration(name, database, columns, mode, maxRejects, partitionBy, sourceTimeZone, compact, location, parser, Optional.of(jdbc));
    }

    public IngestDeclaration {
        requireNonNull(parser, "parser");
        requireNonNull(database, "database");
        requireNonNull(name, "name");
        requireNonNull(source, "source");
        columns = List.copyOf(columns);
        requireNonNull(mode, "mode");
        requireNonNull(maxRejects, "maxRejects");
        partitionBy = List.copyOf(partitionBy);
        requireNonNull(sourceTimeZone, "sourceTimeZone");
        requireNonNull(location, "location");
    }

    /** The declared columns, then {@code _extra} and the lineage columns; unknown when the schema is inferred at run time. */
    @Override
    public Optional<List<String>> tableColumns() {
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = new java.util.ArrayList<>();
        columns.forEach(column -> names.add(column.name()));
        names.addAll(database.isPresent() ? IcebergTypes.DATABASE_ADDED_COLUMNS : IcebergTypes.ADDED_COLUMNS);
        return Optional.of(List.copyOf(names));
    }

    /** The declared columns' types and the lineage columns', in Trino's spelling; none when the schema is inferred at run time. */
    @Override
    public Map<String, String> tableColumnTypes() {
        if (columns.isEmpty()) {
            return Map.of();
        }
        Map<String, String> types = new java.util.LinkedHashMap<>();
        columns.forEach(column -> types.put(column.name(), ColumnType.format(column.type())));
        IcebergTypes.ADDED_COLUMN_TYPES.forEach((column, type) -> {
            if (database.isEmpty() || IcebergTypes.DATABASE_ADDED_COLUMNS.contains(column)) {
                types.put(column, type);
            }
        });
        return types;
    }

    /**
     * LINES: one record per line, made by a {@link IngestAsset.LineParser} of an asset declared in Java; JDBC: rows of a
     * database table or query, not a file ({@link IngestDeclaration#database()}).
     */
    public enum Format { CSV, JSON, JSONL, PARQUET, LINES, JDBC }

    /** {@code append}: ingest only files not ingested before; {@code replace}: rebuild from all files. */
    public enum Mode { APPEND, REPLACE }

    /**
     * @param path a glob relative to the project root, or an {@code s3://} location
     * @param options format options: {@code header}, {@code delimiter}, {@code quote}, {@code escape}, {@code compression}, …
     */
    public record Source(String path, Format format, Map<String, Object> options) {
        public Source {
            requireNonNull(path, "path");
            requireNonNull(format, "format");
            options = Map.copyOf(options);
        }
    }

    public record Column(String name, ColumnType type, Location location) {
    }

    /** A count of records, or a percentage of the records read. */
    public record RejectLimit(long count, double percent) {
        public static final RejectLimit NONE = new RejectLimit(0, -1);

        public boolean isPercent() {
            return percent >= 0;
        }

        /** Whether {@code rejected} of {@code read} records is over the limit. */
        public boolean exceeded(long rejected, long read) {
            if (isPercent()) {
                return read > 0 && rejected * 100.0 / read > percent;
            }
            return rejected > count;
        }
    }
}
