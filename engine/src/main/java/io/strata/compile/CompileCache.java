package io.strata.compile;

import io.strata.project.AssetProperties;
import io.strata.project.Export;
import io.strata.project.CheckDefinition;
import io.strata.project.ColumnDefinition;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.ModelConfig;
import io.strata.project.ProjectScanner.ProjectPath;
import io.strata.project.PropertiesFile;
import io.strata.project.SourceDefinition;
import io.strata.lineage.ColumnProblem;
import io.strata.lineage.ColumnValidator;
import io.strata.sql.SqlAnalysis;
import io.strata.sql.TableReference;
import io.strata.template.RenderedTemplate;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What compilation derived from unchanged files, kept on disk between runs of the CLI (dbt calls this
 * partial parsing): each model's render and each compiled statement's SQL reading. Entries are checked
 * against the file's size and modification time and everything else the result depends on, so a stale
 * entry is never used; a cache from another Strata build, or one that cannot be read, is ignored.
 */
final class CompileCache {
    private static final int FORMAT = 5;

    /** A render and everything it depended on. */
    private record Render(long modified, long size, ModelConfig baseConfig, String inputs, String macros, RenderedTemplate rendered) {
        boolean validFor(long fileModified, long fileSize, ModelConfig base, String inputsFingerprint, String macroStamp) {
            return modified == fileModified && size == fileSize && inputs.equals(inputsFingerprint)
                    && macros.equals(macroStamp) && baseConfig.equals(base);
        }
    }

    /** A parsed YAML file; files declaring assets through a reader or unit tests are not kept (few files do; they are parsed anew). */
    private record Properties(long modified, long size, PropertiesFile file) {
        boolean validFor(long fileModified, long fileSize) {
            return modified == fileModified && size == fileSize;
        }
    }

    private final Map<String, Render> renders = new ConcurrentHashMap<>();
    private final Map<String, SqlAnalysis> analyses = new ConcurrentHashMap<>();
    private final Map<String, ColumnValidator.Result> validations = new ConcurrentHashMap<>();
    private final Map<String, Properties> properties = new ConcurrentHashMap<>();
    /** The stamp of macro files that last compiled without errors, so they need not be parsed to know it. */
    private volatile String validMacros = "";
    /** Whether anything differs from what was last read or written, so that an unchanged cache is not written again. */
    private final AtomicBoolean changed = new AtomicBoolean();

    private CompileCache() {
    }

    static CompileCache empty() {
        return new CompileCache();
    }

    /** The file's render, if it was made from this version of the file with the same base config, inputs and macros. */
    Optional<RenderedTemplate> render(ProjectPath file, ModelConfig baseConfig, String inputsFingerprint, String macroStamp) {
        Render cached = renders.get(file.path());
        if (cached != null && cached.validFor(file.modified(), file.size(), baseConfig, inputsFingerprint, macroStamp)) {
            return Optional.of(cached.rendered());
        }
        return Optional.empty();
    }

    void keepRender(ProjectPath file, ModelConfig baseConfig, String inputsFingerprint, String macroStamp, RenderedTemplate rendered) {
        renders.put(file.path(), new Render(file.modified(), file.size(), baseConfig, inputsFingerprint, macroStamp, rendered));
        changed.set(true);
    }

    /** The parsed YAML file, if it was parsed from this version of the file. */
    Optional<PropertiesFile> properties(ProjectPath file) {
        Properties known = properties.get(file.path());
        return known != null && known.validFor(file.modified(), file.size()) ? Optional.of(known.file()) : Optional.empty();
    }

    void keepProperties(ProjectPath file, PropertiesFile parsed) {
        properties.put(file.path(), new Properties(file.modified(), file.size(), parsed));
        changed.set(true);
    }

    /** The reading of the SQL with this fingerprint, if any compilation kept one. */
    Optional<SqlAnalysis> analysis(String sqlFingerprint) {
        return Optional.ofNullable(analyses.get(sqlFingerprint));
    }

    void keepAnalysis(String sqlFingerprint, SqlAnalysis analysis) {
        analyses.put(sqlFingerprint, analysis);
        changed.set(true);
    }

