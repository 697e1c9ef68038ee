package io.strata.ingestion;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads the common shapes of ISO dates and timestamps by hand, a few times faster than a
 * {@link java.time.format.DateTimeFormatter} with optional sections (which copies its parsed fields at every
 * optional part). Any other shape, and any impossible value, gives null: the caller then uses the
 * formatter, which accepts the rest and words the error.
 */
final class IsoTimes {
    /** A timestamp as written: local date and time, and the offset if the text had one. */
    record Timestamp(LocalDateTime local, ZoneOffset offset) {
    }

    private IsoTimes() {
    }

    /** {@code yyyy-MM-dd}, or null. */
    static LocalDate date(String text) {
        return text.length() == 10 ? date(text, 0) : null;
    }

    /**
     * {@code yyyy-MM-dd}, or that followed by {@code T} or a space, {@code HH:mm}, optional {@code :ss} and
     * {@code .fraction} (1-9 digits), and an optional {@code Z}, {@code ±HH:MM}, {@code ±HHMM} or {@code ±HH};
     * null for anything else.
     */
    static Timestamp timestamp(String text) {
        int length = text.length();
        LocalDate date = length >= 10 ? date(text, 0) : null;
        if (date == null) {
            return null;
        }
        if (length == 10) {
            return new Timestamp(date.atStartOfDay(), null);
        }
        char separator = text.charAt(10);
        if (length < 16 || separator != 'T' && separator != 't' && separator != ' ' || text.charAt(13) != ':') {
            return null;
        }
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = 0;
        int nano = 0;
        int position = 16;
        if (position < length && text.charAt(position) == ':') {
            second = position + 3 <= length ? digits(text, position + 1, 2) : -1;
            position += 3;
            if (second >= 0 && position < length && text.charAt(position) == '.') {
                int start = ++position;
                while (position < length && position - start < 9 && Character.isDigit(text.charAt(position))) {
                    position++;
                }
                if (position == start) {
                    return null;
                }
                nano = digits(text, start, position - start);
                for (int i = position - start; i < 9; i++) {
                    nano *= 10;
                }
            }
        }
        if (hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        ZoneOffset offset = null;
        if (position < length) {
            offset = offset(text, position);
            if (offset == null) {
                return null;
            }
        }
        try {
            return new Timestamp(date.atTime(hour, minute, second, nano), offset);
        }
        catch (DateTimeException e) {
            return null;
        }
    }

    private static LocalDate date(String text, int from) {
        if (text.charAt(from + 4) != '-' || text.charAt(from + 7) != '-') {
            return null;
        }
        int year = digits(text, from, 4);
        int month = digits(text, from + 5, 2);
        int day = digits(text, from + 8, 2);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        }
        catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code Z}, {@code ±HH:MM}, {@code ±HHMM} or {@code ±HH} filling the rest of the text, or null. */
    private static ZoneOffset offset(String text, int from) {
        int rest = text.length() - from;
        char sign = text.charAt(from);
        if (rest == 1 && (sign == 'Z' || sign == 'z')) {
            return ZoneOffset.UTC;
        }
        if (sign != '+' && sign != '-') {
            return null;
        }
        int hours = rest >= 3 ? digits(text, from + 1, 2) : -1;
        int minutes = switch (rest) {
            case 3 -> 0;
            case 5 -> digits(text, from + 3, 2);
            case 6 -> text.charAt(from + 3) == ':' ? digits(text, from + 4, 2) : -1;
            default -> -1;
        };
        if (hours < 0 || minutes < 0) {
            return null;
        }
        try {
            return sign == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes) : ZoneOffset.ofHoursMinutes(-hours, -minutes);
        }
        catch (DateTimeException e) {
            return null;
        }
    }

    /** The number the digits spell, or -1 if one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
