package io.strata.lake;

import io.strata.project.Relation;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.PartitioningWriter;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Tables written and read from Java on one branch, through the branch's Iceberg REST catalog: rows are written as
 * Parquet data files as they come, and each table written gets one commit in {@link #commit()} (a transaction holding
 * its schema change and its data), so a reader of the branch sees all of a build's rows or none. {@link #abandon()}
 * deletes the files of a build that failed.
 */
public final class BranchTables implements AutoCloseable {
    private static final long TARGET_FILE_SIZE = 128L << 20;

    /** A column to write: its name and type. */
    public record Column(String name, ColumnType type) {
        public Column {
            requireNonNull(name, "name");
            requireNonNull(type, "type");
        }
    }

    /**
     * The rows one partition's build replaces: those whose {@code column} lies in {@code [start, end)}, in the wall clock
     * of {@code zone}, or, for a static partition (no window), equals {@code key}.
     */
    public record Window(String column, String key, Optional<LocalDateTime> start, Optional<LocalDateTime> end, ZoneId zone) {
        public Window {
            requireNonNull(column, "column");
            requireNonNull(key, "key");
            requireNonNull(start, "start");
            requireNonNull(end, "end");
            requireNonNull(zone, "zone");
        }

        /** Whether a value of the column, as Iceberg holds it, places its row in the window. */
        boolean contains(Object value) {
            if (start.isEmpty()) {
                return value != null && value.toString().equals(key);
            }
            LocalDateTime moment = switch (value) {
                case LocalDate date -> date.atStartOfDay();
                case LocalDateTime local -> local;
                case OffsetDateTime offset -> offset.atZoneSameInstant(zone).toLocalDateTime();
                case null, default -> null;
            };
            return moment != null && !moment.isBefore(start.get()) && moment.isBefore(end.orElseThrow());
        }

        /** {@code sale_date from 2025-03-01 to 2025-03-02}, as messages show it. */
        String describe() {
            return start.isEmpty() ? column + " = '" + key + "'" : column + " from " + start.get() + " to " + end.orElseThrow() + " (exclusive)";
        }
    }

    private final Catalog catalog;
    private final Map<Relation, Pending> pending = new LinkedHashMap<>();

    public BranchTables(LakeEndpoints endpoints, String branch) {
        this(IcebergCatalogs.forBranch(endpoints, branch));
    }

    /** On any catalog (tests use an in-memory one). */
    public BranchTables(Catalog catalog) {
        this.catalog = requireNonNull(catalog, "catalog");
    }

    /** What one build has written to one table, not yet committed. */
    private static final class Pending {
        private final Transaction transaction;
        private final Schema schema;
        private final List<DataFile> files = new ArrayList<>();
        private boolean overwrite;
        /** The windows whose rows the commit replaces, with the files written for each. */
        private final Map<Window, List<DataFile>> windows = new LinkedHashMap<>();

        Pending(Transaction transaction, Schema schema) {
            this.transaction = transaction;
            this.schema = schema;
        }
    }

    /**
     * Writes the rows (values in the order of {@code columns}) as data files of the table, creating it or changing its
     * columns as the commit will; an overwrite drops what this build wrote to it before. Returns the rows written.
     *
     * @throws IllegalArgumentException for a value that does not fit its column, naming the row and the column
     */
    public synchronized long write(Relation relation, List<Column> columns, boolean overwrite, Iterator<? extends List<?>> rows) throws IOException {
        return write(relation, columns, overwrite, Optional.empty(), rows);
    }

    /**
     * Writes the rows of one window of the table: the commit replaces the window's rows (and only those) with what the
     * build wrote for it; {@code overwrite} drops what this build wrote to the window before. Columns are added, never
     * dropped, since the other windows' rows stay. Returns the rows written.
     *
     * @throws IllegalArgumentException for a value that does not fit its column, or rows outside the window (with their
     *         count): nothing of that write is kept
     */
    public synchronized long write(Relation relation, List<Column> columns, Window window, boolean overwrite, Iterator<? extends List<?>> rows)
            throws IOException {
        return write(relation, columns, overwrite, Optional.of(window), rows);
    }

