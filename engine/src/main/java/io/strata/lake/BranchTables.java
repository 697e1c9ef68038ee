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
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.PartitioningWriter;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
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
        Schema schema = schema(columns);
        Pending table = pending.get(relation);
        if (table != null && !table.schema.sameSchema(schema)) {
            throw new IllegalArgumentException(relation.render() + " is written twice in one build with different columns: "
                    + table.schema.asStruct() + ", then " + schema.asStruct());
        }
        if (table == null) {
            table = new Pending(transaction(relation, schema, overwrite), schema);
            pending.put(relation, table);
        }
        if (overwrite) {
            deleteFiles(table);
            table.overwrite = true;
        }
        Table target = table.transaction.table();
        Schema bound = TypeUtil.reassignIds(schema, target.schema());
        long written = 0;
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
                writer.write(record, target.spec(), null);
            }
        }
        table.files.addAll(writer.result().dataFiles());
        return written;
    }

    /**
     * The table's transaction: a new table is created in it; an existing one gets the new columns, and an overwrite also
     * loses the columns it no longer writes (or, when a column's type cannot change, is replaced as a new table).
     */
    private Transaction transaction(Relation relation, Schema schema, boolean overwrite) {
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

    /** Commits every table written: one commit each, holding its column changes and its data. */
    public synchronized void commit() {
        for (Pending table : pending.values()) {
            if (table.overwrite) {
                var overwrite = table.transaction.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
                table.files.forEach(overwrite::addFile);
                overwrite.commit();
            }
            else if (!table.files.isEmpty()) {
                var append = table.transaction.newAppend();
                table.files.forEach(append::appendFile);
                append.commit();
            }
            table.transaction.commitTransaction();
        }
        pending.clear();
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
        for (DataFile file : table.files) {
            table.transaction.table().io().deleteFile(file.location());
        }
        table.files.clear();
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
