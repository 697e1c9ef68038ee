package io.strata.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Turns text (CSV fields) and JSON values into the Java values Iceberg's generic writer takes, or says why
 * they do not fit. Timestamps without a zone are read in the source zone; timestamps with a zone are kept
 * as instants, written in UTC.
 */
final class Values {
    /** ISO dates and times, with {@code T} or a space between, optional fraction and optional zone or offset. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendLiteral('[').appendZoneRegionId().appendLiteral(']').optionalEnd()
            .toFormatter(Locale.ROOT);

    private final ZoneId sourceZone;
    private final ObjectMapper json;

    /** The zone of timestamps written without one. */
    ZoneId zone() {
        return sourceZone;
    }

    Values(ZoneId sourceZone, ObjectMapper json) {
        this.sourceZone = sourceZone;
        this.json = json;
    }

    /** A value that does not fit its column: the reason goes to the rejects table. */
    static final class Misfit extends Exception {
        Misfit(String reason) {
            super(reason, null, false, false);
        }
    }

    Object fromText(String text, Type type, String column) throws Misfit {
        String value = text.strip();
        try {
            return switch (type.typeId()) {
                case BOOLEAN -> switch (value.toLowerCase(Locale.ROOT)) {
                    case "true", "t", "yes", "y", "1" -> Boolean.TRUE;
                    case "false", "f", "no", "n", "0" -> Boolean.FALSE;
                    default -> throw misfit(column, text, type);
                };
                case INTEGER -> Integer.parseInt(value);
                case LONG -> Long.parseLong(value);
                case FLOAT -> Float.parseFloat(value);
                case DOUBLE -> Double.parseDouble(value);
                case DECIMAL -> decimal(new BigDecimal(value), (Types.DecimalType) type, column, text);
                case DATE -> {
                    LocalDate date = IsoTimes.date(value);
                    yield date != null ? date : LocalDate.parse(value);
                }
                case TIME -> LocalTime.parse(value);
                case TIMESTAMP -> timestamp(value, (Types.TimestampType) type);
                case STRING -> text;
                case UUID -> UUID.fromString(value);
                case BINARY, FIXED -> ByteBuffer.wrap(Base64.getDecoder().decode(value));
                case STRUCT, LIST, MAP -> fromJson(json.readTree(value), type, column, null);
                default -> throw new Misfit("column " + column + ": type " + type + " cannot be read from text");
            };
        }
        catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException
               | com.fasterxml.jackson.core.JsonProcessingException e) {
            // Number formats, unparsable dates and times, bad UUIDs or base64, malformed nested JSON.
            throw misfit(column, text, type);
        }
    }

    /**
     * @param extra where fields the type does not have are put, by their path; null to ignore them
     */
    Object fromJson(JsonNode node, Type type, String path, ObjectNode extra) throws Misfit {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        switch (type.typeId()) {
            case STRUCT -> {
                if (!node.isObject()) {
                    throw new Misfit("field " + path + ": expected an object, found " + shortText(node));
                }
                Types.StructType struct = type.asStructType();
                GenericRecord record = GenericRecord.create(struct);
                fillStruct(record, struct, node, path, extra);
                return record;
            }
            case LIST -> {
                if (!node.isArray()) {
                    throw new Misfit("field " + path + ": expected an array, found " + shortText(node));
                }
                Type element = type.asListType().elementType();
                List<Object> values = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    values.add(fromJson(node.get(i), element, path + "[" + i + "]", extra));
                }
                return values;
            }
            case MAP -> {
                if (!node.isObject()) {
                    throw new Misfit("field " + path + ": expected an object, found " + shortText(node));
                }
                Map<Object, Object> values = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    values.put(fromText(field.getKey(), type.asMapType().keyType(), path + " key"),
                            fromJson(field.getValue(), type.asMapType().valueType(), path + "." + field.getKey(), extra));
                }
                return values;
            }
            case STRING -> {
                return node.isTextual() ? node.textValue() : node.toString();
            }
            case INTEGER, LONG -> {
                if (node.isIntegralNumber() && (type.typeId() == Type.TypeID.LONG ? node.canConvertToLong() : node.canConvertToInt())) {
                    return type.typeId() == Type.TypeID.LONG ? (Object) node.longValue() : (Object) node.intValue();
                }
                if (node.isTextual()) {
                    return fromText(node.textValue(), type, path);
                }
                throw misfit(path, node.toString(), type);
            }
            case FLOAT, DOUBLE, DECIMAL -> {
                if (node.isNumber()) {
                    return switch (type.typeId()) {
                        case FLOAT -> node.floatValue();
                        case DOUBLE -> node.doubleValue();
                        default -> decimal(node.decimalValue(), (Types.DecimalType) type, path, node.toString());
                    };
                }
                if (node.isTextual()) {
                    return fromText(node.textValue(), type, path);
                }
                throw misfit(path, node.toString(), type);
            }
            case BOOLEAN -> {
                if (node.isBoolean()) {
                    return node.booleanValue();
                }
                if (node.isTextual()) {
                    return fromText(node.textValue(), type, path);
                }
                throw misfit(path, node.toString(), type);
            }
            default -> {
                if (node.isTextual()) {
                    return fromText(node.textValue(), type, path);
                }
                throw misfit(path, node.toString(), type);
            }
        }
    }

    /** Sets each field of the struct from the object; fields the struct does not have go to {@code extra}. */
    void fillStruct(GenericRecord record, Types.StructType struct, JsonNode object, String path, ObjectNode extra) throws Misfit {
        List<Types.NestedField> fields = struct.fields();
        for (int i = 0; i < fields.size(); i++) {
            Types.NestedField field = fields.get(i);
            JsonNode value = object.get(field.name());
            record.set(i, fromJson(value, field.type(), path == null ? field.name() : path + "." + field.name(), extra));
        }
        if (extra != null) {
            for (Map.Entry<String, JsonNode> entry : object.properties()) {
                if (struct.field(entry.getKey()) == null) {
                    extra.set(path == null ? entry.getKey() : path + "." + entry.getKey(), entry.getValue());
                }
            }
        }
    }

    private Object timestamp(String value, Types.TimestampType type) {
        IsoTimes.Timestamp fast = IsoTimes.timestamp(value);
        if (fast != null) {
            if (!type.shouldAdjustToUTC()) {
                return fast.local();
            }
            return fast.offset() != null ? fast.local().atOffset(fast.offset()).withOffsetSameInstant(ZoneOffset.UTC)
                    : fast.local().atZone(sourceZone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        }
        TemporalAccessor parsed = TIMESTAMP.parse(value.length() == 10 ? value + "T00:00:00" : value);
        LocalDateTime local = LocalDateTime.of(LocalDate.from(parsed), LocalTime.from(parsed));
        ZoneId zone = parsed.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
                : java.util.Optional.ofNullable(parsed.query(java.time.temporal.TemporalQueries.zoneId())).orElse(sourceZone);
        if (type.shouldAdjustToUTC()) {
            return local.atZone(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        }
        return local;
    }

    static BigDecimal decimal(BigDecimal value, Types.DecimalType type, String column, String text) throws Misfit {
        BigDecimal scaled = value.setScale(type.scale(), RoundingMode.HALF_UP);
        if (scaled.precision() > type.precision()) {
            throw new Misfit("column " + column + ": '" + clip(text) + "' does not fit decimal(" + type.precision() + "," + type.scale() + ")");
        }
        return scaled;
    }

    private static Misfit misfit(String column, String text, Type type) {
        return new Misfit("column " + column + ": '" + clip(text) + "' is not " + describe(type));
    }

    private static String describe(Type type) {
        return switch (type.typeId()) {
            case BOOLEAN -> "a boolean";
            case INTEGER -> "an int";
            case LONG -> "a bigint";
            case FLOAT -> "a real";
            case DOUBLE -> "a double";
            case DECIMAL -> "a " + type;
            case DATE -> "a date (yyyy-mm-dd)";
            case TIME -> "a time (hh:mm:ss)";
            case TIMESTAMP -> "a timestamp (yyyy-mm-dd hh:mm:ss[.fff][+zone])";
            case UUID -> "a uuid";
            case BINARY, FIXED -> "base64 binary";
            default -> "a " + type;
        };
    }

    private static String shortText(JsonNode node) {
        return clip(node.toString());
    }

    private static String clip(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