    private long write(Relation relation, List<Column> columns, boolean overwrite, Optional<Window> window, Iterator<? extends List<?>> rows)
            throws IOException {
        Schema schema = schema(columns);
        int windowColumn = window.map(declared -> columnIndex(columns, declared.column(), relation)).orElse(-1);
        if (window.isPresent() && window.get().start().isPresent()) {
            Type type = schema.columns().get(windowColumn).type();
            if (type.typeId() != Type.TypeID.DATE && type.typeId() != Type.TypeID.TIMESTAMP) {
                throw new IllegalArgumentException("the partition column '" + window.get().column() + "' of " + relation.render() + " is "
                        + trinoType(type) + ": a row is placed in a window by a date or a timestamp");
            }
        }
        Pending table = pending.get(relation);
        if (table != null && !table.schema.sameSchema(schema)) {
            throw new IllegalArgumentException(relation.render() + " is written twice in one build with different columns: "
                    + table.schema.asStruct() + ", then " + schema.asStruct());
        }
        if (table == null) {
            table = new Pending(transaction(relation, schema, overwrite && window.isEmpty(), window.isPresent()), schema);
            pending.put(relation, table);
        }
        if (window.isPresent()) {
            List<DataFile> written = table.windows.computeIfAbsent(window.get(), declared -> new ArrayList<>());
            if (overwrite) {
                deleteFiles(table.transaction.table(), written);
                table.files.removeAll(List.copyOf(written));
                written.clear();
            }
        }
        else if (overwrite) {
            deleteFiles(table);
            table.overwrite = true;
        }
        Table target = table.transaction.table();
        Schema bound = TypeUtil.reassignIds(schema, target.schema());
        long written = 0;
        long outside = 0;
        Object example = null;
        PartitioningWriter<Record, DataWriteResult> writer = IcebergFiles.writer(target, bound, 0, System.nanoTime(), "java", TARGET_FILE_SIZE);
        try (writer) {
            GenericRecord record = GenericRecord.create(bound);
            while (rows.hasNext()) {
                List<?> values = rows.next();
                written++;
                if (values.size() != columns.size()) {
                    throw new IllegalArgumentException("row " + written + " of " + relation.render() + " has " + values.size()
                            + " values for " + columns.size() + " columns");
                }
                for (int i = 0; i < columns.size(); i++) {
                    Types.NestedField field = bound.columns().get(i);
                    record.set(i, value(values.get(i), field.type(), relation, written, field.name()));
                }
                if (windowColumn >= 0 && !window.get().contains(record.get(windowColumn))) {
                    // Counted, not written: the write fails once every row is seen, so the message says how many.
                    if (outside++ == 0) {
                        example = record.get(windowColumn);
                    }
                    continue;
                }
                writer.write(record, target.spec(), null);
            }
        }
        List<DataFile> files = writer.result().dataFiles();
        if (outside > 0) {
            deleteFiles(target, files);
            throw new IllegalArgumentException(outside + " of " + written + " rows written to " + relation.render() + " for partition "
                    + window.get().key() + " lie outside it (" + window.get().describe() + "), e.g. " + window.get().column() + " " + example
                    + ": a partition's build writes only the partition's rows (filter them by context.partition()); nothing is written");
        }
        table.files.addAll(files);
        window.ifPresent(declared -> pending.get(relation).windows.get(declared).addAll(files));
        return written;
    }

