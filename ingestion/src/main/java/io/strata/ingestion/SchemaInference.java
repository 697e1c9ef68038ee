package io.strata.ingestion;

import io.strata.lake.ColumnType;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A schema for an ingest asset that declares no columns, from the first {@value #SAMPLE} records of its
 * first file: whole numbers → bigint, other numbers → double, true/false → boolean, ISO dates → date,
 * ISO timestamps → timestamp (timestamptz with a zone), objects → struct, arrays → array, anything else
 * or mixed → string. {@code strata ingest-schema NAME} prints it as YAML to freeze in the declaration.
 */
public final class SchemaInference {
    static final int SAMPLE = 1000;
    /** Reads sample timestamps the way ingestion will. */
    private static final Values TIMESTAMPS = new Values(ZoneOffset.UTC, new ObjectMapper());

    private SchemaInference() {
    }

    public static List<IngestDeclaration.Column> infer(IngestDeclaration declaration, SourceFile file, ObjectMapper json) throws IOException {
        if (declaration.source().format() == IngestDeclaration.Format.PARQUET) {
            return ParquetSources.columns(file, declaration);
        }
        Map<String, ColumnType> types = new LinkedHashMap<>();
        try (InputStream in = file.open()) {
            switch (declaration.source().format()) {
                case CSV -> csv(declaration, file, in, types);
                case JSONL -> {
                    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                    int seen = 0;
                    for (String line = lines.readLine(); line != null && seen < SAMPLE; line = lines.readLine()) {
                        try {
                            JsonNode node = json.readTree(line);
                            if (node != null && node.isObject()) {
                                mergeObject(types, node);
                                seen++;
                            }
                        }
                        catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                            // A malformed line says nothing about the schema; it will be rejected when ingested.
                        }
                    }
                }
                case JSON -> {
                    try (JsonParser parser = json.getFactory().createParser(in)) {
                        JsonToken first = parser.nextToken();
                        if (first == JsonToken.START_OBJECT) {
                            mergeObject(types, json.readTree(parser));
                        }
                        else if (first == JsonToken.START_ARRAY) {
                            for (int seen = 0; seen < SAMPLE && parser.nextToken() == JsonToken.START_OBJECT; seen++) {
                                mergeObject(types, json.readTree(parser));
                            }
                        }
                    }
                }
                case PARQUET -> throw new IllegalStateException("parquet schemas are read from the file's footer");
                case JDBC -> throw new IllegalStateException("a database source's columns come from the database's metadata (JdbcTypes)");
                case LINES -> {
                    IngestAsset.LineParser parser = declaration.parser().orElseThrow(() -> new IOException("format lines needs a line parser"));
                    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                    int seen = 0;
                    for (String line = lines.readLine(); line != null && seen < SAMPLE; line = lines.readLine()) {
                        try {
                            Map<String, Object> fields = line.isBlank() ? null : parser.parse(line);
                            if (fields != null) {
                                mergeObject(types, json.valueToTree(FileIngest.plain(fields)));
                                seen++;
                            }
                        }
                        catch (IngestAsset.Reject | RuntimeException e) {
                            // A line the parser refuses says nothing about the schema; it will be rejected when ingested.
                        }
                    }
                }
            }
        }
        if (types.isEmpty()) {
            throw new IOException("cannot infer columns from " + file.name() + ": no records; declare the columns");
        }
        List<IngestDeclaration.Column> columns = new ArrayList<>();
        types.forEach((name, type) -> columns.add(new IngestDeclaration.Column(name, type == null ? string() : type, declaration.location())));
        return columns;
    }

    private static void csv(IngestDeclaration declaration, SourceFile file, InputStream in, Map<String, ColumnType> types) throws IOException {
        if ("false".equalsIgnoreCase(String.valueOf(declaration.source().options().getOrDefault("header", "true")))) {
            throw new IOException("a csv source without a header needs declared columns");
        }
        Map<String, Object> options = declaration.source().options();
        char delimiter = String.valueOf(options.getOrDefault("delimiter", ",")).charAt(0);
        char quote = String.valueOf(options.getOrDefault("quote", "\"")).charAt(0);
        try (CsvRecords records = new CsvRecords(new InputStreamReader(in, StandardCharsets.UTF_8), delimiter, quote)) {
            records.skipLines(Integer.parseInt(String.valueOf(options.getOrDefault("skip_lines", "0"))));
            if (!records.next()) {
                return;
            }
            if (records.malformed() != null) {
                throw new IOException(file.name() + ":" + records.line() + ": the header cannot be read: " + records.malformed());
            }
            List<String> names = records.fields().stream().map(String::strip).toList();
            names.forEach(name -> types.put(name, null));
            for (int seen = 0; seen < SAMPLE && records.next(); seen++) {
                // A malformed record is a reject when the file is ingested; it says nothing of the types.
                for (int i = 0; records.malformed() == null && i < Math.min(names.size(), records.fieldCount()); i++) {
                    String value = records.field(i).strip();
                    if (!value.isEmpty()) {
                        types.put(names.get(i), merge(types.get(names.get(i)), ofText(value)));
                    }
                }
            }
        }
    }

    private static void mergeObject(Map<String, ColumnType> types, JsonNode object) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            types.put(field.getKey(), merge(types.get(field.getKey()), of(field.getValue())));
        }
    }

    private static ColumnType of(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return new ColumnType.Simple(ColumnType.Primitive.BIGINT);
        }
        if (node.isNumber()) {
            return new ColumnType.Simple(ColumnType.Primitive.DOUBLE);
        }
        if (node.isBoolean()) {
            return new ColumnType.Simple(ColumnType.Primitive.BOOLEAN);
        }
        if (node.isTextual()) {
            ColumnType text = ofText(node.textValue());
            return text instanceof ColumnType.Simple simple && (simple.primitive() == ColumnType.Primitive.DATE
                    || simple.primitive() == ColumnType.Primitive.TIMESTAMP || simple.primitive() == ColumnType.Primitive.TIMESTAMPTZ) ? text : string();
        }
        if (node.isArray()) {
            ColumnType element = null;
            for (JsonNode item : node) {
                element = merge(element, of(item));
            }
            return new ColumnType.ListOf(element == null ? string() : element);
        }
        if (node.isObject()) {
            Map<String, ColumnType> fields = new LinkedHashMap<>();
            mergeObject(fields, node);
            return struct(fields);
        }
        return string();
    }

    private static ColumnType ofText(String value) {
        if (value.matches("[-+]?\\d{1,18}")) {
            return new ColumnType.Simple(ColumnType.Primitive.BIGINT);
        }
        if (value.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return new ColumnType.Simple(ColumnType.Primitive.DOUBLE);
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return new ColumnType.Simple(ColumnType.Primitive.BOOLEAN);
        }
        if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
            try {
                LocalDate.parse(value);
                return new ColumnType.Simple(ColumnType.Primitive.DATE);
            }
            catch (java.time.DateTimeException e) {
                return string();
            }
        }
        if (value.matches("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}.*")) {
            try {
                TIMESTAMPS.fromText(value, org.apache.iceberg.types.Types.TimestampType.withoutZone(), "sample");
                boolean zoned = value.matches(".*(Z|[+-]\\d{2}:?\\d{2}|\\])$");
                return new ColumnType.Simple(zoned ? ColumnType.Primitive.TIMESTAMPTZ : ColumnType.Primitive.TIMESTAMP);
            }
            catch (Values.Misfit e) {
                return string();
            }
        }
        return string();
    }

    private static ColumnType merge(ColumnType a, ColumnType b) {
        if (a == null) {
            return b;
        }
        if (b == null || a.equals(b)) {
            return a;
        }
        if (a instanceof ColumnType.Simple x && b instanceof ColumnType.Simple y) {
            var numbers = java.util.Set.of(ColumnType.Primitive.BIGINT, ColumnType.Primitive.DOUBLE);
            if (numbers.contains(x.primitive()) && numbers.contains(y.primitive())) {
                return new ColumnType.Simple(ColumnType.Primitive.DOUBLE);
            }
            var times = java.util.Set.of(ColumnType.Primitive.TIMESTAMP, ColumnType.Primitive.TIMESTAMPTZ);
            if (times.contains(x.primitive()) && times.contains(y.primitive())) {
                return new ColumnType.Simple(ColumnType.Primitive.TIMESTAMPTZ);
            }
        }
        if (a instanceof ColumnType.Struct x && b instanceof ColumnType.Struct y) {
            Map<String, ColumnType> fields = new LinkedHashMap<>();
            x.fields().forEach(field -> fields.put(field.name(), field.type()));
            y.fields().forEach(field -> fields.put(field.name(), merge(fields.get(field.name()), field.type())));
            return struct(fields);
        }
        if (a instanceof ColumnType.ListOf x && b instanceof ColumnType.ListOf y) {
            return new ColumnType.ListOf(merge(x.element(), y.element()));
        }
        return string();
    }

    private static ColumnType struct(Map<String, ColumnType> fields) {
        List<ColumnType.Field> list = new ArrayList<>();
        fields.forEach((name, type) -> list.add(new ColumnType.Field(name, type == null ? string() : type)));
        return new ColumnType.Struct(list);
    }

    private static ColumnType string() {
        return new ColumnType.Simple(ColumnType.Primitive.STRING);
    }

    /** The columns as the YAML of a declaration, to freeze an inferred schema. */
    public static String yaml(List<IngestDeclaration.Column> columns) {
        StringBuilder yaml = new StringBuilder("columns:\n");
        for (IngestDeclaration.Column column : columns) {
            yaml.append("  - {name: ").append(column.name()).append(", type: \"").append(ColumnType.format(column.type())).append("\"}\n");
        }
        return yaml.toString();
    }

    /** The columns inferred from the first file the declaration's source matches (relative to the project root). */
    public static List<IngestDeclaration.Column> inferFromFiles(SourceFiles sources, IngestDeclaration declaration) throws IOException {
        if (declaration.database().isPresent()) {
            return fromDatabase(sources.root(), declaration, declaration.database().get());
        }
        List<SourceFile> files = sources.matching(declaration.source().path());
        if (files.isEmpty()) {
            throw new IOException(declaration.location().file() + ":" + declaration.location().line() + ": no file matches '"
                    + declaration.source().path() + "'");
        }
        return infer(declaration, files.getFirst(), new ObjectMapper());
    }

    /** A database source's columns, as its metadata types them (no row is read). */
    private static List<IngestDeclaration.Column> fromDatabase(java.nio.file.Path root, IngestDeclaration declaration, JdbcSource declared) throws IOException {
        JdbcSource source;
        try {
            source = declared.resolve(System::getenv);
        }
        catch (IllegalArgumentException e) {
            throw new IOException("ingest asset '" + declaration.name() + "': " + e.getMessage() + ", which its jdbc source names", e);
        }
        try (JdbcIngest database = JdbcIngest.connect(declaration.name(), source, root.resolve(JdbcIngest.DRIVERS))) {
            return database.columns();
        }
        catch (java.sql.SQLException e) {
            throw new IOException("ingest asset '" + declaration.name() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Writes the columns into the declaration's YAML file, under the asset's {@code name:} line, so that the
     * schema is frozen: later files are read with it, and a file that does not fit it shows up as rejects.
     */
    public static void freeze(java.nio.file.Path root, IngestDeclaration declaration, List<IngestDeclaration.Column> columns) throws IOException {
        String where = declaration.location().file() + ":" + declaration.location().line();
        if (!declaration.columns().isEmpty()) {
            throw new IOException(where + ": ingest asset '" + declaration.name() + "' already declares its columns; remove them to infer them again");
        }
        java.nio.file.Path file = root.resolve(declaration.location().file());
        List<String> lines = new ArrayList<>(java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8));
        int index = declaration.location().line() - 1;
        String line = index >= 0 && index < lines.size() ? lines.get(index) : "";
        int name = line.indexOf("name:");
        if (name < 0 || line.lastIndexOf('{', name) >= 0) {
            throw new IOException(where + ": ingest asset '" + declaration.name() + "' is not written as a block mapping (- name: …, one key per line);"
                    + " add the printed columns by hand");
        }
        String indent = " ".repeat(name);
        List<String> block = new ArrayList<>();
        yaml(columns).lines().forEach(text -> block.add(indent + text));
        lines.addAll(index + 1, block);
        java.nio.file.Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
