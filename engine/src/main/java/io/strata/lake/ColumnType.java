package io.strata.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * A column type of an ingest declaration or a Java asset's table, in the SQL spelling data engineers write
 * ({@code bigint}, {@code decimal(12,2)}, {@code timestamp with time zone}, {@code array<string>},
 * {@code struct<lat: double, lon: double>}, {@code map<string, bigint>}). Each maps to one Iceberg type.
 */
public sealed interface ColumnType {
    enum Primitive {
        BOOLEAN, INT, BIGINT, REAL, DOUBLE, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, STRING, UUID, BINARY
    }

    record Simple(Primitive primitive) implements ColumnType {
        public Simple {
            requireNonNull(primitive, "primitive");
        }
    }

    record Decimal(int precision, int scale) implements ColumnType {
    }

    record ListOf(ColumnType element) implements ColumnType {
    }

    record MapOf(ColumnType key, ColumnType value) implements ColumnType {
    }

    record Struct(List<Field> fields) implements ColumnType {
        public Struct {
            fields = List.copyOf(fields);
        }
    }

    record Field(String name, ColumnType type) {
    }

    /** The type in the spelling {@link #parse} reads. */
    public static String format(ColumnType type) {
        return switch (type) {
            case Simple simple -> switch (simple.primitive()) {
                case TIMESTAMPTZ -> "timestamp with time zone";
                default -> simple.primitive().name().toLowerCase(Locale.ROOT);
            };
            case Decimal decimal -> "decimal(" + decimal.precision() + "," + decimal.scale() + ")";
            case ListOf list -> "array<" + format(list.element()) + ">";
            case MapOf map -> "map<" + format(map.key()) + ", " + format(map.value()) + ">";
            case Struct struct -> {
                StringBuilder text = new StringBuilder("struct<");
                for (int i = 0; i < struct.fields().size(); i++) {
                    Field field = struct.fields().get(i);
                    text.append(i == 0 ? "" : ", ").append(field.name()).append(": ").append(format(field.type()));
                }
                yield text.append(">").toString();
            }
        };
    }

    /** The Iceberg type; nested fields take their ids from {@code ids}. */
    public static org.apache.iceberg.types.Type iceberg(ColumnType type, java.util.concurrent.atomic.AtomicInteger ids) {
        return switch (type) {
            case ColumnType.Simple simple -> switch (simple.primitive()) {
                case BOOLEAN -> org.apache.iceberg.types.Types.BooleanType.get();
                case INT -> org.apache.iceberg.types.Types.IntegerType.get();
                case BIGINT -> org.apache.iceberg.types.Types.LongType.get();
                case REAL -> org.apache.iceberg.types.Types.FloatType.get();
                case DOUBLE -> org.apache.iceberg.types.Types.DoubleType.get();
                case DATE -> org.apache.iceberg.types.Types.DateType.get();
                case TIME -> org.apache.iceberg.types.Types.TimeType.get();
                case TIMESTAMP -> org.apache.iceberg.types.Types.TimestampType.withoutZone();
                case TIMESTAMPTZ -> org.apache.iceberg.types.Types.TimestampType.withZone();
                case STRING -> org.apache.iceberg.types.Types.StringType.get();
                case UUID -> org.apache.iceberg.types.Types.UUIDType.get();
                case BINARY -> org.apache.iceberg.types.Types.BinaryType.get();
            };
            case ColumnType.Decimal decimal -> org.apache.iceberg.types.Types.DecimalType.of(decimal.precision(), decimal.scale());
            case ColumnType.ListOf list -> org.apache.iceberg.types.Types.ListType.ofOptional(ids.incrementAndGet(), iceberg(list.element(), ids));
            case ColumnType.MapOf map -> {
                int key = ids.incrementAndGet();
                int value = ids.incrementAndGet();
                yield org.apache.iceberg.types.Types.MapType.ofOptional(key, value, iceberg(map.key(), ids), iceberg(map.value(), ids));
            }
            case ColumnType.Struct struct -> {
                List<org.apache.iceberg.types.Types.NestedField> fields = new ArrayList<>();
                for (ColumnType.Field field : struct.fields()) {
                    fields.add(org.apache.iceberg.types.Types.NestedField.optional(ids.incrementAndGet(), field.name(), iceberg(field.type(), ids)));
                }
                yield org.apache.iceberg.types.Types.StructType.of(fields);
            }
        };
    }

