package io.strata.ingestion;

import io.strata.lake.ColumnType;
import io.strata.partition.PartitionsDefinition;
import io.strata.project.AssetDeclarationReader;
import io.strata.project.ColumnDefinition;
import io.strata.project.CheckDefinition;
import io.strata.project.DeclaredAsset;
import io.strata.project.Diagnostic;
import io.strata.project.Materialization;
import io.strata.project.ModelConfig;
import io.strata.project.ProjectException;
import io.strata.project.YamlNode;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code ingest:} entries of the project's YAML files into bronze ingest assets. */
public final class IngestDeclarationReader implements AssetDeclarationReader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PERCENT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*%\\s*");
    private static final Set<String> KEYS = Set.of("name", "description", "source", "columns", "mode", "max_rejects",
            "partition_by", "partitioned_by", "timezone", "compact", "tags", "config", "deps", "tests", "data_tests", "meta");
    private static final Set<String> SOURCE_KEYS = Set.of("path", "format", "header", "delimiter", "quote", "escape",
            "compression", "encoding", "skip_lines", "null_values");
    private static final Set<String> DATABASE_SOURCE_KEYS = Set.of("jdbc", "cursor");
    private static final Set<String> JDBC_KEYS = Set.of("url", "user", "password", "table", "query", "fetch_size");
    private static final Pattern TABLE_NAME = Pattern.compile("(?:[A-Za-z_][A-Za-z0-9_$]*|\"[^\"]+\")(?:\\.(?:[A-Za-z_][A-Za-z0-9_$]*|\"[^\"]+\")){0,2}");

    @Override
    public String key() {
        return "ingest";
    }

    @Override
    public List<DeclaredAsset> read(YamlNode value) {
        if (!(value instanceof YamlNode.Sequence sequence)) {
            throw new ProjectException(Diagnostic.error(value.location(), "'ingest' must be a list of ingest assets (- name: …)"));
        }
        List<DeclaredAsset> assets = new ArrayList<>();
        List<Diagnostic> errors = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (YamlNode item : sequence.items()) {
            try {
                DeclaredAsset asset = readAsset(item, false);
                if (!names.add(asset.name())) {
                    errors.add(Diagnostic.error(item.location(), "ingest asset '" + asset.name() + "' is declared twice in this file"));
                }
                assets.add(asset);
            }
            catch (ProjectException e) {
                errors.addAll(e.diagnostics());
            }
        }
        if (!errors.isEmpty()) {
            throw new ProjectException(errors);
        }
        return assets;
    }

    /** Ingest assets declared in Java ({@link IngestAssets} on the class path), in the layer each names. */
    @Override
    public List<CodeDeclared> declaredInCode(String project) {
        List<CodeDeclared> declared = new ArrayList<>();
        for (IngestAssets assets : java.util.ServiceLoader.load(IngestAssets.class)) {
            if (!assets.project().equals(project)) {
                continue;
            }
            for (IngestAsset asset : assets.assets()) {
                declared.add(new CodeDeclared(asset.declare(assets.getClass()), asset.layer()));
            }
        }
        return declared;
    }

    /** One asset as a Java declaration writes it (the same keys as YAML); {@code format: lines} is allowed here. */
    static DeclaredAsset readInCode(YamlNode node) {
        return readAsset(node, true);
    }

    private static DeclaredAsset readAsset(YamlNode node, boolean inCode) {
        if (!(node instanceof YamlNode.Mapping entry)) {
            throw new ProjectException(Diagnostic.error(node.location(), "an ingest asset is a mapping: name, source, columns, …"));
        }
        String name = entry.requireString("name", "an ingest asset");
        if (!NAME.matcher(name).matches()) {
            throw new ProjectException(Diagnostic.error(entry.locationOf("name"),
                    "ingest asset name '" + name + "' must be letters, digits and underscores (it becomes a table name)"));
        }
        for (String key : entry.entries().keySet()) {
            if (!KEYS.contains(key)) {
                throw new ProjectException(Diagnostic.error(entry.locationOf(key), "ingest asset '" + name + "': unknown key '" + key
                        + "'; expected one of " + String.join(", ", new java.util.TreeSet<>(KEYS))));
            }
        }
        IngestDeclaration.Source source = source(entry, name);
        if (source.format() == IngestDeclaration.Format.LINES && !inCode) {
            throw new ProjectException(Diagnostic.error(entry.mapping("source").locationOf("format"), "format 'lines' of ingest asset '" + name
                    + "' needs a line parser, which only an ingest asset declared in Java has (io.strata.ingestion.IngestAsset)"));
        }
        List<ColumnDefinition> columns = ColumnDefinition.parseAll(entry);
        List<IngestDeclaration.Column> typed = new ArrayList<>();
        for (ColumnDefinition column : columns) {
            if (column.dataType().isEmpty()) {
                throw new ProjectException(Diagnostic.error(column.location(), "column '" + column.name()
                        + "' of ingest asset '" + name + "' needs a type (type: bigint, string, date, …)"));
            }
            try {
                typed.add(new IngestDeclaration.Column(column.name(), ColumnType.parse(column.dataType().get()), column.location()));
            }
            catch (IllegalArgumentException e) {
                throw new ProjectException(Diagnostic.error(column.location(), "column '" + column.name() + "': " + e.getMessage()));
            }
        }
        IngestDeclaration.Mode mode = switch (entry.string("mode").orElse("append").toLowerCase(Locale.ROOT)) {
            case "append" -> IngestDeclaration.Mode.APPEND;
            case "replace" -> IngestDeclaration.Mode.REPLACE;
            default -> throw new ProjectException(Diagnostic.error(entry.locationOf("mode"),
                    "mode of ingest asset '" + name + "' must be 'append' (new files only) or 'replace'"));
        };
        Optional<String> timeZone = entry.string("timezone");
        if (timeZone.isPresent()) {
            try {
                ZoneId.of(timeZone.get());
            }
            catch (DateTimeException e) {
                throw new ProjectException(Diagnostic.error(entry.locationOf("timezone"), "unknown time zone '" + timeZone.get()
                        + "'; use a region such as Europe/Berlin or an offset such as +01:00"));
            }
        }
        List<String> partitionBy = entry.sequence("partition_by").stream().map(item -> item.toPlain().toString()).toList();
        Set<String> columnNames = new LinkedHashSet<>();
        columns.forEach(column -> columnNames.add(column.name().toLowerCase(Locale.ROOT)));
        for (String transform : partitionBy) {
            String column = partitionColumn(transform);
            if (!columnNames.isEmpty() && !columnNames.contains(column.toLowerCase(Locale.ROOT))) {
                throw new ProjectException(Diagnostic.error(entry.locationOf("partition_by"), "partition_by '" + transform
                        + "' names column '" + column + "', which ingest asset '" + name + "' does not declare"));
            }
        }
        IngestDeclaration declaration = new IngestDeclaration(name, source, typed, mode, rejectLimit(entry, name),
                partitionBy, timeZone, Boolean.parseBoolean(entry.string("compact").orElse("false")), entry.location());
        if (source.format() == IngestDeclaration.Format.JDBC) {
            declaration = declaration.withDatabase(jdbc(entry, name, mode));
        }
        ModelConfig config = new ModelConfig(entry.mapping("config").toPlain());
        if (entry.get("partitioned_by").isPresent()) {
            config = config.with(Map.of(PartitionsDefinition.CONFIG, partitions(entry, name, source, columnNames, mode)));
        }
        List<Object> tags = entry.sequence("tags").stream().map(YamlNode::toPlain).toList();
        if (!tags.isEmpty()) {
            config = config.with(Map.of("tags", tags));
        }
        config = config.with(Map.of("materialized", Materialization.INGEST.label()));
        Set<String> deps = new LinkedHashSet<>();
        entry.sequence("deps").forEach(dep -> deps.add(dep.toPlain().toString()));
        return new DeclaredAsset(name, entry.string("description").orElse(""), config, deps, columns,
                CheckDefinition.parseAll(entry, Optional.empty()), entry.location(), declaration);
    }

    /**
     * The {@code partitioned_by} of an ingest asset, as a model's config holds it: windows or values, the column placing
     * each row, and the source path's placeholders placing each file. Refused at its line when malformed.
     */
    private static Map<String, Object> partitions(YamlNode.Mapping entry, String name, IngestDeclaration.Source source, Set<String> columns,
                                                  IngestDeclaration.Mode mode) {
        if (!(entry.get("partitioned_by").orElseThrow() instanceof YamlNode.Mapping declared)) {
            throw new ProjectException(Diagnostic.error(entry.locationOf("partitioned_by"), "partitioned_by of ingest asset '" + name
                    + "' is a mapping, as in {granularity: month, start: '2024-01-01', column: sale_date}"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) declared.toPlain();
        try {
            PartitionsDefinition definition = PartitionsDefinition.parse(settings).orElseThrow();
            if (!columns.isEmpty() && !columns.contains(definition.column().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(PartitionsDefinition.CONFIG + " 'column' names '" + definition.column()
                        + "', which the asset does not declare");
            }
            if (mode == IngestDeclaration.Mode.REPLACE) {
                throw new IllegalArgumentException("a partitioned ingest asset takes in its files partition by partition; mode: replace"
                        + " (every file read again whenever one changes) does not go with it");
            }
            FilePartitions.of(definition, source.path());
        }
        catch (IllegalArgumentException e) {
            throw new ProjectException(Diagnostic.error(entry.locationOf("partitioned_by"), "ingest asset '" + name + "': " + e.getMessage()));
        }
        return settings;
    }

    private static IngestDeclaration.Source source(YamlNode.Mapping entry, String name) {
        if (entry.get("source").isEmpty()) {
            throw new ProjectException(Diagnostic.error(entry.location(), "ingest asset '" + name + "' needs 'source: {path: …, format: …}'"));
        }
        YamlNode.Mapping source = entry.mapping("source");
        if (source.get("jdbc").isPresent()) {
            for (String key : source.entries().keySet()) {
                if (!DATABASE_SOURCE_KEYS.contains(key)) {
                    throw new ProjectException(Diagnostic.error(source.locationOf(key), "database source of ingest asset '" + name
                            + "': unknown key '" + key + "'; expected jdbc and, for incremental reads, cursor"));
                }
            }
            return new IngestDeclaration.Source("jdbc", IngestDeclaration.Format.JDBC, Map.of());
        }
        for (String key : source.entries().keySet()) {
            if (!SOURCE_KEYS.contains(key)) {
                throw new ProjectException(Diagnostic.error(source.locationOf(key), "source of ingest asset '" + name
                        + "': unknown option '" + key + "'; expected one of " + String.join(", ", new java.util.TreeSet<>(SOURCE_KEYS))));
            }
        }
        String path = source.requireString("path", "the source of ingest asset '" + name + "'");
        String formatName = source.string("format").orElseGet(() -> formatFromPath(path)).toLowerCase(Locale.ROOT);
        IngestDeclaration.Format format = switch (formatName) {
            case "csv" -> IngestDeclaration.Format.CSV;
            case "json" -> IngestDeclaration.Format.JSON;
            case "jsonl", "ndjson" -> IngestDeclaration.Format.JSONL;
            case "parquet" -> IngestDeclaration.Format.PARQUET;
            case "lines" -> IngestDeclaration.Format.LINES;
            default -> throw new ProjectException(Diagnostic.error(source.locationOf("format"), "format '" + formatName
                    + "' of ingest asset '" + name + "' is not csv, json, jsonl or parquet"));
        };
        Map<String, Object> options = new LinkedHashMap<>(source.toPlain());
        options.remove("path");
        options.remove("format");
        for (String single : List.of("delimiter", "quote", "escape")) {
            Object value = options.get(single);
            if (value != null && value.toString().length() != 1) {
                throw new ProjectException(Diagnostic.error(source.locationOf(single), single + " of ingest asset '" + name
                        + "' must be one character, not '" + value + "'"));
            }
        }
        return new IngestDeclaration.Source(path, format, options);
    }

    /** The {@code jdbc:} of a database source, checked: a table or a query, known keys, a cursor the query selects. */
    private static JdbcSource jdbc(YamlNode.Mapping entry, String name, IngestDeclaration.Mode mode) {
        YamlNode.Mapping source = entry.mapping("source");
        if (!(source.get("jdbc").orElseThrow() instanceof YamlNode.Mapping jdbc)) {
            throw new ProjectException(Diagnostic.error(source.locationOf("jdbc"), "jdbc of ingest asset '" + name
                    + "' is a mapping: {url: …, user: …, password: …, table: … or query: …}"));
        }
        String what = "the jdbc source of ingest asset '" + name + "'";
        for (String key : jdbc.entries().keySet()) {
            if (!JDBC_KEYS.contains(key)) {
                throw new ProjectException(Diagnostic.error(jdbc.locationOf(key), what + ": unknown key '" + key + "'; expected one of "
                        + String.join(", ", new java.util.TreeSet<>(JDBC_KEYS))));
            }
        }
        String url = jdbc.requireString("url", what);
        if (!url.startsWith("jdbc:") && !url.startsWith("${")) {
            throw new ProjectException(Diagnostic.error(jdbc.locationOf("url"), what + ": url '" + url
                    + "' is not a JDBC URL (jdbc:postgresql://host:5432/database)"));
        }
        Optional<String> table = jdbc.string("table");
        Optional<String> query = jdbc.string("query");
        if (table.isPresent() && query.isPresent()) {
            throw new ProjectException(Diagnostic.error(jdbc.locationOf("query"), what + " has both table and query; keep one"));
        }
        if (table.isEmpty() && query.isEmpty()) {
            throw new ProjectException(Diagnostic.error(jdbc.location(), what + " needs table (public.orders) or query (\"select … from …\")"));
        }
        if (table.isPresent() && !TABLE_NAME.matcher(table.get()).matches()) {
            throw new ProjectException(Diagnostic.error(jdbc.locationOf("table"), what + ": table '" + table.get()
                    + "' is not a table name (schema.table); for anything else use query"));
        }
        int fetchSize = JdbcSource.DEFAULT_FETCH_SIZE;
        if (jdbc.get("fetch_size").isPresent()) {
            try {
                fetchSize = Integer.parseInt(jdbc.string("fetch_size").orElseThrow().trim());
            }
            catch (NumberFormatException e) {
                fetchSize = 0;
            }
            if (fetchSize <= 0) {
                throw new ProjectException(Diagnostic.error(jdbc.locationOf("fetch_size"), what + ": fetch_size must be a positive number of rows, not '"
                        + jdbc.string("fetch_size").orElse("") + "'"));
            }
        }
        Optional<String> cursor = source.string("cursor");
        if (cursor.isPresent()) {
            if (!NAME.matcher(cursor.get()).matches()) {
                throw new ProjectException(Diagnostic.error(source.locationOf("cursor"), "cursor '" + cursor.get() + "' of ingest asset '" + name
                        + "' must be a column name"));
            }
            if (query.isPresent() && !selects(query.get(), cursor.get())) {
                throw new ProjectException(Diagnostic.error(source.locationOf("cursor"), "cursor '" + cursor.get() + "' of ingest asset '" + name
                        + "' is not a column of its query; select it (select …, " + cursor.get() + " from …)"));
            }
            if (mode == IngestDeclaration.Mode.REPLACE) {
                throw new ProjectException(Diagnostic.error(entry.locationOf("mode"), "ingest asset '" + name
                        + "' reads incrementally by its cursor; mode: replace (everything read again) does not go with it"));
            }
        }
        if (entry.get("partitioned_by").isPresent()) {
            throw new ProjectException(Diagnostic.error(entry.locationOf("partitioned_by"), "ingest asset '" + name
                    + "' reads a database; partitioned_by places files in partitions and does not apply"));
        }
        return new JdbcSource(url, jdbc.string("user"), jdbc.string("password"), table, query, fetchSize, cursor, jdbc.location());
    }

    /** Whether a query names the column as a word, or selects {@code *}: the database says for sure when the asset runs. */
    private static boolean selects(String query, String column) {
        String select = query.toLowerCase(Locale.ROOT);
        return select.contains("*") || Pattern.compile("(?<![A-Za-z0-9_])\"?" + Pattern.quote(column.toLowerCase(Locale.ROOT)) + "\"?(?![A-Za-z0-9_])")
                .matcher(select).find();
    }

    private static String formatFromPath(String path) {
        String lower = path.toLowerCase(Locale.ROOT).replaceAll("\\.(gz|gzip|zst|bz2)$", "");
        int dot = lower.lastIndexOf('.');
        return dot < 0 ? "" : lower.substring(dot + 1);
    }

    private static IngestDeclaration.RejectLimit rejectLimit(YamlNode.Mapping entry, String name) {
        Optional<String> limit = entry.string("max_rejects");
        if (limit.isEmpty()) {
            return IngestDeclaration.RejectLimit.NONE;
        }
        Matcher percent = PERCENT.matcher(limit.get());
        try {
            if (percent.matches()) {
                double value = Double.parseDouble(percent.group(1));
                if (value <= 100) {
                    return new IngestDeclaration.RejectLimit(0, value);
                }
            }
            else {
                long count = Long.parseLong(limit.get().trim());
                if (count >= 0) {
                    return new IngestDeclaration.RejectLimit(count, -1);
                }
            }
        }
        catch (NumberFormatException e) {
            // reported below
        }
        throw new ProjectException(Diagnostic.error(entry.locationOf("max_rejects"), "max_rejects of ingest asset '" + name
                + "' must be a count (10) or a percentage of the records read (\"1%\"), not '" + limit.get() + "'"));
    }

    /** The column a partition transform reads: {@code month(sale_date)} → {@code sale_date}, {@code bucket(16, id)} → {@code id}. */
    static String partitionColumn(String transform) {
        String inner = transform.trim();
        int open = inner.indexOf('(');
        if (open < 0 || !inner.endsWith(")")) {
            return inner;
        }
        String[] arguments = inner.substring(open + 1, inner.length() - 1).split(",");
        return arguments[arguments.length - 1].trim();
    }
}
