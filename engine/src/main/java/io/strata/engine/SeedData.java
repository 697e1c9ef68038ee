package io.strata.engine;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import io.strata.graph.Asset;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.ModelConfig;
import io.strata.project.ProjectException;
import io.strata.project.Relation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seed's CSV: header, rows, and a SQL type per column — declared in the seed's {@code column_types}
 * config (as dbt's), or else the narrowest of bigint, double, boolean, date, timestamp(6), timestamp(6) with time zone
 * and varchar that every value of the column fits. Empty values are NULL. A timestamp may be written ISO style
 * ({@code 2024-01-05T10:00:00.5Z}); its value is kept as SQL writes it ({@code 2024-01-05 10:00:00.5 +00:00}).
 *
 * @param quoteColumns {@code quote_columns}: the column names are quoted as written, keeping their case
 */
public record SeedData(List<String> columns, List<String> types, List<List<String>> rows, boolean quoteColumns) {
    private static final Pattern BIGINT = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DOUBLE = Pattern.compile("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final String LOCAL = "(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?)";
    private static final Pattern TIMESTAMP = Pattern.compile(LOCAL);
    private static final Pattern TIMESTAMP_WITH_ZONE = Pattern.compile(LOCAL + " ?(Z|[+-]\\d{2}(?::?\\d{2})?)");
    private static final String WITH_ZONE = "timestamp(6) with time zone";

    public SeedData {
        columns = List.copyOf(columns);
        types = List.copyOf(types);
        rows = List.copyOf(rows);
    }

    public SeedData(List<String> columns, List<String> types, List<List<String>> rows) {
        this(columns, types, rows, false);
    }

    /** The seed's file read as its config says: {@code column_types}, {@code delimiter} and {@code quote_columns}. */
    public static SeedData read(Path root, Asset seed) {
        ModelConfig config = seed.config();
        Map<String, Object> declared = new LinkedHashMap<>();
        if (config.values().get("column_types") instanceof Map<?, ?> types) {
            types.forEach((name, type) -> declared.put(String.valueOf(name), type));
        }
        return read(root.resolve(seed.path()), seed.path(), declared, delimiter(config, seed.path()),
                Boolean.TRUE.equals(config.values().get("quote_columns")) || "true".equalsIgnoreCase(config.string("quote_columns").orElse("")));
    }

    public static SeedData read(Path file, String displayPath, Map<String, Object> declaredTypes) {
        return read(file, displayPath, declaredTypes, ',', false);
    }

    /** @param delimiter the character between fields ({@code ,} by default, dbt's {@code delimiter} config) */
    public static SeedData read(Path file, String displayPath, Map<String, Object> declaredTypes, char delimiter, boolean quoteColumns) {
        List<String> header = null;
        List<List<String>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().fieldSeparator(delimiter)
                // Counted here instead, so that the error names the row's line.
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE).missingFieldStrategy(FieldMismatchStrategy.IGNORE).ofCsvRecord(file)) {
            for (CsvRecord record : reader) {
                if (header == null) {
                    header = record.getFields().stream().map(String::trim).toList();
                    continue;
                }
                if (record.getFieldCount() == 1 && record.getField(0).isEmpty()) {
                    continue;
                }
                if (record.getFieldCount() != header.size()) {
                    throw new ProjectException(Diagnostic.error(new Location(displayPath, (int) record.getStartingLineNumber(), 0),
                            "this row has " + record.getFieldCount() + " fields, the header " + header.size()
                                    + (delimiter == ',' ? "" : " (fields are separated by '" + delimiter + "', the seed's delimiter)")));
                }
                rows.add(record.getFields());
                lines.add((int) record.getStartingLineNumber());
            }
        }
        catch (IOException | RuntimeException e) {
            if (e instanceof ProjectException project) {
                throw project;
            }
            throw new ProjectException(Diagnostic.error(Location.of(displayPath), "cannot read the seed: " + e.getMessage()));
        }
        if (header == null || header.isEmpty()) {
            throw new ProjectException(Diagnostic.error(Location.of(displayPath), "a seed needs a header row naming its columns"));
        }
        List<String> types = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            Object declared = declaredTypes.get(header.get(i));
            types.add(declared != null ? declared.toString() : infer(rows, i));
        }
        return new SeedData(header, types, asSql(rows, header, types, displayPath, lines), quoteColumns);
    }

    /** {@code delimiter}: one character, {@code ,} when unset; {@code \t} stands for a tab. */
    private static char delimiter(ModelConfig config, String displayPath) {
        String written = config.string("delimiter").orElse(",");
        String delimiter = written.equals("\\t") ? "\t" : written;
        if (delimiter.length() != 1) {
            throw new ProjectException(Diagnostic.error(Location.of(displayPath), "delimiter='" + written
                    + "' must be one character, such as ';' or '|'"));
        }
        return delimiter.charAt(0);
    }

    private static String infer(List<List<String>> rows, int column) {
        List<String> values = rows.stream().map(row -> row.get(column)).filter(value -> !value.isEmpty()).toList();
        if (values.isEmpty()) {
            return "varchar";
        }
        if (all(values, value -> BIGINT.matcher(value).matches())) {
            return "bigint";
        }
        if (all(values, value -> DOUBLE.matcher(value).matches())) {
            return "double";
        }
        if (all(values, value -> BOOLEAN.matcher(value).matches())) {
            return "boolean";
        }
        if (all(values, value -> DATE.matcher(value).matches())) {
            return "date";
        }
        if (all(values, value -> TIMESTAMP.matcher(value).matches())) {
            return "timestamp(6)";
        }
        if (all(values, value -> TIMESTAMP_WITH_ZONE.matcher(value).matches())) {
            return WITH_ZONE;
        }
        return "varchar";
    }

    private static boolean all(List<String> values, Predicate<String> test) {
        return values.stream().allMatch(test);
    }

    /**
     * The rows with each timestamp as SQL writes it: a space between date and time, a zone as an offset after a space.
     * A value of a timestamp column declared without a zone that carries one is refused at its line: its zone would be lost.
     */
    private static List<List<String>> asSql(List<List<String>> rows, List<String> header, List<String> types, String displayPath,
                                            List<Integer> lines) {
        List<Integer> timestamps = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i).toLowerCase(Locale.ROOT).startsWith("timestamp")) {
                timestamps.add(i);
            }
        }
        if (timestamps.isEmpty()) {
            return rows;
        }
        List<List<String>> written = new ArrayList<>(rows.size());
        for (int row = 0; row < rows.size(); row++) {
            List<String> values = new ArrayList<>(rows.get(row));
            for (int column : timestamps) {
                String value = values.get(column);
                Matcher zoned = TIMESTAMP_WITH_ZONE.matcher(value);
                Matcher local = TIMESTAMP.matcher(value);
                if (zoned.matches()) {
                    if (!types.get(column).toLowerCase(Locale.ROOT).contains("zone")) {
                        throw new ProjectException(Diagnostic.error(new Location(displayPath, lines.get(row), 0), "'" + value + "' in column '"
                                + header.get(column) + "' has a time zone, but the column's type is " + types.get(column)
                                + ": declare it as timestamp(6) with time zone in column_types, or write the value without its zone"));
                    }
                    values.set(column, zoned.group(1) + " " + zoned.group(2) + " " + offset(zoned.group(3)));
                }
                else if (local.matches()) {
                    values.set(column, local.group(1) + " " + local.group(2));
                }
            }
            written.add(values);
        }
        return written;
    }

    /** {@code Z}, {@code +01}, {@code +0100} and {@code +01:00} as {@code +00:00} or {@code +01:00}. */
    private static String offset(String zone) {
        if (zone.equals("Z")) {
            return "+00:00";
        }
        String digits = zone.substring(1).replace(":", "");
        return zone.charAt(0) + digits.substring(0, 2) + ":" + (digits.length() > 2 ? digits.substring(2) : "00");
    }

    /** A column's name in SQL: quoted as written with {@code quote_columns}, otherwise only where the engine needs it. */
    public String column(int column) {
        String name = columns.get(column);
        return quoteColumns ? '"' + name.replace("\"", "\"\"") + '"' : Relation.quote(name);
    }

    /** Every column's name in SQL, in order. */
    public List<String> sqlColumns() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            names.add(column(i));
        }
        return names;
    }

    /** A value as a SQL literal of its column's type. */
    public String literal(String value, int column) {
        if (value.isEmpty()) {
            return "NULL";
        }
        String text = "'" + value.replace("'", "''") + "'";
        String type = types.get(column).toLowerCase(Locale.ROOT);
        return type.equals("varchar") ? text : "CAST(" + text + " AS " + types.get(column) + ")";
    }
}
