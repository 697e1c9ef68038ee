package io.strata.ingestion;

import io.strata.lake.ColumnType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Parquet source files: their schema, their rows, and the widening of their values to the declared types. */
final class ParquetSources {
    private ParquetSources() {
    }

    /**
     * The file's schema as Iceberg sees it. A file written without Iceberg field ids gets fallback ids; a file
     * with ids keeps them. Either way columns are matched to the declaration by name, not by id.
     */
    static Schema schema(SourceFile file, java.nio.file.Path local) throws IOException {
        MessageType type;
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(local))) {
            type = reader.getFooter().getFileMetaData().getSchema();
        }
        catch (RuntimeException | IOException e) {
            throw new FileIngest.UnreadableFile(file.name() + ": not a readable Parquet file (" + e.getMessage() + ")", e);
        }
        return ParquetSchemaUtil.convert(ParquetSchemaUtil.hasIds(type) ? type : ParquetSchemaUtil.addFallbackIds(type));
    }

    /** The declared columns a Parquet file's schema gives, for an asset that declares none. */
    static java.util.List<IngestDeclaration.Column> columns(SourceFile file, IngestDeclaration declaration) throws IOException {
        java.util.List<IngestDeclaration.Column> columns = new java.util.ArrayList<>();
        Schema schema;
        try (SourceFile.LocalCopy local = file.local()) {
            schema = schema(file, local.path());
        }
        for (Types.NestedField field : schema.columns()) {
            columns.add(new IngestDeclaration.Column(field.name(), columnType(field.type()), declaration.location()));
        }
        return columns;
    }

    private static ColumnType columnType(Type type) {
        return switch (type.typeId()) {
            case BOOLEAN -> new ColumnType.Simple(ColumnType.Primitive.BOOLEAN);
            case INTEGER -> new ColumnType.Simple(ColumnType.Primitive.INT);
            case LONG -> new ColumnType.Simple(ColumnType.Primitive.BIGINT);
            case FLOAT -> new ColumnType.Simple(ColumnType.Primitive.REAL);
            case DOUBLE -> new ColumnType.Simple(ColumnType.Primitive.DOUBLE);
            case DATE -> new ColumnType.Simple(ColumnType.Primitive.DATE);
            case TIME -> new ColumnType.Simple(ColumnType.Primitive.TIME);
            case TIMESTAMP -> new ColumnType.Simple(((Types.TimestampType) type).shouldAdjustToUTC()
                    ? ColumnType.Primitive.TIMESTAMPTZ : ColumnType.Primitive.TIMESTAMP);
            case UUID -> new ColumnType.Simple(ColumnType.Primitive.UUID);
            case BINARY, FIXED -> new ColumnType.Simple(ColumnType.Primitive.BINARY);
            case DECIMAL -> new ColumnType.Decimal(((Types.DecimalType) type).precision(), ((Types.DecimalType) type).scale());
            case LIST -> new ColumnType.ListOf(columnType(type.asListType().elementType()));
            case MAP -> new ColumnType.MapOf(columnType(type.asMapType().keyType()), columnType(type.asMapType().valueType()));
            case STRUCT -> new ColumnType.Struct(type.asStructType().fields().stream()
                    .map(field -> new ColumnType.Field(field.name(), columnType(field.type()))).toList());
            default -> new ColumnType.Simple(ColumnType.Primitive.STRING);
        };
    }

    /** The file's rows, projected on {@code read} (fields of {@code fileSchema}). */
    static CloseableIterable<Record> read(java.nio.file.Path local, Schema fileSchema, Schema read) {
        return Parquet.read(org.apache.iceberg.Files.localInput(local.toFile()))
                .project(read)
                .withNameMapping(MappingUtil.create(fileSchema))
                .createReaderFunc(type -> GenericParquetReaders.buildReader(read, type))
                .build();
    }

    /** Fails the file when a column's type in the file cannot be read as the declared type. */
    static void checkReadable(SourceFile file, Types.NestedField declared, Type inFile) throws FileIngest.UnreadableFile {
        if (!widens(inFile, declared.type())) {
            throw new FileIngest.UnreadableFile(file.name() + ": column " + declared.name() + " is " + inFile + " in the file, but declared "
                    + declared.type() + "; declare the file's type (or one it widens to)", null);
        }
    }

    private static boolean widens(Type from, Type to) {
        if (from.isPrimitiveType() && to.isPrimitiveType()) {
            return switch (to.typeId()) {
                case LONG -> from.typeId() == Type.TypeID.INTEGER || from.typeId() == Type.TypeID.LONG;
                case DOUBLE -> from.typeId() == Type.TypeID.FLOAT || from.typeId() == Type.TypeID.DOUBLE;
                case DECIMAL -> from instanceof Types.DecimalType decimal && decimal.scale() == ((Types.DecimalType) to).scale()
                        && decimal.precision() <= ((Types.DecimalType) to).precision();
                case TIMESTAMP -> from.typeId() == Type.TypeID.TIMESTAMP
                        && (((Types.TimestampType) to).shouldAdjustToUTC() || !((Types.TimestampType) from).shouldAdjustToUTC());
                default -> from.equals(to);
            };
        }
        if (from.typeId() != to.typeId()) {
            return false;
        }
        return switch (to.typeId()) {
            case LIST -> widens(from.asListType().elementType(), to.asListType().elementType())
                    && from.asListType().elementType().equals(to.asListType().elementType());
            case MAP -> from.asMapType().keyType().equals(to.asMapType().keyType()) && from.asMapType().valueType().equals(to.asMapType().valueType());
            case STRUCT -> sameFields(from.asStructType(), to.asStructType());
            default -> false;
        };
    }

    /** A nested struct is read as it is: the same field names, in the same order, of the same types. */
    private static boolean sameFields(Types.StructType from, Types.StructType to) {
        if (from.fields().size() != to.fields().size()) {
            return false;
        }
        for (int i = 0; i < to.fields().size(); i++) {
            Types.NestedField a = from.fields().get(i);
            Types.NestedField b = to.fields().get(i);
            if (!a.name().equalsIgnoreCase(b.name()) || !sameShape(a.type(), b.type())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameShape(Type a, Type b) {
        if (a.isPrimitiveType() || b.isPrimitiveType()) {
            return a.equals(b);
        }
        return switch (b.typeId()) {
            case STRUCT -> a.typeId() == b.typeId() && sameFields(a.asStructType(), b.asStructType());
            case LIST -> a.typeId() == b.typeId() && sameShape(a.asListType().elementType(), b.asListType().elementType());
            case MAP -> a.typeId() == b.typeId() && sameShape(a.asMapType().keyType(), b.asMapType().keyType())
                    && sameShape(a.asMapType().valueType(), b.asMapType().valueType());
            default -> false;
        };
    }

    /** A value of the file's type as the declared type (which {@link #checkReadable} accepted). */
    static Object widen(Object value, Type inFile, Type declared, ZoneId zone) {
        if (value == null || inFile.equals(declared)) {
            return value;
        }
        return switch (declared.typeId()) {
            case LONG -> ((Number) value).longValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case DECIMAL -> ((BigDecimal) value).setScale(((Types.DecimalType) declared).scale());
            case TIMESTAMP -> value instanceof LocalDateTime local && ((Types.TimestampType) declared).shouldAdjustToUTC()
                    ? local.atZone(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC) : value;
            default -> value;
        };
    }
}
