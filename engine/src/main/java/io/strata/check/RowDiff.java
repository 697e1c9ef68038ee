package io.strata.check;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The difference between the rows a unit test expects and those its model returned, compared as multisets (order does
 * not matter, duplicates do) on normalised values: numbers by value ({@code 1}, {@code 1.0} and {@code 1.00} are one),
 * dates and timestamps by their ISO text ({@code 2024-01-01 10:00:00}).
 *
 * @param columns the compared columns, in order
 * @param missing the expected rows the model did not return, each value normalised (null for SQL's NULL)
 * @param unexpected the rows the model returned that were not expected
 */
public record RowDiff(List<String> columns, List<List<String>> missing, List<List<String>> unexpected) {
    private static final String NULL = "null";

    public RowDiff {
        columns = List.copyOf(columns);
        missing = missing.stream().map(java.util.Collections::unmodifiableList).toList();
        unexpected = unexpected.stream().map(java.util.Collections::unmodifiableList).toList();
    }

    /** Compares the rows, each a list of values in the order of {@code columns}. */
    public static RowDiff compare(List<String> columns, List<List<Object>> expected, List<List<Object>> actual) {
        requireNonNull(columns, "columns");
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        expected.forEach(row -> counts.merge(normalise(row), 1, Integer::sum));
        List<List<String>> unexpected = new ArrayList<>();
        for (List<Object> row : actual) {
            List<String> normalised = normalise(row);
            Integer left = counts.get(normalised);
            if (left == null || left == 0) {
                unexpected.add(normalised);
            }
            else {
                counts.put(normalised, left - 1);
            }
        }
        List<List<String>> missing = new ArrayList<>();
        counts.forEach((row, left) -> {
            for (int i = 0; i < left; i++) {
                missing.add(row);
            }
        });
        return new RowDiff(columns, missing, unexpected);
    }

    public boolean matches() {
        return missing.isEmpty() && unexpected.isEmpty();
    }

    /**
     * A table of the rows that differ, as dbt shows a failed unit test: {@code -} marks an expected row the model did not
     * return, {@code +} a row it returned that was not expected; rows that differ in a few values stand next to each other.
     */
    public String table() {
        if (matches()) {
            return "actual matches expected";
        }
        List<List<String>> lines = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("");
        header.addAll(columns);
        lines.add(header);
        List<List<String>> rows = new ArrayList<>();
        missing.forEach(row -> rows.add(marked("-", row)));
        unexpected.forEach(row -> rows.add(marked("+", row)));
        Comparator<List<String>> byValues = (a, b) -> {
            for (int i = 1; i < Math.min(a.size(), b.size()); i++) {
                int compared = a.get(i).compareTo(b.get(i));
                if (compared != 0) {
                    return compared;
                }
            }
            return Integer.compare(a.size(), b.size());
        };
        rows.sort(byValues.thenComparing(row -> row.getFirst().equals("-") ? 0 : 1));
        lines.addAll(rows);
        int width = lines.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[width];
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder("actual differs from expected (- expected, not returned; + returned, not expected):\n\n");
        for (List<String> line : lines) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < line.size(); i++) {
                cells.add(line.get(i) + " ".repeat(widths[i] - line.get(i).length()));
            }
            text.append(String.join(" | ", cells).stripTrailing()).append('\n');
        }
        return text.toString();
    }

    private static List<String> marked(String mark, List<String> row) {
        List<String> line = new ArrayList<>();
        line.add(mark);
        line.addAll(row);
        return line;
    }

    private static List<String> normalise(List<Object> row) {
        return row.stream().map(RowDiff::normalise).toList();
    }

    /** One value as text that compares as the value does: numbers by value, times as ISO text, SQL's NULL as {@code null}. */
    static String normalise(Object value) {
        return switch (value) {
            case null -> NULL;
            case BigDecimal number -> plain(number);
            case Long number -> number.toString();
            case Integer number -> number.toString();
            case Short number -> number.toString();
            case Byte number -> number.toString();
            case BigInteger number -> number.toString();
            case Double number -> number.isNaN() || number.isInfinite() ? number.toString() : plain(BigDecimal.valueOf(number));
            case Float number -> number.isNaN() || number.isInfinite() ? number.toString() : plain(new BigDecimal(number.toString()));
            case Boolean bool -> bool.toString();
            case java.sql.Timestamp timestamp -> dateTime(timestamp.toLocalDateTime());
            case java.sql.Date date -> date.toLocalDate().toString();
            case java.sql.Time time -> time(time.toLocalTime());
            case LocalDateTime time -> dateTime(time);
            case LocalDate date -> date.toString();
            case LocalTime time -> time(time);
            case OffsetDateTime time -> dateTime(time.toLocalDateTime()) + " " + time.getOffset();
            case ZonedDateTime time -> dateTime(time.toLocalDateTime()) + " " + time.getZone();
            case byte[] bytes -> HexFormat.of().formatHex(bytes);
            default -> value.toString();
        };
    }

    private static String plain(BigDecimal number) {
        return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
    }

    private static String dateTime(LocalDateTime time) {
        return time.toLocalDate() + " " + time(time.toLocalTime());
    }

    /** {@code HH:mm:ss}, with the fraction of a second only as far as it is not zero. */
    private static String time(LocalTime time) {
        String text = String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
        if (time.getNano() == 0) {
            return text;
        }
        return text + "." + String.format("%09d", time.getNano()).replaceFirst("0+$", "");
    }
}
