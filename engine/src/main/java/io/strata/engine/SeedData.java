package io.strata.engine;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.ProjectException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A seed's CSV: header, rows, and a SQL type per column — declared in the seed's {@code column_types}
 * config (as dbt's), or else the narrowest of bigint, double, boolean, date, timestamp(6) and varchar that
 * every value of the column fits. Empty values are NULL.
 */
public record SeedData(List<String> columns, List<String> types, List<List<String>> rows) {
    private static final Pattern BIGINT = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DOUBLE = Pattern.compile("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");

    public SeedData {
        columns = List.copyOf(columns);
        types = List.copyOf(types);
        rows = List.copyOf(rows);
    }

    public static SeedData read(Path file, String displayPath, Map<String, Object> declaredTypes) {
        List<String> header = null;
        List<List<String>> rows = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file)) {
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
                            "this row has " + record.getFieldCount() + " fields, the header " + header.size()));
                }
                rows.add(record.getFields());
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
        return new SeedData(header, types, rows);
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
        return "varchar";
    }

    private static boolean all(List<String> values, Predicate<String> test) {
        return values.stream().allMatch(test);
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
