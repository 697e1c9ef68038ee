package io.strata.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.project.Relation;
import io.strata.run.AssetBuilder;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.PartitioningWriter;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Builds an ingest asset whose source is a database table or query. Without a cursor every run reads the whole source
 * and replaces the table's rows. With a cursor the high-water mark is a property of the table, set in the same Iceberg
 * commit as the rows it covers, on the run's branch: a run that is not merged leaves main's mark where it was, so the
 * next run reads the same rows again; a merged run moves it.
 */
final class DatabaseIngest {
    /** The cursor column the mark belongs to. */
    static final String CURSOR = "strata.cursor";
    /** The greatest cursor value ingested, in ISO or plain decimal text. */
    static final String MARK = "strata.cursor.mark";

    private final IngestBuilder.BranchCatalogs catalogs;
    private final ObjectMapper json;
    private final Function<String, String> environment;

    DatabaseIngest(IngestBuilder.BranchCatalogs catalogs, ObjectMapper json, Function<String, String> environment) {
        this.catalogs = catalogs;
        this.json = json;
        this.environment = environment;
    }

    AssetBuilder.Built build(AssetBuilder.Context context, IngestDeclaration declaration, JdbcSource declared) throws Exception {
        Relation relation = context.asset().relation().orElseThrow();
        JdbcSource source;
        try {
            source = declared.resolve(environment);
        }
        catch (IllegalArgumentException e) {
            throw new IOException("ingest asset '" + declaration.name() + "': " + e.getMessage() + ", which its jdbc source names", e);
        }
        OffsetDateTime ingestedAt = Instant.now().atOffset(ZoneOffset.UTC);
        Values values = new Values(declaration.sourceTimeZone().map(ZoneId::of).orElse(ZoneOffset.UTC), json);
        org.apache.iceberg.catalog.Catalog catalog = catalogs.open(context.branch());
        try (JdbcIngest database = JdbcIngest.connect(declaration.name(), source, context.projectRoot().resolve(JdbcIngest.DRIVERS))) {
            List<IngestDeclaration.Column> columns = declaration.columns().isEmpty() ? database.columns() : declaration.columns();
            Namespace namespace = Namespace.of(relation.schema());
            synchronized (IngestBuilder.class) {
                var namespaces = (SupportsNamespaces) catalog;
                if (!namespaces.namespaceExists(namespace)) {
                    namespaces.createNamespace(namespace);
                }
            }
            Table table = IngestBuilder.table(catalog, TableIdentifier.of(namespace, relation.identifier()),
                    IcebergTypes.databaseTableSchema(columns), declaration);
            Table rejectsTable = IngestBuilder.table(catalog, TableIdentifier.of(namespace, relation.identifier() + "__rejects"),
                    IcebergTypes.rejectsSchema(), null);
            Optional<String> cursor = source.cursor();
            boolean incremental = cursor.isPresent() && !context.fullRefresh();
            Optional<String> mark = incremental ? recordedMark(table, declaration.name(), cursor.get()) : Optional.empty();
            Schema bound = org.apache.iceberg.types.TypeUtil.reassignIds(IcebergTypes.databaseTableSchema(columns), table.schema());

            long nonce = System.nanoTime();
            JdbcIngest.Result result;
            PartitioningWriter<Record, DataWriteResult> data = IngestBuilder.writer(table, bound, 0, nonce, "data");
            IngestBuilder.Rejects rejects = new IngestBuilder.Rejects(rejectsTable, ingestedAt, context.runId(), 0, nonce);
            String origin = source.address() + " " + source.describe();
            try (data; rejects) {
                org.apache.iceberg.PartitionKey key = new org.apache.iceberg.PartitionKey(table.spec(), bound);
                org.apache.iceberg.data.InternalRecordWrapper wrapper = new org.apache.iceberg.data.InternalRecordWrapper(bound.asStruct());
                result = database.read(bound, mark, new JdbcValues(values), json, ingestedAt, new JdbcIngest.Sink() {
                    @Override
                    public void row(Record row, long number) {
                        if (table.spec().isUnpartitioned()) {
                            data.write(row, table.spec(), null);
                        }
                        else {
                            key.partition(wrapper.wrap(row));
                            data.write(row, table.spec(), key);
                        }
                    }

                    @Override
                    public void reject(long number, String raw, String reason) {
                        rejects.add(origin, number, raw, reason);
                    }
                });
            }
            if (result.read() != result.written() + result.rejected()) {
                throw new IllegalStateException("rows read (" + result.read() + ") != written (" + result.written() + ") + rejected ("
                        + result.rejected() + ")");
            }
            commit(table, data.result().dataFiles(), !incremental, cursor, result.mark());
            commit(rejectsTable, rejects.files(), !incremental, Optional.empty(), Optional.empty());
            int compacted = declaration.compact() ? Compaction.compact(table, IngestBuilder.TARGET_FILE_SIZE, IngestBuilder.SMALL_FILE_SIZE) : 0;

            Map<String, Object> details = new LinkedHashMap<>();
            details.put("source", origin);
            details.put("rows_read", result.read());
            details.put("rows_written", result.written());
            details.put("rows_rejected", result.rejected());
            if (cursor.isPresent()) {
                details.put("cursor", cursor.get());
                mark.ifPresent(value -> details.put("cursor_from", value));
                result.mark().or(() -> mark).ifPresent(value -> details.put("cursor_to", value));
            }
            if (declaration.compact()) {
                details.put("files_compacted", (long) compacted);
            }
            return new AssetBuilder.Built(OptionalLong.of(result.written()), details, List.of(IngestBuilder.rejectCheckOf(context.asset(), declaration,
                    result.read(), result.rejected(), rejects.sample(), relation.identifier() + "__rejects")));
        }
        finally {
            if (catalog instanceof java.io.Closeable closeable) {
                closeable.close();
            }
        }
    }

    /** The mark recorded with the table on this branch; refused when it belongs to another cursor column. */
    static Optional<String> recordedMark(Table table, String asset, String cursor) {
        Optional<String> column = Optional.ofNullable(table.properties().get(CURSOR));
        if (column.isPresent() && !column.get().equalsIgnoreCase(cursor)) {
            throw new IllegalStateException("ingest asset '" + asset + "' was read up to a mark of cursor '" + column.get() + "', not '" + cursor
                    + "'; run it with --full-refresh to read everything again by the new cursor");
        }
        return Optional.ofNullable(table.properties().get(MARK));
    }

    /**
     * One Iceberg commit: the rows appended (or, on a full read, replacing all rows) and the new mark with them, so the mark
     * never moves without its rows nor the rows without their mark.
     */
    private static void commit(Table table, List<DataFile> added, boolean replace, Optional<String> cursor, Optional<String> mark) {
        if (!replace && added.isEmpty()) {
            return;
        }
        Transaction transaction = table.newTransaction();
        if (replace) {
            var overwrite = transaction.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
            added.forEach(overwrite::addFile);
            overwrite.commit();
        }
        else {
            var append = transaction.newAppend();
            added.forEach(append::appendFile);
            append.commit();
        }
        if (mark.isPresent() || cursor.isEmpty() && table.properties().containsKey(MARK)) {
            UpdateProperties properties = transaction.updateProperties();
            if (mark.isPresent()) {
                properties.set(CURSOR, cursor.orElseThrow()).set(MARK, mark.get());
            }
            else {
                properties.remove(CURSOR).remove(MARK);
            }
            properties.commit();
        }
        transaction.commitTransaction();
    }
}
