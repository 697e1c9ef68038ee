package io.strata.project;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A dbt unit test declared under {@code unit_tests:}: a model's SQL run on rows given for each of its inputs,
 * whose result must be the expected rows.
 *
 * @param name the test's name, unique for its model
 * @param model the name of the model it tests
 * @param description what it shows, as {@code description:} says
 * @param given the rows standing for each {@code ref}, {@code source} or {@code this} the model reads
 * @param expect the rows the model must return (only their columns are compared)
 * @param overrides the vars, macros and environment variables the model is rendered with
 * @param tags the tags of {@code config: {tags: …}}
 * @param enabled false when {@code config: {enabled: false}}
 * @param location where the test is declared
 * @param modelLocation where its {@code model:} is written
 */
public record UnitTestDefinition(String name, String model, Optional<String> description, List<Given> given, Rows expect,
                                 Overrides overrides, List<String> tags, boolean enabled, Location location, Location modelLocation) {
    private static final Pattern REF = Pattern.compile("\\s*ref\\(\\s*['\"]([^'\"]+)['\"]\\s*(?:,\\s*['\"]([^'\"]+)['\"]\\s*)?\\)\\s*");
    private static final Pattern SOURCE = Pattern.compile("\\s*source\\(\\s*['\"]([^'\"]+)['\"]\\s*,\\s*['\"]([^'\"]+)['\"]\\s*\\)\\s*");

    public UnitTestDefinition {
        requireNonNull(name, "name");
        requireNonNull(model, "model");
        requireNonNull(description, "description");
        given = List.copyOf(given);
        requireNonNull(expect, "expect");
        requireNonNull(overrides, "overrides");
        tags = List.copyOf(tags);
        requireNonNull(location, "location");
        requireNonNull(modelLocation, "modelLocation");
    }

    /** What a given's {@code input:} names. */
    public sealed interface Input {
        /** {@code ref('model')}. */
        record Ref(String model) implements Input {
            @Override
            public String toString() {
                return "ref('" + model + "')";
            }
        }

        /** {@code source('source', 'table')}. */
        record Source(String source, String table) implements Input {
            @Override
            public String toString() {
                return "source('" + source + "', '" + table + "')";
            }
        }

        /** {@code this}: the tested model's own table, which an incremental model reads. */
        record This() implements Input {
            @Override
            public String toString() {
                return "this";
            }
        }
    }

    /** How rows are written: a list of mappings, CSV text, or a SQL query. */
    public enum Format {
        DICT, CSV, SQL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Rows as a unit test writes them.
     *
     * @param rows for {@code dict} and {@code csv}: one mapping per row, column to value (a CSV value is its text,
     *        or null when the field is empty); a column missing from a row is null
     * @param columns the columns the rows name, in the order they first appear
     * @param sql for {@code sql}: the query
     */
    public record Rows(Format format, List<Map<String, Object>> rows, List<String> columns, String sql, Location location) {
        public Rows {
            requireNonNull(format, "format");
            rows = rows.stream().map(row -> java.util.Collections.unmodifiableMap(new LinkedHashMap<>(row))).toList();
            columns = List.copyOf(columns);
            requireNonNull(sql, "sql");
            requireNonNull(location, "location");
        }
    }

    /** The rows standing for one input of the model. */
    public record Given(Input input, Rows rows, Location location) {
        public Given {
            requireNonNull(input, "input");
            requireNonNull(rows, "rows");
            requireNonNull(location, "location");
        }
    }

    /**
     * What the model is rendered with instead of the project's: {@code vars}, {@code macros} (such as
     * {@code is_incremental: true}) and {@code env_vars}.
     */
    public record Overrides(Map<String, Object> vars, Map<String, Object> macros, Map<String, String> envVars, Location location) {
        public static Overrides none(Location location) {
            return new Overrides(Map.of(), Map.of(), Map.of(), location);
        }

        public Overrides {
            vars = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vars));
            macros = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(macros));
            envVars = Map.copyOf(envVars);
            requireNonNull(location, "location");
        }

        /** What {@code is_incremental()} returns, when the test says. */
        public Optional<Boolean> isIncremental() {
            return Optional.ofNullable(macros.get("is_incremental")).map(value -> Boolean.parseBoolean(value.toString()));
        }
    }

    /** Reads one entry of {@code unit_tests:}. */
    public static UnitTestDefinition parse(YamlNode.Mapping node) {
        String name = node.requireString("name", "a unit test");
        String model = node.requireString("model", "unit test '" + name + "'");
        List<Given> given = new ArrayList<>();
        for (YamlNode item : node.sequence("given")) {
            if (!(item instanceof YamlNode.Mapping mapping)) {
                throw new ProjectException(Diagnostic.error(item.location(),
                        "each entry of 'given' of unit test '" + name + "' must be a mapping (input: ref('…'), rows: …)"));
            }
            given.add(new Given(input(mapping, name), rows(mapping, name, "given " + mapping.string("input").orElse("")), mapping.location()));
        }
        YamlNode.Mapping expect = switch (node.get("expect").orElse(null)) {
            case YamlNode.Mapping mapping -> mapping;
            case null -> throw new ProjectException(Diagnostic.error(node.location(),
                    "unit test '" + name + "' needs 'expect:' with the rows the model must return"));
            default -> throw new ProjectException(Diagnostic.error(node.locationOf("expect"),
                    "'expect' of unit test '" + name + "' must be a mapping (rows: …)"));
        };
        if (expect.get("rows").isEmpty() && expect.get("fixture").isEmpty()) {
            throw new ProjectException(Diagnostic.error(expect.location(),
                    "'expect' of unit test '" + name + "' needs 'rows:' (an empty list expects no rows)"));
        }
        YamlNode.Mapping config = node.mapping("config");
        boolean enabled = !config.string("enabled").orElse("true").equalsIgnoreCase("false");
        return new UnitTestDefinition(name, model, node.string("description"), given, rows(expect, name, "expect"), overrides(node),
                tags(config), enabled, node.location(), node.locationOf("model"));
    }

    private static Input input(YamlNode.Mapping given, String test) {
        String text = given.string("input").orElseThrow(() -> new ProjectException(Diagnostic.error(given.location(),
                "each entry of 'given' of unit test '" + test + "' needs 'input:' (ref('model'), source('source', 'table') or this)")));
        if (text.trim().equals("this")) {
            return new Input.This();
        }
        Matcher ref = REF.matcher(text);
        if (ref.matches()) {
            return new Input.Ref(ref.group(2) != null ? ref.group(2) : ref.group(1));
        }
        Matcher source = SOURCE.matcher(text);
        if (source.matches()) {
            return new Input.Source(source.group(1), source.group(2));
        }
        throw new ProjectException(Diagnostic.error(given.locationOf("input"), "input '" + text + "' of unit test '" + test
                + "' must be ref('model'), source('source', 'table') or this"));
    }

    private static Rows rows(YamlNode.Mapping owner, String test, String what) {
        Location location = owner.get("rows").map(YamlNode::location).orElse(owner.location());
        String formatText = owner.string("format").orElse("dict");
        Format format = switch (formatText.toLowerCase(Locale.ROOT)) {
            case "dict" -> Format.DICT;
            case "csv" -> Format.CSV;
            case "sql" -> Format.SQL;
            default -> throw new ProjectException(Diagnostic.error(owner.locationOf("format"), "format '" + formatText + "' of " + what
                    + " in unit test '" + test + "' must be dict, csv or sql"));
        };
        if (owner.get("fixture").isPresent()) {
            throw new ProjectException(Diagnostic.error(owner.locationOf("fixture"), "fixture files of unit tests are not supported yet ("
                    + what + " in unit test '" + test + "'): write the rows inline under 'rows:'"));
        }
        YamlNode node = owner.get("rows").orElse(new YamlNode.Sequence(location, List.of()));
        return switch (format) {
            case DICT -> dictRows(node, test, what);
            case CSV -> csvRows(node, test, what);
            case SQL -> {
                if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
                    throw new ProjectException(Diagnostic.error(node.location(), "'rows' of " + what + " in unit test '" + test
                            + "' must be a SQL query, since its format is sql"));
                }
                yield new Rows(Format.SQL, List.of(), List.of(), scalar.text().strip().replaceAll(";+$", ""), location);
            }
        };
    }

    private static Rows dictRows(YamlNode node, String test, String what) {
        if (node instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            return new Rows(Format.DICT, List.of(), List.of(), "", node.location());
        }
        if (!(node instanceof YamlNode.Sequence sequence)) {
            throw new ProjectException(Diagnostic.error(node.location(), "'rows' of " + what + " in unit test '" + test
                    + "' must be a list of mappings ({id: 1, name: gerda}), since its format is dict"));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (YamlNode item : sequence.items()) {
            if (!(item instanceof YamlNode.Mapping row)) {
                throw new ProjectException(Diagnostic.error(item.location(), "each row of " + what + " in unit test '" + test
                        + "' must be a mapping of column to value ({id: 1, name: gerda})"));
            }
            Map<String, Object> values = new LinkedHashMap<>();
            row.entries().forEach((column, value) -> {
                if (value instanceof YamlNode.Scalar scalar) {
                    values.put(column, scalar.value());
                }
                else {
                    throw new ProjectException(Diagnostic.error(value.location(), "the value of column '" + column + "' in " + what
                            + " of unit test '" + test + "' must be a single value"));
                }
                if (!columns.contains(column)) {
                    columns.add(column);
                }
            });
            rows.add(values);
        }
        return new Rows(Format.DICT, rows, columns, "", node.location());
    }

    private static Rows csvRows(YamlNode node, String test, String what) {
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
            throw new ProjectException(Diagnostic.error(node.location(), "'rows' of " + what + " in unit test '" + test
                    + "' must be CSV text with a header line (rows: |), since its format is csv"));
        }
        List<CsvRecord> records;
        try (CsvReader<CsvRecord> reader = CsvReader.builder().allowExtraFields(true).allowMissingFields(true).ofCsvRecord(scalar.text())) {
            records = reader.stream().filter(record -> !(record.getFieldCount() == 1 && record.getField(0).isBlank())).toList();
        }
        catch (java.io.IOException | RuntimeException e) {
            throw new ProjectException(Diagnostic.error(node.location(), "the CSV rows of " + what + " in unit test '" + test
                    + "' cannot be read: " + e.getMessage()));
        }
        if (records.isEmpty()) {
            throw new ProjectException(Diagnostic.error(node.location(), "the CSV rows of " + what + " in unit test '" + test
                    + "' need a header line naming the columns"));
        }
        List<String> columns = records.getFirst().getFields().stream().map(String::strip).toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CsvRecord record : records.subList(1, records.size())) {
            if (record.getFieldCount() != columns.size()) {
                // A block scalar's text starts on the line after 'rows: |', the line YAML places the scalar at.
                Location at = new Location(node.location().file(), node.location().line() + (int) record.getStartingLineNumber(), 0);
                throw new ProjectException(Diagnostic.error(at, "a CSV row of " + what + " in unit test '" + test + "' has "
                        + record.getFieldCount() + " fields where the header names " + columns.size() + " columns"));
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                String field = record.getField(i).strip();
                values.put(columns.get(i), field.isEmpty() ? null : field);
            }
            rows.add(values);
        }
        return new Rows(Format.CSV, rows, columns, "", node.location());
    }

    private static Overrides overrides(YamlNode.Mapping node) {
        YamlNode.Mapping overrides = node.mapping("overrides");
        Map<String, String> envVars = new LinkedHashMap<>();
        overrides.mapping("env_vars").toPlain().forEach((key, value) -> envVars.put(key, value == null ? "" : value.toString()));
        return new Overrides(overrides.mapping("vars").toPlain(), overrides.mapping("macros").toPlain(), envVars, node.locationOf("overrides"));
    }

    private static List<String> tags(YamlNode.Mapping config) {
        return switch (config.get("tags").map(YamlNode::toPlain).orElse(null)) {
            case null -> List.of();
            case List<?> list -> list.stream().map(String::valueOf).toList();
            case Object single -> List.of(single.toString());
        };
    }
}
