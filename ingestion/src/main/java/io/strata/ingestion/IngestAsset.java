package io.strata.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.strata.project.DeclaredAsset;
import io.strata.project.Diagnostic;
import io.strata.project.ProjectException;
import io.strata.project.YamlReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An ingest asset declared in Java, for what YAML cannot say: above all a {@link LineParser} that turns each
 * line of a file in a format of its own (fixed-width exports, key=value logs) into a record. Everything else is
 * what the YAML declaration has, with the same names, checked the same way:
 *
 * <pre>{@code
 * IngestAsset.named("chargenet_tariffs")
 *         .description("Tariff sheets, fixed-width")
 *         .source("examples/futuremobility/data/chargenet/tariffs-*.txt")
 *         .lines(line -> Map.of("station_id", line.substring(0, 7).strip(), "price", line.substring(8).strip()))
 *         .column("station_id", "string", "not_null")
 *         .column("price", "decimal(6,3)")
 *         .maxRejects("1%")
 *         .build();
 * }</pre>
 *
 * A parsed record goes through the same typing as a JSON record (a value that does not fit its column is
 * a reject, fields not declared go to {@code _extra}); a {@link Reject} thrown by the parser, or any
 * exception, rejects the line with its reason. Rows read = rows written + rows rejected, as for every asset.
 */
public final class IngestAsset {
    /** Makes one record of one line, or throws {@link Reject}. */
    @FunctionalInterface
    public interface LineParser {
        Map<String, Object> parse(String line) throws Reject;
    }

    /** The line is not a record: it goes to the rejects table with this reason. */
    public static final class Reject extends Exception {
        public Reject(String reason) {
            super(reason);
        }
    }

    private final Map<String, Object> yaml;
    private final String layer;
    private final Optional<LineParser> parser;

    private IngestAsset(Map<String, Object> yaml, String layer, Optional<LineParser> parser) {
        this.yaml = yaml;
        this.layer = layer;
        this.parser = parser;
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() {
        return String.valueOf(yaml.get("name"));
    }

    String layer() {
        return layer;
    }

    /** The declaration as the project's graph takes it, located at the declaring class. */
    DeclaredAsset declare(Class<?> declaredBy) {
        String file = declaredBy.getName().replace('.', '/') + ".java";
        String text;
        try {
            text = new ObjectMapper(new YAMLFactory()).writeValueAsString(Map.of("ingest", List.of(yaml)));
        }
        catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var root = YamlReader.read(file, text).orElseThrow();
        var entry = ((io.strata.project.YamlNode.Mapping) root).get("ingest").orElseThrow();
        DeclaredAsset asset = IngestDeclarationReader.readInCode(((io.strata.project.YamlNode.Sequence) entry).items().getFirst());
        IngestDeclaration declaration = (IngestDeclaration) asset.declaration();
        if (declaration.source().format() == IngestDeclaration.Format.LINES && parser.isEmpty()) {
            throw new ProjectException(Diagnostic.error(asset.location(), "ingest asset '" + name() + "' has format lines but no line parser"));
        }
        return parser.map(lines -> new DeclaredAsset(asset.name(), asset.description(), asset.config(), asset.deps(), asset.columns(),
                asset.checks(), asset.location(), declaration.withParser(lines))).orElse(asset);
    }

    /** Builds an {@link IngestAsset}; every setter is optional but {@link #source}. */
    public static final class Builder {
        private final Map<String, Object> yaml = new LinkedHashMap<>();
        private final Map<String, Object> source = new LinkedHashMap<>();
        private final List<Map<String, Object>> columns = new ArrayList<>();
        private String layer = "bronze";
        private LineParser parser;

        private Builder(String name) {
            yaml.put("name", requireNonNull(name, "name"));
        }

        public Builder description(String description) {
            yaml.put("description", description);
            return this;
        }

        /** The layer (schema) of its tables; {@code bronze} by default. */
        public Builder layer(String name) {
            layer = requireNonNull(name, "layer");
            return this;
        }

        /** A glob relative to the project root, or {@code s3://bucket/prefix/*.ext}. */
        public Builder source(String glob) {
            source.put("path", requireNonNull(glob, "glob"));
            return this;
        }

        /** {@code csv}, {@code json}, {@code jsonl} or {@code parquet}, with their options ({@code delimiter}, {@code header}, …). */
        public Builder format(String format, Map<String, Object> options) {
            source.put("format", format);
            source.putAll(options);
            return this;
        }

        /** Each line of each file is one record, made by the parser (blank lines are skipped). */
        public Builder lines(LineParser lineParser) {
            parser = requireNonNull(lineParser, "lineParser");
            source.put("format", "lines");
            return this;
        }

        /** A column with its type in SQL spelling and, optionally, data tests by name ({@code not_null}, {@code unique}). */
        public Builder column(String name, String type, String... tests) {
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("name", name);
            column.put("type", type);
            if (tests.length > 0) {
                column.put("tests", List.of(tests));
            }
            columns.add(column);
            return this;
        }

        /** {@code append} (new or changed files, the default) or {@code replace}. */
        public Builder mode(String mode) {
            yaml.put("mode", mode);
            return this;
        }

        /** A count ({@code "10"}) or a percentage ({@code "1%"}) of rejected records tolerated. */
        public Builder maxRejects(String limit) {
            yaml.put("max_rejects", limit);
            return this;
        }

        public Builder partitionBy(String... transforms) {
            yaml.put("partition_by", List.of(transforms));
            return this;
        }

        /** The zone of timestamps written without one. */
        public Builder timezone(String zone) {
            yaml.put("timezone", zone);
            return this;
        }

        public Builder tags(String... tags) {
            yaml.put("tags", List.of(tags));
            return this;
        }

        public IngestAsset build() {
            if (!source.containsKey("path")) {
                throw new IllegalStateException("ingest asset '" + yaml.get("name") + "' needs source(glob)");
            }
            Map<String, Object> entry = new LinkedHashMap<>(yaml);
            entry.put("source", source);
            if (!columns.isEmpty()) {
                entry.put("columns", columns);
            }
            return new IngestAsset(entry, layer, Optional.ofNullable(parser));
        }
    }
}