    /** Parses a type; throws {@link IllegalArgumentException} with what was expected where. */
    public static ColumnType parse(String text) {
        TypeParser parser = new TypeParser(text);
        ColumnType type = parser.type();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw parser.error("unexpected '" + parser.rest() + "'");
        }
        return type;
    }

    /** A small recursive-descent reader of type names. */
    final class TypeParser {
        private final String text;
        private int position;

        TypeParser(String text) {
            this.text = text;
        }

        ColumnType type() {
            String word = word().toLowerCase(Locale.ROOT);
            return switch (word) {
                case "boolean", "bool" -> simple(Primitive.BOOLEAN);
                case "int", "integer", "smallint", "tinyint" -> simple(Primitive.INT);
                case "bigint", "long" -> simple(Primitive.BIGINT);
                case "real", "float" -> simple(Primitive.REAL);
                case "double" -> {
                    if (peekWord().equalsIgnoreCase("precision")) {
                        word();
                    }
                    yield simple(Primitive.DOUBLE);
                }
                case "date" -> simple(Primitive.DATE);
                case "time" -> simple(Primitive.TIME);
                case "timestamp" -> withTimeZone() ? simple(Primitive.TIMESTAMPTZ) : simple(Primitive.TIMESTAMP);
                case "timestamptz" -> simple(Primitive.TIMESTAMPTZ);
                case "string", "varchar", "char", "text" -> {
                    if (accept('(')) {
                        number();
                        expect(')');
                    }
                    yield simple(Primitive.STRING);
                }
                case "uuid" -> simple(Primitive.UUID);
                case "binary", "varbinary" -> simple(Primitive.BINARY);
                case "decimal", "numeric" -> {
                    int precision = 38;
                    int scale = 0;
                    if (accept('(')) {
                        precision = number();
                        if (accept(',')) {
                            scale = number();
                        }
                        expect(')');
                    }
                    if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
                        throw error("decimal(" + precision + "," + scale + ") needs 1 <= precision <= 38 and 0 <= scale <= precision");
                    }
                    yield new Decimal(precision, scale);
                }
                case "array", "list" -> {
                    expect('<');
                    ColumnType element = type();
                    expect('>');
                    yield new ListOf(element);
                }
                case "map" -> {
                    expect('<');
                    ColumnType key = type();
                    expect(',');
                    ColumnType value = type();
                    expect('>');
                    yield new MapOf(key, value);
                }
                case "struct" -> {
                    expect('<');
                    List<Field> fields = new ArrayList<>();
                    do {
                        String name = word();
                        if (name.isEmpty()) {
                            throw error("expected a field name");
                        }
                        accept(':');
                        fields.add(new Field(name, type()));
                    } while (accept(','));
                    expect('>');
                    yield new Struct(fields);
                }
                case "" -> throw error("expected a type");
                default -> throw error("unknown type '" + word + "'; use boolean, int, bigint, real, double, decimal(p,s), date, time, "
                        + "timestamp, timestamptz, string, uuid, binary, array<…>, map<…,…> or struct<name: type, …>");
            };
        }

        private boolean withTimeZone() {
            int mark = position;
            if (peekWord().equalsIgnoreCase("with")) {
                word();
                if (word().equalsIgnoreCase("time") && word().equalsIgnoreCase("zone")) {
                    return true;
                }
                throw error("expected 'timestamp with time zone'");
            }
            position = mark;
            return false;
        }

        private static ColumnType simple(Primitive primitive) {
            return new Simple(primitive);
        }

        void skipSpaces() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        boolean atEnd() {
            return position >= text.length();
        }

        String rest() {
            return text.substring(position);
        }

        private String word() {
            skipSpaces();
            int start = position;
            while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
                position++;
            }
            return text.substring(start, position);
        }

        private String peekWord() {
            int mark = position;
            String word = word();
            position = mark;
            return word;
        }

        private int number() {
            String digits = word();
            try {
                return Integer.parseInt(digits);
            }
            catch (NumberFormatException e) {
                throw error("expected a number, found '" + digits + "'");
            }
        }

        private boolean accept(char c) {
            skipSpaces();
            if (position < text.length() && text.charAt(position) == c) {
                position++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!accept(c)) {
                throw error("expected '" + c + "'" + (atEnd() ? " at the end" : " before '" + rest() + "'"));
            }
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException("type '" + text + "': " + message);
        }
    }
}
