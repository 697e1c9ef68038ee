package io.strata.template;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;

/**
 * Python's {@code datetime} module as templates reach it ({@code modules.datetime}, {@code run_started_at}): its
 * {@code datetime}, {@code date} and {@code timedelta} values, printed and formatted ({@code strftime},
 * {@code isoformat}), added and subtracted as Python does.
 */
final class PythonDates {
    private PythonDates() {
    }

    /** {@code modules.datetime}: its {@code datetime} and {@code date} types, {@code date(year, month, day)} and {@code timedelta(...)}. */
    static final ContextObject MODULE = new ContextObject() {
        @Override
        public String typeName() {
            return "modules.datetime";
        }

        @Override
        public Object attribute(String name) {
            return switch (name) {
                case "datetime" -> DATETIME_TYPE;
                case "date" -> DATE_TYPE;
                default -> NO_ATTRIBUTE;
            };
        }

        @Override
        public Object call(String name, Object[] arguments) {
            if (name.equals("date")) {
                Arguments bound = Arguments.bind("date", arguments, 3, "year", "month", "day");
                int year = bound.integer(0, 0);
                int month = bound.integer(1, 0);
                int day = bound.integer(2, 0);
                try {
                    return new Date(LocalDate.of(year, month, day));
                }
                catch (DateTimeException e) {
                    throw PythonMethods.error("date(" + year + ", " + month + ", " + day + "): "
                            + (month < 1 || month > 12 ? "month must be in 1..12" : "day is out of range for month"));
                }
            }
            if (name.equals("timedelta")) {
                Arguments bound = Arguments.bind("timedelta", arguments, 0, "days", "seconds", "microseconds", "milliseconds", "minutes",
                        "hours", "weeks");
                long micros = Math.round(number(bound.value(0, 0)) * 86_400e6 + number(bound.value(1, 0)) * 1e6 + number(bound.value(2, 0))
                        + number(bound.value(3, 0)) * 1e3 + number(bound.value(4, 0)) * 60e6 + number(bound.value(5, 0)) * 3_600e6
                        + number(bound.value(6, 0)) * 7 * 86_400e6);
                return new Timedelta(Duration.ofNanos(micros * 1000));
            }
            throw noMethod(name);
        }
    };

    /** {@code datetime.datetime}: {@code now()}, {@code utcnow()}, {@code today()}, {@code fromisoformat(s)}. */
    private static final ContextObject DATETIME_TYPE = new ContextObject() {
        @Override
        public String typeName() {
            return "datetime.datetime";
        }

        @Override
        public Object call(String name, Object[] arguments) {
            return switch (name) {
                case "now", "today" -> {
                    Arguments.bind("datetime." + name, arguments, 0);
                    TemplateFunctions.differsEachCompilation();
                    yield new DateTime(LocalDateTime.now(), Optional.empty());
                }
                case "utcnow" -> {
                    Arguments.bind("datetime.utcnow", arguments, 0);
                    TemplateFunctions.differsEachCompilation();
                    yield new DateTime(LocalDateTime.now(ZoneOffset.UTC), Optional.empty());
                }
                case "fromisoformat" -> {
                    String text = Arguments.bind("datetime.fromisoformat", arguments, 1, "date_string").text(0);
                    try {
                        yield text.length() <= 10 ? new DateTime(LocalDate.parse(text).atStartOfDay(), Optional.empty())
                                : new DateTime(LocalDateTime.parse(text.replace(' ', 'T')), Optional.empty());
                    }
                    catch (DateTimeParseException e) {
                        throw PythonMethods.error("datetime.fromisoformat(): invalid isoformat string: '" + text + "'");
                    }
                }
                default -> throw noMethod(name);
            };
        }
    };

    /** {@code datetime.date}: {@code today()}, {@code fromisoformat(s)}. */
    private static final ContextObject DATE_TYPE = new ContextObject() {
        @Override
        public String typeName() {
            return "datetime.date";
        }

        @Override
        public Object call(String name, Object[] arguments) {
            return switch (name) {
                case "today" -> {
                    Arguments.bind("date.today", arguments, 0);
                    TemplateFunctions.differsEachCompilation();
                    yield new Date(LocalDate.now());
                }
                case "fromisoformat" -> {
                    String text = Arguments.bind("date.fromisoformat", arguments, 1, "date_string").text(0);
                    try {
                        yield new Date(LocalDate.parse(text));
                    }
                    catch (DateTimeParseException e) {
                        throw PythonMethods.error("date.fromisoformat(): invalid isoformat string: '" + text + "'");
                    }
                }
                default -> throw noMethod(name);
            };
        }
    };