    private static int columnIndex(List<Column> columns, String name, Relation relation) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("the partition column '" + name + "' is not among the columns written to " + relation.render()
                + " (" + String.join(", ", columns.stream().map(Column::name).toList()) + "): every row must say which partition it is in");
    }

    /**
     * The table's transaction: a new table is created in it; an existing one gets the new columns, and an overwrite also
     * loses the columns it no longer writes (or, when a column's type cannot change, is replaced as a new table).
     */
    private Transaction transaction(Relation relation, Schema schema, boolean overwrite, boolean windowed) {
        TableIdentifier id = identifier(relation);
        Table existing;
        try {
            existing = catalog.loadTable(id);
        }
        catch (NoSuchTableException e) {
            return create(id, schema);
        }
        Transaction transaction = existing.newTransaction();
        try {
            var update = transaction.updateSchema().unionByNameWith(schema);
            if (overwrite) {
                for (Types.NestedField column : existing.schema().columns()) {
                    if (schema.findField(column.name()) == null) {
                        update.deleteColumn(column.name());
                    }
                }
            }
            update.commit();
            return transaction;
        }
        catch (IllegalArgumentException | org.apache.iceberg.exceptions.ValidationException incompatible) {
            if (windowed) {
                throw new IllegalArgumentException("cannot write a partition of " + relation.render() + ": its columns " + existing.schema().asStruct()
                        + " do not take " + schema.asStruct() + " (" + incompatible.getMessage() + "); the other partitions keep their rows"
                        + " and columns, so a partition's build cannot change a column's type: write the new type under a new name", incompatible);
            }
            if (!overwrite) {
                throw new IllegalArgumentException("cannot append to " + relation.render() + ": its columns " + existing.schema().asStruct()
                        + " do not take " + schema.asStruct() + " (" + incompatible.getMessage() + "); overwrite it instead", incompatible);
            }
            catalog.dropTable(id, false);
            return create(id, schema);
        }
    }

    private Transaction create(TableIdentifier id, Schema schema) {
        synchronized (BranchTables.class) {
            if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(id.namespace())) {
                namespaces.createNamespace(id.namespace());
            }
        }
        return catalog.buildTable(id, schema).withProperties(Map.of(
                TableProperties.FORMAT_VERSION, "2",
                TableProperties.PARQUET_COMPRESSION, "zstd")).createTransaction();
    }

    /**
     * Commits every table written: one commit each, holding its column changes and its data; a table written by windows
     * has the rows of those windows replaced.
     */
    public synchronized void commit() {
        for (var entries = pending.entrySet().iterator(); entries.hasNext(); ) {
            Map.Entry<Relation, Pending> entry = entries.next();
            Pending table = entry.getValue();
            if (table.overwrite) {
                var overwrite = table.transaction.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
                table.files.forEach(overwrite::addFile);
                overwrite.commit();
            }
            else if (!table.windows.isEmpty()) {
                var overwrite = table.transaction.newOverwrite().overwriteByRowFilter(filter(table.transaction.table().schema(), table.windows.keySet()));
                table.files.forEach(overwrite::addFile);
                try {
                    overwrite.commit();
                }
                catch (org.apache.iceberg.exceptions.ValidationException e) {
                    // Iceberg replaces whole data files: one that also holds rows of partitions not built cannot be dropped.
                    throw new IllegalStateException(entry.getKey().render() + " holds data files with rows of the partitions built ("
                            + String.join(", ", table.windows.keySet().stream().map(Window::key).toList()) + ") and of others, written before"
                            + " it was partitioned or outside Strata: build every partition at once (--full-refresh) to replace them", e);
                }
            }
            else if (!table.files.isEmpty()) {
                var append = table.transaction.newAppend();
                table.files.forEach(append::appendFile);
                append.commit();
            }
            table.transaction.commitTransaction();
            // Committed, so no longer abandoned: after a failed commit of a later table, abandon() deletes only the files not committed.
            entries.remove();
        }
    }

    /** Forgets what was written and deletes its files: a failed build leaves its tables as they were. */
    public synchronized void abandon() {
        for (Pending table : pending.values()) {
            deleteFiles(table);
        }
        pending.clear();
    }

    /** The data files written and not yet committed. */
    synchronized List<String> pendingFiles() {
        return pending.values().stream().flatMap(table -> table.files.stream()).map(DataFile::location).toList();
    }

    private static void deleteFiles(Pending table) {
        deleteFiles(table.transaction.table(), table.files);
        table.files.clear();
        table.windows.values().forEach(List::clear);
    }

    private static void deleteFiles(Table table, List<DataFile> files) {
        for (DataFile file : files) {
            table.io().deleteFile(file.location());
        }
    }

    /**
     * The rows of the windows, for the overwrite that replaces them: consecutive windows as one range, so that a data
     * file holding a quarter's rows, written by a build of the quarter, is replaced whole by a build of its days.
     */
    static Expression filter(Schema schema, java.util.Collection<Window> windows) {
        Expression filter = Expressions.alwaysFalse();
        List<Window> ordered = windows.stream().sorted(java.util.Comparator.comparing((Window window) -> window.start().orElse(LocalDateTime.MIN))
                .thenComparing(Window::key)).toList();
        Window first = null;
        Window last = null;
        for (Window window : ordered) {
            if (last != null && window.start().isPresent() && window.start().equals(last.end())) {
                last = window;
                continue;
            }
            if (first != null) {
                filter = Expressions.or(filter, rows(schema, first, last));
            }
            first = window;
            last = window;
        }
        return first == null ? filter : Expressions.or(filter, rows(schema, first, last));
    }

    /** The rows from the window {@code first} to the window {@code last}, or of a static value, by the column's type. */
    private static Expression rows(Schema schema, Window first, Window last) {
        Types.NestedField field = schema.findField(first.column());
        if (first.start().isEmpty()) {
            Object value = switch (field.type().typeId()) {
                case INTEGER -> Integer.parseInt(first.key());
                case LONG -> Long.parseLong(first.key());
                default -> first.key();
            };
            return Expressions.equal(first.column(), value);
        }
        return Expressions.and(Expressions.greaterThanOrEqual(first.column(), literal(field.type(), first.start().get(), first.zone())),
                Expressions.lessThan(first.column(), literal(field.type(), last.end().orElseThrow(), first.zone())));
    }

    private static Object literal(Type type, LocalDateTime moment, ZoneId zone) {
        return switch (type.typeId()) {
            case DATE -> DateTimeUtil.daysFromDate(moment.toLocalDate());
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC()
                    ? DateTimeUtil.microsFromTimestamptz(moment.atZone(zone).toOffsetDateTime())
                    : DateTimeUtil.microsFromTimestamp(moment);
            default -> throw new IllegalArgumentException("a partition column of time windows is a date or a timestamp, not " + trinoType(type));
        };
    }

    /** The committed rows of a table on the branch, column name to value. */
    public List<Map<String, Object>> read(Relation relation) throws IOException {
        Table table = catalog.loadTable(identifier(relation));
        List<Map<String, Object>> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            for (Record record : records) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (Types.NestedField field : table.schema().columns()) {
                    row.put(field.name(), record.getField(field.name()));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * The columns of the relation's table on the branch with their types in Trino's spelling, in order; empty when it
     * is no table there.
     */
    public Optional<Map<String, String>> columns(Relation relation) {
        if (!catalog.tableExists(identifier(relation))) {
            return Optional.empty();
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (Types.NestedField field : catalog.loadTable(identifier(relation)).schema().columns()) {
            columns.put(field.name(), trinoType(field.type()));
        }
        return Optional.of(columns);
    }

    /** An Iceberg type as Trino's Iceberg connector shows it. */
    static String trinoType(Type type) {
        return switch (type) {
            case Types.DecimalType decimal -> "decimal(" + decimal.precision() + "," + decimal.scale() + ")";
            case Types.TimestampType timestamp -> timestamp.shouldAdjustToUTC() ? "timestamp(6) with time zone" : "timestamp(6)";
            case Types.ListType list -> "array(" + trinoType(list.elementType()) + ")";
            case Types.MapType map -> "map(" + trinoType(map.keyType()) + ", " + trinoType(map.valueType()) + ")";
            case Types.StructType struct -> "row(" + String.join(", ", struct.fields().stream()
                    .map(field -> field.name() + " " + trinoType(field.type())).toList()) + ")";
            default -> switch (type.typeId()) {
                case BOOLEAN -> "boolean";
                case INTEGER -> "integer";
                case LONG -> "bigint";
                case FLOAT -> "real";
                case DOUBLE -> "double";
                case DATE -> "date";
                case TIME -> "time(6)";
                case STRING -> "varchar";
                case UUID -> "uuid";
                case BINARY, FIXED -> "varbinary";
                default -> type.toString();
            };
        };
    }

    /** Whether the relation is an Iceberg table on the branch (not a view, not missing). */
    public boolean isTable(Relation relation) {
        return catalog.tableExists(identifier(relation));
    }

    private static TableIdentifier identifier(Relation relation) {
        return TableIdentifier.of(Namespace.of(relation.schema()), relation.identifier());
    }

    private static Schema schema(List<Column> columns) {
        AtomicInteger ids = new AtomicInteger(columns.size());
        List<Types.NestedField> fields = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            fields.add(Types.NestedField.optional(i + 1, column.name(), ColumnType.iceberg(column.type(), ids)));
        }
        return new Schema(fields);
    }

    /** The Java value as Iceberg's generic records hold it for the column's type. */
    private static Object value(Object value, Type type, Relation relation, long row, String column) {
        if (value == null) {
            return null;
        }
        Object converted = switch (type.typeId()) {
            case STRING -> value instanceof CharSequence || value instanceof Enum<?> ? value.toString() : null;
            case INTEGER -> value instanceof Integer || value instanceof Short || value instanceof Byte ? ((Number) value).intValue() : null;
            case LONG -> value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                    ? ((Number) value).longValue() : null;
            case FLOAT -> value instanceof Float ? value : null;
            case DOUBLE -> value instanceof Number number && !(value instanceof BigDecimal) ? number.doubleValue() : null;
            case BOOLEAN -> value instanceof Boolean ? value : null;
            case DATE -> value instanceof LocalDate ? value : null;
            case TIME -> value instanceof java.time.LocalTime ? value : null;
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC()
                    ? switch (value) {
                        case OffsetDateTime offset -> offset;
                        case Instant instant -> instant.atOffset(ZoneOffset.UTC);
                        case ZonedDateTime zoned -> zoned.toOffsetDateTime();
                        default -> null;
                    }
                    : value instanceof LocalDateTime ? value : null;
            case DECIMAL -> switch (value) {
                case BigDecimal decimal -> decimal.setScale(((Types.DecimalType) type).scale(), RoundingMode.HALF_UP);
                case Long number -> BigDecimal.valueOf(number).setScale(((Types.DecimalType) type).scale(), RoundingMode.HALF_UP);
                case Integer number -> BigDecimal.valueOf(number).setScale(((Types.DecimalType) type).scale(), RoundingMode.HALF_UP);
                default -> null;
            };
            case UUID -> value instanceof java.util.UUID ? value : null;
            case BINARY -> switch (value) {
                case byte[] bytes -> ByteBuffer.wrap(bytes);
                case ByteBuffer buffer -> buffer;
                default -> null;
            };
            case LIST -> value instanceof List<?> list ? list.stream()
                    .map(element -> value(element, type.asListType().elementType(), relation, row, column + "[]")).toList() : null;
            case MAP -> value instanceof Map<?, ?> map ? map(map, type.asMapType(), relation, row, column) : null;
            case STRUCT -> value instanceof Map<?, ?> map ? struct(map, type.asStructType(), relation, row, column) : null;
            default -> null;
        };
        if (converted == null) {
            throw new IllegalArgumentException("row " + row + " of " + relation.render() + ": column '" + column + "' is " + type
                    + ", not " + value.getClass().getSimpleName() + " (" + abbreviate(value) + ")");
        }
        return converted;
    }

    private static Map<Object, Object> map(Map<?, ?> map, Types.MapType type, Relation relation, long row, String column) {
        Map<Object, Object> converted = new LinkedHashMap<>();
        map.forEach((key, value) -> converted.put(value(key, type.keyType(), relation, row, column + " key"),
                value(value, type.valueType(), relation, row, column + "." + key)));
        return converted;
    }

    private static GenericRecord struct(Map<?, ?> map, Types.StructType type, Relation relation, long row, String column) {
        GenericRecord record = GenericRecord.create(type);
        for (Types.NestedField field : type.fields()) {
            record.setField(field.name(), value(map.get(field.name()), field.type(), relation, row, column + "." + field.name()));
        }
        return record;
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    @Override
    public void close() {
        if (catalog instanceof java.io.Closeable closeable) {
            try {
                closeable.close();
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