    /** A model's column check, kept under the fingerprint of its SQL and inputs ({@link ColumnValidator#inputs}). */
    Optional<ColumnValidator.Result> validation(String fingerprint) {
        return Optional.ofNullable(validations.get(fingerprint));
    }

    void keepValidation(String fingerprint, ColumnValidator.Result result) {
        validations.put(fingerprint, result);
        changed.set(true);
    }

    /** Forgets the column checks of SQL and inputs no longer in the project, so a long-lived compiler does not collect them. */
    void retainValidations(Set<String> inUse) {
        validations.keySet().retainAll(inUse);
    }

    boolean macrosValid(String macroStamp) {
        return validMacros.equals(macroStamp);
    }

    /** Notes macro files that compiled without errors. */
    void markMacrosValid(String macroStamp) {
        if (!macrosValid(macroStamp)) {
            validMacros = macroStamp;
            changed.set(true);
        }
    }

    /** Forgets renders and YAML of files that are gone from the project. */
    void retainFiles(Set<String> paths) {
        if (renders.keySet().retainAll(paths) | properties.keySet().retainAll(paths)) {
            changed.set(true);
        }
    }

    boolean changed() {
        return changed.get();
    }

    /** Reads the cache; any problem (missing, corrupt, another build) gives an empty one. */
    static CompileCache load(Path file, String build) {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16)))) {
            if (in.readInt() != FORMAT || !in.readUTF().equals(build)) {
                return empty();
            }
            CompileCache cache = empty();
            cache.validMacros = in.readUTF();
            int renders = in.readInt();
            for (int i = 0; i < renders; i++) {
                String path = in.readUTF();
                cache.renders.put(path, new Render(in.readLong(), in.readLong(), new ModelConfig(readMap(in)), in.readUTF(),
                        in.readUTF(), readRendered(in)));
            }
            int analyses = in.readInt();
            for (int i = 0; i < analyses; i++) {
                cache.analyses.put(in.readUTF(), readAnalysis(in));
            }
            int validations = in.readInt();
            for (int i = 0; i < validations; i++) {
                cache.validations.put(in.readUTF(), readValidation(in));
            }
            int properties = in.readInt();
            for (int i = 0; i < properties; i++) {
                String path = in.readUTF();
                cache.properties.put(path, new Properties(in.readLong(), in.readLong(), readPropertiesFile(in, path)));
            }
            return cache;
        }
        catch (IOException | RuntimeException e) {
            return empty();
        }
    }

    /** Writes the cache atomically (a reader never sees half a file), keeping only the SQL readings still in use. */
    void save(Path file, String build, Set<String> analysesInUse, Set<String> validationsInUse) throws IOException {
        analyses.keySet().retainAll(analysesInUse);
        validations.keySet().retainAll(validationsInUse);
        changed.set(false);
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(temporary), 1 << 16)))) {
            out.writeInt(FORMAT);
            out.writeUTF(build);
            out.writeUTF(validMacros);
            out.writeInt(renders.size());
            for (var entry : renders.entrySet()) {
                Render render = entry.getValue();
                out.writeUTF(entry.getKey());
                out.writeLong(render.modified());
                out.writeLong(render.size());
                writeValue(out, render.baseConfig().values());
                out.writeUTF(render.inputs());
                out.writeUTF(render.macros());
                writeRendered(out, render.rendered());
            }
            out.writeInt(analyses.size());
            for (var entry : analyses.entrySet()) {
                out.writeUTF(entry.getKey());
                writeAnalysis(out, entry.getValue());
            }
            out.writeInt(validations.size());
            for (var entry : validations.entrySet()) {
                out.writeUTF(entry.getKey());
                writeValidation(out, entry.getValue());
            }
            out.writeInt(properties.size());
            for (var entry : properties.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeLong(entry.getValue().modified());
                out.writeLong(entry.getValue().size());
                writePropertiesFile(out, entry.getValue().file());
            }
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeRendered(DataOutputStream out, RenderedTemplate rendered) throws IOException {
        writeText(out, rendered.text());
        out.writeInt(rendered.refs().size());
        for (RenderedTemplate.RefCall ref : rendered.refs()) {
            writeOptional(out, ref.packageName());
            out.writeUTF(ref.name());
            out.writeInt(ref.line());
        }
        out.writeInt(rendered.sources().size());
        for (RenderedTemplate.SourceCall source : rendered.sources()) {
            out.writeUTF(source.source());
            out.writeUTF(source.table());
            out.writeInt(source.line());
        }
        writeValue(out, rendered.config());
        out.writeInt(rendered.diagnostics().size());
        for (Diagnostic diagnostic : rendered.diagnostics()) {
            writeDiagnostic(out, diagnostic);
        }
    }

    private static RenderedTemplate readRendered(DataInputStream in) throws IOException {
        String text = readText(in);
        List<RenderedTemplate.RefCall> refs = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            refs.add(new RenderedTemplate.RefCall(readOptional(in), in.readUTF(), in.readInt()));
        }
        List<RenderedTemplate.SourceCall> sources = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            sources.add(new RenderedTemplate.SourceCall(in.readUTF(), in.readUTF(), in.readInt()));
        }
        Map<String, Object> config = readMap(in);
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            diagnostics.add(readDiagnostic(in));
        }
        return new RenderedTemplate(text, refs, sources, config, diagnostics);
    }

    private static void writeAnalysis(DataOutputStream out, SqlAnalysis analysis) throws IOException {
        out.writeBoolean(analysis.problem().isPresent());
        if (analysis.problem().isPresent()) {
            out.writeUTF(analysis.problem().get().message());
            out.writeInt(analysis.problem().get().line());
            out.writeInt(analysis.problem().get().column());
        }
        writeOptional(out, analysis.statementKind());
        out.writeInt(analysis.tables().size());
        for (TableReference table : analysis.tables()) {
            out.writeInt(table.names().size());
            for (String name : table.names()) {
                out.writeUTF(name);
            }
            out.writeInt(table.line());
            out.writeInt(table.column());
        }
        out.writeInt(analysis.commonTableNames().size());
        for (String name : analysis.commonTableNames()) {
            out.writeUTF(name);
        }
    }

    private static SqlAnalysis readAnalysis(DataInputStream in) throws IOException {
        Optional<SqlAnalysis.Problem> problem = in.readBoolean()
                ? Optional.of(new SqlAnalysis.Problem(in.readUTF(), in.readInt(), in.readInt())) : Optional.empty();
        Optional<String> kind = readOptional(in);
        List<TableReference> tables = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            List<String> names = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                names.add(in.readUTF());
            }
            tables.add(new TableReference(names, in.readInt(), in.readInt()));
        }
        Set<String> commonTables = new HashSet<>();
        for (int i = in.readInt(); i > 0; i--) {
            commonTables.add(in.readUTF());
        }
        return new SqlAnalysis(problem, kind, tables, commonTables);
    }

    private static void writeValidation(DataOutputStream out, ColumnValidator.Result result) throws IOException {
        writeList(out, result.problems(), (stream, problem) -> {
            stream.writeUTF(problem.kind().name());
            stream.writeUTF(problem.name());
            stream.writeInt(problem.line());
            stream.writeInt(problem.column());
            writeText(stream, problem.message());
        });
        out.writeBoolean(result.columns().isPresent());
        if (result.columns().isPresent()) {
            writeList(out, result.columns().get(), DataOutputStream::writeUTF);
        }
        writeList(out, result.types(), DataOutputStream::writeUTF);
    }

    private static ColumnValidator.Result readValidation(DataInputStream in) throws IOException {
        List<ColumnProblem> problems = readList(in, stream -> new ColumnProblem(ColumnProblem.Kind.valueOf(stream.readUTF()), stream.readUTF(),
                stream.readInt(), stream.readInt(), readText(stream)));
        Optional<List<String>> columns = in.readBoolean() ? Optional.of(readList(in, stream -> stream.readUTF())) : Optional.empty();
        return new ColumnValidator.Result(problems, columns, readList(in, stream -> stream.readUTF()));
    }

    private static void writePropertiesFile(DataOutputStream out, PropertiesFile file) throws IOException {
        writeList(out, file.models(), CompileCache::writeAssetProperties);
        writeList(out, file.seeds(), CompileCache::writeAssetProperties);
        writeList(out, file.sources(), CompileCache::writeSource);
        writeList(out, file.warnings(), CompileCache::writeDiagnostic);
    }

    private static PropertiesFile readPropertiesFile(DataInputStream in, String path) throws IOException {
        return new PropertiesFile(path, readList(in, CompileCache::readAssetProperties), readList(in, CompileCache::readAssetProperties),
                readList(in, CompileCache::readSource), List.of(), List.of(), List.of(), readList(in, CompileCache::readDiagnostic));
    }

    private static void writeAssetProperties(DataOutputStream out, AssetProperties properties) throws IOException {
        out.writeUTF(properties.name());
        writeText(out, properties.description());
        writeValue(out, properties.config().values());
        writeList(out, properties.columns(), CompileCache::writeColumn);
        writeList(out, properties.checks(), CompileCache::writeCheck);
        writeList(out, properties.exports(), CompileCache::writeExport);
        writeLocation(out, properties.location());
    }

    private static AssetProperties readAssetProperties(DataInputStream in) throws IOException {
        return new AssetProperties(in.readUTF(), readText(in), new ModelConfig(readMap(in)), readList(in, CompileCache::readColumn),
                readList(in, CompileCache::readCheck), readList(in, CompileCache::readExport), readLocation(in));
    }

    /** An export as written: its {@code ${VARIABLE}} references stay unread, so no secret reaches the cache. */
    private static void writeExport(DataOutputStream out, Export export) throws IOException {
        out.writeUTF(export.url());
        out.writeUTF(export.user());
        out.writeUTF(export.password());
        out.writeUTF(export.table());
        out.writeUTF(export.mode().name());
        writeList(out, export.key(), DataOutputStream::writeUTF);
        writeLocation(out, export.location());
    }

    private static Export readExport(DataInputStream in) throws IOException {
        return new Export(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), Export.Mode.valueOf(in.readUTF()),
                readList(in, stream -> stream.readUTF()), readLocation(in));
    }

    private static void writeSource(DataOutputStream out, SourceDefinition source) throws IOException {
        out.writeUTF(source.name());
        out.writeUTF(source.schema());
        writeOptional(out, source.database());
        writeText(out, source.description());
        writeList(out, source.tables(), (stream, table) -> {
            stream.writeUTF(table.name());
            stream.writeUTF(table.identifier());
            writeText(stream, table.description());
            writeValue(stream, table.config().values());
            writeList(stream, table.columns(), CompileCache::writeColumn);
            writeList(stream, table.checks(), CompileCache::writeCheck);
            writeLocation(stream, table.location());
        });
        writeLocation(out, source.location());
    }

    private static SourceDefinition readSource(DataInputStream in) throws IOException {
        String name = in.readUTF();
        String schema = in.readUTF();
        Optional<String> database = readOptional(in);
        String description = readText(in);
        List<SourceDefinition.Table> tables = readList(in, stream -> new SourceDefinition.Table(stream.readUTF(), stream.readUTF(),
                readText(stream), new ModelConfig(readMap(stream)), readList(stream, CompileCache::readColumn),
                readList(stream, CompileCache::readCheck), readLocation(stream)));
        return new SourceDefinition(name, schema, database, description, tables, readLocation(in));
    }

    private static void writeColumn(DataOutputStream out, ColumnDefinition column) throws IOException {
        out.writeUTF(column.name());
        writeText(out, column.description());
        writeOptional(out, column.dataType());
        writeList(out, column.checks(), CompileCache::writeCheck);
        writeLocation(out, column.location());
    }

    private static ColumnDefinition readColumn(DataInputStream in) throws IOException {
        return new ColumnDefinition(in.readUTF(), readText(in), readOptional(in), readList(in, CompileCache::readCheck), readLocation(in));
    }

    private static void writeCheck(DataOutputStream out, CheckDefinition check) throws IOException {
        out.writeUTF(check.test());
        writeOptional(out, check.column());
        writeValue(out, check.arguments());
        writeValue(out, check.config().values());
        writeLocation(out, check.location());
    }

    private static CheckDefinition readCheck(DataInputStream in) throws IOException {
        return new CheckDefinition(in.readUTF(), readOptional(in), readMap(in), new ModelConfig(readMap(in)), readLocation(in));
    }

    private static void writeLocation(DataOutputStream out, Location location) throws IOException {
        out.writeUTF(location.file());
        out.writeInt(location.line());
        out.writeInt(location.column());
    }

    private static Location readLocation(DataInputStream in) throws IOException {
        return new Location(in.readUTF(), in.readInt(), in.readInt());
    }

    private interface Writer<T> {
        void write(DataOutputStream out, T value) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static <T> void writeList(DataOutputStream out, List<T> values, Writer<T> writer) throws IOException {
        out.writeInt(values.size());
        for (T value : values) {
            writer.write(out, value);
        }
    }

    private static <T> List<T> readList(DataInputStream in, Reader<T> reader) throws IOException {
        int size = in.readInt();
        List<T> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(reader.read(in));
        }
        return values;
    }

    private static void writeDiagnostic(DataOutputStream out, Diagnostic diagnostic) throws IOException {
        out.writeBoolean(diagnostic.isError());
        out.writeUTF(diagnostic.location().file());
        out.writeInt(diagnostic.location().line());
        out.writeInt(diagnostic.location().column());
        writeText(out, diagnostic.message());
    }

    private static Diagnostic readDiagnostic(DataInputStream in) throws IOException {
        boolean error = in.readBoolean();
        Location location = new Location(in.readUTF(), in.readInt(), in.readInt());
        String message = readText(in);
        return error ? Diagnostic.error(location, message) : Diagnostic.warning(location, message);
    }

    private static void writeOptional(DataOutputStream out, Optional<String> value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            out.writeUTF(value.get());
        }
    }

    private static Optional<String> readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
    }

    /** Text of any length (writeUTF stops at 64 KB). */
    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Plain configuration values: null, text, numbers, booleans, lists and maps of them. */
    private static void writeValue(DataOutputStream out, Object value) throws IOException {
        switch (value) {
            case null -> out.writeByte(0);
            case String text -> {
                out.writeByte(1);
                writeText(out, text);
            }
            case Long number -> {
                out.writeByte(2);
                out.writeLong(number);
            }
            case Double number -> {
                out.writeByte(3);
                out.writeDouble(number);
            }
            case Boolean flag -> {
                out.writeByte(4);
                out.writeBoolean(flag);
            }
            case List<?> list -> {
                out.writeByte(5);
                out.writeInt(list.size());
                for (Object item : list) {
                    writeValue(out, item);
                }
            }
            case Map<?, ?> map -> {
                out.writeByte(6);
                out.writeInt(map.size());
                for (var entry : map.entrySet()) {
                    writeText(out, String.valueOf(entry.getKey()));
                    writeValue(out, entry.getValue());
                }
            }
            case BigInteger number -> {
                out.writeByte(7);
                writeText(out, number.toString());
            }
            case Integer number -> {
                out.writeByte(2);
                out.writeLong(number);
            }
            default -> {
                // Anything else is written as its text; it then compares unequal, so the entry is rebuilt, never misused.
                out.writeByte(8);
                writeText(out, value.toString());
            }
        }
    }

    private static Object readValue(DataInputStream in) throws IOException {
        int tag = in.readByte();
        return switch (tag) {
            case 0 -> null;
            case 1, 8 -> readText(in);
            case 2 -> in.readLong();
            case 3 -> in.readDouble();
            case 4 -> in.readBoolean();
            case 5 -> {
                int size = in.readInt();
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(readValue(in));
                }
                yield list;
            }
            case 6 -> readMapBody(in);
            case 7 -> new BigInteger(readText(in));
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    private static Map<String, Object> readMap(DataInputStream in) throws IOException {
        int tag = in.readByte();
        if (tag != 6) {
            throw new IOException("expected a map, found tag " + tag);
        }
        return readMapBody(in);
    }

    private static Map<String, Object> readMapBody(DataInputStream in) throws IOException {
        int size = in.readInt();
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(readText(in), readValue(in));
        }
        return map;
    }
}