    /** What {@link #arithmetic} gives when neither operand is a date, a datetime or a timedelta. */
    static final Object NOT_DATES = new Object();

    /**
     * Python's {@code left + right} ({@code addition}) or {@code left - right} where an operand is a date, a datetime
     * or a timedelta; {@link #NOT_DATES} when none is.
     */
    static Object arithmetic(boolean addition, Object left, Object right) {
        if (!(left instanceof ContextObject && isDateValue(left)) && !(right instanceof ContextObject && isDateValue(right))) {
            return NOT_DATES;
        }
        Object result = switch (left) {
            case DateTime time when right instanceof Timedelta delta ->
                    new DateTime(addition ? time.value().plus(delta.value()) : time.value().minus(delta.value()), time.offset());
            case Date date when right instanceof Timedelta delta ->
                    new Date(date.value().plusDays(addition ? delta.days() : -delta.days()));
            case Timedelta delta when right instanceof Timedelta other ->
                    new Timedelta(addition ? delta.value().plus(other.value()) : delta.value().minus(other.value()));
            case Timedelta delta when addition && right instanceof DateTime time -> new DateTime(time.value().plus(delta.value()), time.offset());
            case Timedelta delta when addition && right instanceof Date date -> new Date(date.value().plusDays(delta.days()));
            case DateTime time when !addition && right instanceof DateTime other && time.offset().isPresent() == other.offset().isPresent() ->
                    new Timedelta(Duration.between(other.instant(), time.instant()));
            case Date date when !addition && right instanceof Date other ->
                    new Timedelta(Duration.ofDays(other.value().until(date.value(), java.time.temporal.ChronoUnit.DAYS)));
            default -> null;
        };
        if (result == null) {
            throw PythonMethods.error("unsupported operand type(s) for " + (addition ? "+" : "-") + ": '" + typeOf(left) + "' and '" + typeOf(right) + "'");
        }
        return result;
    }

    private static boolean isDateValue(Object value) {
        return value instanceof DateTime || value instanceof Date || value instanceof Timedelta;
    }

    private static String typeOf(Object value) {
        return value instanceof ContextObject object ? "datetime." + object.typeName() : PythonValues.typeName(value);
    }

    /** {@code run_started_at}: the instant as an aware datetime in UTC, as dbt gives it. */
    static DateTime utc(Instant instant) {
        return new DateTime(LocalDateTime.ofInstant(instant, ZoneOffset.UTC), Optional.of(ZoneOffset.UTC));
    }

    private static double number(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw PythonMethods.error("timedelta(): unsupported type for timedelta component: " + PythonValues.typeName(value));
    }

    /** A Python {@code datetime}, naive (no offset) or aware. */
    record DateTime(LocalDateTime value, Optional<ZoneOffset> offset) implements ContextObject {
        @Override
        public String typeName() {
            return "datetime";
        }

        @Override
        public Object attribute(String name) {
            return switch (name) {
                case "year" -> (long) value.getYear();
                case "month" -> (long) value.getMonthValue();
                case "day" -> (long) value.getDayOfMonth();
                case "hour" -> (long) value.getHour();
                case "minute" -> (long) value.getMinute();
                case "second" -> (long) value.getSecond();
                case "microsecond" -> (long) value.get(ChronoField.MICRO_OF_SECOND);
                default -> NO_ATTRIBUTE;
            };
        }

        @Override
        public Object call(String name, Object[] arguments) {
            return switch (name) {
                case "strftime" -> strftime(Arguments.bind("datetime.strftime", arguments, 1, "format").text(0), value, offset);
                case "isoformat" -> {
                    Arguments bound = Arguments.bind("datetime.isoformat", arguments, 0, "sep");
                    yield text(bound.has(0) ? bound.text(0) : "T");
                }
                case "date" -> {
                    Arguments.bind("datetime.date", arguments, 0);
                    yield new Date(value.toLocalDate());
                }
                case "timestamp" -> {
                    Arguments.bind("datetime.timestamp", arguments, 0);
                    yield value.toEpochSecond(offset.orElse(ZoneOffset.UTC)) + value.getNano() / 1e9;
                }
                default -> throw noMethod(name);
            };
        }

        /** The instant, taking a naive datetime as UTC (only naive datetimes are subtracted from each other). */
        Instant instant() {
            return value.toInstant(offset.orElse(ZoneOffset.UTC));
        }

        private String text(String separator) {
            int micros = value.get(ChronoField.MICRO_OF_SECOND);
            return value.toLocalDate() + separator + String.format(Locale.ROOT, "%02d:%02d:%02d", value.getHour(), value.getMinute(), value.getSecond())
                    + (micros == 0 ? "" : String.format(Locale.ROOT, ".%06d", micros)) + offset.map(PythonDates::offsetText).orElse("");
        }

