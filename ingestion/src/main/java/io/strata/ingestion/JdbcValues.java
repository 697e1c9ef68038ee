package io.strata.ingestion;

import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns the Java values a JDBC driver returns into the values Iceberg's generic writer takes for the column's type, or
 * says why one does not fit (a number out of the column's range, a date Iceberg cannot hold such as PostgreSQL's
 * {@code infinity}). Anything else is read as its text, the way file ingestion reads a CSV field.
 */
final class JdbcValues {
    private final Values values;

    JdbcValues(Values values) {
        this.values = values;
    }

    Object convert(Object raw, Type type, String column) throws Values.Misfit {
        if (raw == null) {
            return null;
        }
        switch (type.typeId()) {
            case BOOLEAN -> {
                if (raw instanceof Boolean bool) {
                    return bool;
                }
            }
            case INTEGER, LONG -> {
                if (raw instanceof Number number) {
                    try {
                        BigInteger whole = exact(number).toBigIntegerExact();
                        return type.typeId() == Type.TypeID.INTEGER ? (Object) whole.intValueExact() : (Object) whole.longValueExact();
                    }
                    catch (ArithmeticException | NumberFormatException e) {
                        throw new Values.Misfit("column " + column + ": '" + number + "' does not fit " + (type.typeId() == Type.TypeID.INTEGER ? "int" : "bigint"));
                    }
                }
            }
            case FLOAT -> {
                if (raw instanceof Number number) {
                    return number.floatValue();
                }
            }
            case DOUBLE -> {
                if (raw instanceof Number number) {
                    return number.doubleValue();
                }
            }
            case DECIMAL -> {
                if (raw instanceof Number number) {
                    try {
                        return Values.decimal(exact(number), (Types.DecimalType) type, column, number.toString());
                    }
                    catch (NumberFormatException e) {
                        throw new Values.Misfit("column " + column + ": '" + number + "' is not a " + type);
                    }
                }
            }
            case DATE -> {
                if (raw instanceof LocalDate date) {
                    return inRange(date, date.getYear(), column);
                }
            }
            case TIME -> {
                if (raw instanceof LocalTime time) {
                    return time;
                }
            }
            case TIMESTAMP -> {
                boolean zoned = ((Types.TimestampType) type).shouldAdjustToUTC();
                if (raw instanceof LocalDateTime local) {
                    inRange(local, local.getYear(), column);
                    return zoned ? local.atZone(values.zone()).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC) : local;
                }
                if (raw instanceof OffsetDateTime instant) {
                    inRange(instant, instant.getYear(), column);
                    return zoned ? instant.withOffsetSameInstant(ZoneOffset.UTC) : instant.atZoneSameInstant(values.zone()).toLocalDateTime();
                }
            }
            case UUID -> {
                if (raw instanceof UUID uuid) {
                    return uuid;
                }
            }
            case BINARY, FIXED -> {
                if (raw instanceof byte[] bytes) {
                    return ByteBuffer.wrap(bytes);
                }
            }
            case LIST -> {
                if (raw instanceof List<?> list) {
                    Type element = type.asListType().elementType();
                    List<Object> converted = new ArrayList<>(list.size());
                    for (int i = 0; i < list.size(); i++) {
                        converted.add(convert(list.get(i), element, column + "[" + i + "]"));
                    }
                    return converted;
                }
            }
            case STRING -> {
                return text(raw);
            }
            default -> {
                // read from its text below
            }
        }
        return values.fromText(text(raw), type, column);
    }

    /** The value as text: numbers without exponent, bytes as base64, lists in brackets, anything else as the driver prints it. */
    static String text(Object raw) {
        return switch (raw) {
            case BigDecimal decimal -> decimal.toPlainString();
            case byte[] bytes -> java.util.Base64.getEncoder().encodeToString(bytes);
            case List<?> list -> list.stream().map(element -> element == null ? "null" : text(element))
                    .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
            default -> raw.toString();
        };
    }

    private static BigDecimal exact(Number number) {
        return switch (number) {
            case BigDecimal decimal -> decimal;
            case BigInteger integer -> new BigDecimal(integer);
            case Long value -> BigDecimal.valueOf(value);
            case Integer value -> BigDecimal.valueOf(value);
            case Short value -> BigDecimal.valueOf(value);
            case Byte value -> BigDecimal.valueOf(value);
            default -> new BigDecimal(number.toString());
        };
    }

    /** Iceberg keeps dates and times in years 1 to 9999 of the calendar the writers share; {@code infinity} maps outside. */
    private static <T> T inRange(T value, int year, String column) throws Values.Misfit {
        if (year < 1 || year > 9999) {
            throw new Values.Misfit("column " + column + ": '" + value + "' is outside the years 0001 to 9999");
        }
        return value;
    }
}
