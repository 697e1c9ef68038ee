package io.strata.ingestion;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one source file record by record (never the whole file), turning each into a row of the table or a
 * reject. A file that cannot be read to its end (truncated, not valid gzip, a JSON document cut off) fails
 * with its name: its rows are not half-ingested, because nothing of the asset is committed then.
 */
final class FileIngest {
    /** Where rows and rejects go. */
    interface Sink {
        /** A row made from the record at {@code line}; {@code raw} gives the record's text, should the row be rejected after all. */
        void row(Record row, long line, java.util.function.Supplier<String> raw) throws IOException;

        void reject(long line, String raw, String reason) throws IOException;
    }

    /** A file that cannot be read; the asset fails with this message. */
    static final class UnreadableFile extends IOException {
        UnreadableFile(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final IngestDeclaration declaration;
    private final Schema schema;
    private final Values values;
    private final ObjectMapper json;
    private final OffsetDateTime ingestedAt;
    private final List<Types.NestedField> declared;
    private final Set<String> declaredNames = new java.util.HashSet<>();
    private final int extraPosition;

    /**
     * @param schema the table's schema as {@link IcebergTypes#tableSchema} makes it: the declared columns, then
     *        {@code _extra}, {@code _source_file}, {@code _source_line}, {@code _ingested_at}
     */
    FileIngest(IngestDeclaration declaration, Schema schema, Values values, ObjectMapper json, OffsetDateTime ingestedAt) {
        this.declaration = declaration;
        this.schema = schema;
        this.values = values;
        this.json = json;
        this.ingestedAt = ingestedAt;
        this.extraPosition = schema.columns().size() - 4;
        this.declared = schema.columns().subList(0, extraPosition);
        declared.forEach(field -> declaredNames.add(field.name()));
    }

    /** Reads the file into the sink; returns the SHA-256 of the file as stored, taken on the same read. */
    String ingest(SourceFile file, Sink sink) throws IOException {
        MessageDigest digest = SourceFile.newDigest();
        try (InputStream in = file.open(digest)) {
            // The readers close what they read; the rest of the file (after a JSON array) is read here for the digest.
            InputStream body = new FilterInputStream(in) {
                @Override
                public void close() {
                }
            };
            switch (declaration.source().format()) {
                case CSV -> csv(file, body, sink);
                case JSONL -> jsonLines(file, body, sink);
                case JSON -> jsonArray(file, body, sink);
                case PARQUET -> parquet(file, in, sink);
                case LINES -> lines(file, body, sink);
                case JDBC -> throw new IllegalStateException("ingest asset " + declaration.name() + " reads a database, not files");
            }
            in.transferTo(OutputStream.nullOutputStream());
        }
        catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw truncated(file, e);
        }
        catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof java.io.EOFException || e.getCause() instanceof java.util.zip.ZipException) {
                throw truncated(file, e.getCause());
            }
            throw new UnreadableFile(file.name() + ": " + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static UnreadableFile truncated(SourceFile file, Throwable e) {
        return new UnreadableFile(file.name() + " is truncated or not valid " + (file.name().endsWith(".gz") ? "gzip" : "data")
                + ": " + e.getMessage(), e);
    }

    private Charset charset() {
        return Charset.forName(String.valueOf(declaration.source().options().getOrDefault("encoding", "UTF-8")));
    }

    private GenericRecord newRow(SourceFile file) {
        GenericRecord row = GenericRecord.create(schema);
        row.set(extraPosition + 1, file.name());
        row.set(extraPosition + 3, ingestedAt);
        return row;
    }

    private void csv(SourceFile file, InputStream in, Sink sink) throws IOException {
        Map<String, Object> options = declaration.source().options();
        boolean header = !"false".equalsIgnoreCase(String.valueOf(options.getOrDefault("header", "true")));
        Set<String> nulls = new java.util.HashSet<>();
        Object nullValues = options.getOrDefault("null_values", List.of(""));
        if (nullValues instanceof List<?> list) {
            list.forEach(value -> nulls.add(String.valueOf(value)));
        }
        else {
            nulls.add(String.valueOf(nullValues));
        }
        char delimiter = String.valueOf(options.getOrDefault("delimiter", ",")).charAt(0);
        char quote = String.valueOf(options.getOrDefault("quote", "\"")).charAt(0);
        int skip = Integer.parseInt(String.valueOf(options.getOrDefault("skip_lines", "0")));
        try (CsvRecords records = new CsvRecords(new InputStreamReader(in, charset()), delimiter, quote)) {
            records.skipLines(skip);
            int[] positions = new int[declared.size()];
            List<String> names = new ArrayList<>();
            int expected = declared.size();
            if (header) {
                if (!records.next()) {
                    return;
                }
                if (records.malformed() != null) {
                    throw new UnreadableFile(file.name() + ":" + records.line() + ": the header cannot be read: " + records.malformed(), null);
                }
                Map<String, Integer> byName = new HashMap<>();
                for (int i = 0; i < records.fieldCount(); i++) {
                    byName.putIfAbsent(records.field(i).strip().toLowerCase(Locale.ROOT), i);
                    names.add(records.field(i).strip());
                }
                for (int i = 0; i < declared.size(); i++) {
                    Integer position = byName.get(declared.get(i).name().toLowerCase(Locale.ROOT));
                    if (position == null) {
                        throw new UnreadableFile(file.name() + ":" + records.line() + ": the header has no column '"
                                + declared.get(i).name() + "' (it has " + String.join(", ", names) + ")", null);
                    }
                    positions[i] = position;
                }
                expected = records.fieldCount();
            }
            else {
                for (int i = 0; i < positions.length; i++) {
                    positions[i] = i;
                }
            }
            boolean[] known = new boolean[Math.max(expected, 0)];
            for (int position : positions) {
                if (position < known.length) {
                    known[position] = true;
                }
            }
            GenericRecord row = newRow(file);
            while (records.next()) {
                long line = records.line();
                if (records.malformed() != null) {
                    sink.reject(line, records.raw(), records.malformed());
                    continue;
                }
                if (records.fieldCount() != expected) {
                    sink.reject(line, raw(records, delimiter), "expected " + expected + " fields, found " + records.fieldCount());
                    continue;
                }
                try {
                    for (int i = 0; i < positions.length; i++) {
                        String text = records.field(positions[i]);
                        row.set(i, nulls.contains(text) ? null : values.fromText(text, declared.get(i).type(), declared.get(i).name()));
                    }
                    ObjectNode extra = null;
                    for (int i = 0; i < known.length; i++) {
                        if (!known[i] && header && !nulls.contains(records.field(i))) {
                            extra = extra == null ? json.createObjectNode() : extra;
                            extra.put(names.get(i), records.field(i));
                        }
                    }
                    row.set(extraPosition, extra == null ? null : extra.toString());
                    row.set(extraPosition + 2, line);
                    sink.row(row, line, () -> raw(records, delimiter));
                }
                catch (Values.Misfit misfit) {
                    sink.reject(line, raw(records, delimiter), misfit.getMessage());
                }
            }
        }
        catch (CsvRecords.TooLong e) {
            throw new UnreadableFile(file.name() + ": " + e.getMessage() + "; it cannot be read as CSV", e);
        }
    }

    /** A record that has fields, as the rejects keep it: its fields joined by the delimiter. */
    private static String raw(CsvRecords records, char delimiter) {
        return String.join(String.valueOf(delimiter), records.fields());
    }

    /** What is done with one non-blank line of a file. */
    private interface LineHandler {
        void line(String line, long number) throws IOException;
    }

    /** Hands every non-blank line to the handler with its number in the file. */
    private void nonBlankLines(InputStream in, LineHandler handler) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, charset()), 1 << 16);
        long number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (!line.isBlank()) {
                handler.line(line, number);
            }
        }
    }

    private void jsonLines(SourceFile file, InputStream in, Sink sink) throws IOException {
        GenericRecord row = newRow(file);
        nonBlankLines(in, (line, number) -> {
            JsonNode node;
            try {
                node = json.readTree(line);
            }
            catch (JsonProcessingException e) {
                sink.reject(number, line, "malformed JSON: " + e.getOriginalMessage());
                return;
            }
            record(node, line, number, row, sink);
        });
    }

    /** Each line made a record by the asset's Java line parser, then typed like a JSON record. */
    private void lines(SourceFile file, InputStream in, Sink sink) throws IOException {
        IngestAsset.LineParser parser = declaration.parser().orElseThrow(() -> new UnreadableFile(file.name()
                + ": format lines needs a line parser, which only an ingest asset declared in Java has", null));
        GenericRecord row = newRow(file);
        nonBlankLines(in, (line, number) -> {
            Map<String, Object> fields;
            try {
                fields = parser.parse(line);
            }
            catch (IngestAsset.Reject reject) {
                sink.reject(number, line, reject.getMessage());
                return;
            }
            catch (RuntimeException e) {
                sink.reject(number, line, "the line parser failed: " + e);
                return;
            }
            if (fields == null) {
                sink.reject(number, line, "the line parser returned no record");
                return;
            }
            record(json.valueToTree(plain(fields)), line, number, row, sink);
        });
    }

    /** A parser's values as JSON sees them: dates and times as their ISO text. */
    static Object plain(Object value) {
        return switch (value) {
            case Map<?, ?> map -> {
                Map<String, Object> copy = new java.util.LinkedHashMap<>();
                map.forEach((key, item) -> copy.put(String.valueOf(key), plain(item)));
                yield copy;
            }
            case java.util.Collection<?> items -> items.stream().map(FileIngest::plain).toList();
            case java.time.temporal.TemporalAccessor time -> time.toString();
            case null -> null;
            default -> value;
        };
    }

    private void jsonArray(SourceFile file, InputStream in, Sink sink) throws IOException {
        GenericRecord row = newRow(file);
        try (JsonParser parser = json.getFactory().createParser(new InputStreamReader(in, charset()))) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return;
            }
            if (first == JsonToken.START_OBJECT) {
                long line = parser.currentTokenLocation().getLineNr();
                JsonNode node = json.readTree(parser);
                record(node, node.toString(), line, row, sink);
                return;
            }
            if (first != JsonToken.START_ARRAY) {
                throw new UnreadableFile(file.name() + ":" + parser.currentTokenLocation().getLineNr()
                        + ": a json source is an array of objects (or one object); use format: jsonl for one object per line", null);
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() == null) {
                    throw new UnreadableFile(file.name() + " is truncated: the JSON array is not closed", null);
                }
                long line = parser.currentTokenLocation().getLineNr();
                JsonNode node = json.readTree(parser);
                record(node, node.toString(), line, row, sink);
            }
        }
        catch (JsonProcessingException e) {
            throw new UnreadableFile(file.name() + ":" + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": malformed JSON ("
                    + e.getOriginalMessage() + "); a JSON array cannot be read past it, so the file is not ingested", e);
        }
    }

    /**
     * Parquet is typed: its columns are matched to the declared ones by name (case-insensitively, never by the
     * field ids another writer gave them), widened where the declared type is wider (int to bigint, real to
     * double, a decimal to a wider one, a timestamp without zone read in the asset's zone); any other difference
     * fails the file naming the column. A row's {@code _source_line} is its number in the file, from 1.
     */
    /** A streamed Parquet file is copied from {@code stored}, the stream that also takes its digest: it is read once. */
    private void parquet(SourceFile file, InputStream stored, Sink sink) throws IOException {
        try (SourceFile.LocalCopy local = file.local(stored)) {
            parquet(file, local.path(), sink);
        }
    }

    private void parquet(SourceFile file, java.nio.file.Path local, Sink sink) throws IOException {
        org.apache.iceberg.Schema fileSchema = ParquetSources.schema(file, local);
        List<Types.NestedField> columns = new ArrayList<>();
        for (Types.NestedField field : declared) {
            Types.NestedField inFile = fileSchema.caseInsensitiveFindField(field.name());
            if (inFile != null && fileSchema.columns().contains(inFile)) {
                ParquetSources.checkReadable(file, field, inFile.type());
                columns.add(inFile);
            }
            else {
                columns.add(null);
            }
        }
        org.apache.iceberg.Schema read = new org.apache.iceberg.Schema(columns.stream().filter(java.util.Objects::nonNull).toList());
        GenericRecord row = newRow(file);
        long number = 0;
        try (var records = ParquetSources.read(local, fileSchema, read)) {
            for (Record record : records) {
                number++;
                for (int i = 0; i < declared.size(); i++) {
                    Types.NestedField inFile = columns.get(i);
                    row.set(i, inFile == null ? null : ParquetSources.widen(record.getField(inFile.name()), inFile.type(), declared.get(i).type(), values.zone()));
                }
                row.set(extraPosition, null);
                row.set(extraPosition + 2, number);
                sink.row(row, number, row::toString);
            }
        }
        catch (RuntimeException e) {
            throw new UnreadableFile(file.name() + ": not a readable Parquet file (" + e.getMessage() + ")", e);
        }
    }

    private void record(JsonNode node, String raw, long line, GenericRecord row, Sink sink) throws IOException {
        if (!node.isObject()) {
            sink.reject(line, raw, "expected a JSON object, found " + node.getNodeType().name().toLowerCase(Locale.ROOT));
            return;
        }
        ObjectNode extra = json.createObjectNode();
        try {
            for (int i = 0; i < declared.size(); i++) {
                Types.NestedField field = declared.get(i);
                row.set(i, values.fromJson(node.get(field.name()), field.type(), field.name(), extra));
            }
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (!declaredNames.contains(entry.getKey())) {
                    extra.set(entry.getKey(), entry.getValue());
                }
            }
            row.set(extraPosition, extra.isEmpty() ? null : extra.toString());
            row.set(extraPosition + 2, line);
            sink.row(row, line, () -> raw);
        }
        catch (Values.Misfit misfit) {
            sink.reject(line, raw, misfit.getMessage());
        }
    }
}