        /** Python's {@code str(datetime)}: {@code 2026-12-02 10:40:00.123456+00:00}. */
        @Override
        public String toString() {
            return text(" ");
        }
    }

    /** A Python {@code date}. */
    record Date(LocalDate value) implements ContextObject {
        @Override
        public String typeName() {
            return "date";
        }

        @Override
        public Object attribute(String name) {
            return switch (name) {
                case "year" -> (long) value.getYear();
                case "month" -> (long) value.getMonthValue();
                case "day" -> (long) value.getDayOfMonth();
                default -> NO_ATTRIBUTE;
            };
        }

        @Override
        public Object call(String name, Object[] arguments) {
            return switch (name) {
                case "strftime" -> strftime(Arguments.bind("date.strftime", arguments, 1, "format").text(0), value.atStartOfDay(), Optional.empty());
                case "isoformat" -> {
                    Arguments.bind("date.isoformat", arguments, 0);
                    yield value.toString();
                }
                default -> throw noMethod(name);
            };
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    /** A Python {@code timedelta}. */
    record Timedelta(Duration value) implements ContextObject {
        @Override
        public String typeName() {
            return "timedelta";
        }

        @Override
        public Object attribute(String name) {
            long micros = value.toNanos() / 1000;
            long days = Math.floorDiv(micros, 86_400_000_000L);
            long rest = micros - days * 86_400_000_000L;
            return switch (name) {
                case "days" -> days;
                case "seconds" -> rest / 1_000_000;
                case "microseconds" -> rest % 1_000_000;
                default -> NO_ATTRIBUTE;
            };
        }

        long days() {
            return (long) attribute("days");
        }

        @Override
        public Object call(String name, Object[] arguments) {
            if (name.equals("total_seconds")) {
                Arguments.bind("timedelta.total_seconds", arguments, 0);
                return value.toNanos() / 1e9;
            }
            throw noMethod(name);
        }

        /** Python's {@code str(timedelta)}: {@code 1 day, 2:03:04}. */
        @Override
        public String toString() {
            long days = days();
            long seconds = (long) attribute("seconds");
            long micros = (long) attribute("microseconds");
            String clock = String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                    + (micros == 0 ? "" : String.format(Locale.ROOT, ".%06d", micros));
            return days == 0 ? clock : days + (Math.abs(days) == 1 ? " day, " : " days, ") + clock;
        }
    }

    private static String offsetText(ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        return String.format(Locale.ROOT, "%s%02d:%02d", seconds < 0 ? "-" : "+", Math.abs(seconds) / 3600, Math.abs(seconds) / 60 % 60);
    }

    /** Python's {@code strftime} for the C standard's directives. */
    static String strftime(String format, LocalDateTime time, Optional<ZoneOffset> offset) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                text.append(c);
                continue;
            }
            char directive = format.charAt(++i);
            text.append(switch (directive) {
                case 'Y' -> String.format(Locale.ROOT, "%04d", time.getYear());
                case 'y' -> String.format(Locale.ROOT, "%02d", time.getYear() % 100);
                case 'm' -> String.format(Locale.ROOT, "%02d", time.getMonthValue());
                case 'd' -> String.format(Locale.ROOT, "%02d", time.getDayOfMonth());
                case 'H' -> String.format(Locale.ROOT, "%02d", time.getHour());
                case 'I' -> String.format(Locale.ROOT, "%02d", (time.getHour() + 11) % 12 + 1);
                case 'p' -> time.getHour() < 12 ? "AM" : "PM";
                case 'M' -> String.format(Locale.ROOT, "%02d", time.getMinute());
                case 'S' -> String.format(Locale.ROOT, "%02d", time.getSecond());
                case 'f' -> String.format(Locale.ROOT, "%06d", time.get(ChronoField.MICRO_OF_SECOND));
                case 'j' -> String.format(Locale.ROOT, "%03d", time.getDayOfYear());
                case 'a' -> time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'A' -> time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'w' -> String.valueOf(time.getDayOfWeek().getValue() % 7);
                case 'u' -> String.valueOf(time.getDayOfWeek().getValue());
                case 'b' -> time.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'B' -> time.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'z' -> offset.map(zone -> offsetText(zone).replace(":", "")).orElse("");
                case 'Z' -> offset.map(zone -> zone.getTotalSeconds() == 0 ? "UTC" : offsetText(zone)).orElse("");
                case 'F' -> time.toLocalDate().toString();
                case 'T' -> String.format(Locale.ROOT, "%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
                case '%' -> "%";
                default -> throw PythonMethods.error("strftime(): the directive '%" + directive + "' is not supported yet");
            });
        }
        return text.toString();
    }
}
