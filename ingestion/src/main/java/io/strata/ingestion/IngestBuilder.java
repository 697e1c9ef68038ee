package io.strata.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.lake.IcebergCatalogs;
import io.strata.lake.IcebergFiles;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import io.strata.project.Relation;
import io.strata.run.AssetBuilder;
import io.strata.lake.LakeEndpoints;
import io.strata.lake.IcebergRelations;
import io.strata.partition.Partition;
import io.strata.partition.PartitionSelection;
import io.strata.partition.PartitionsDefinition;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.PartitioningWriter;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds bronze ingest assets: reads the declared files that are new or changed since the last ingest on
 * the branch, writes their rows as Parquet data files of an Iceberg table on the run's branch (one commit
 * for the asset's data), and what does not parse or fit into {@code <table>__rejects}. Which files were
 * ingested is kept on the branch itself, in {@code <table>__files}: a run that is not merged leaves main's
 * record of files untouched, so its files are read again by the next run.
 */
public final class IngestBuilder implements AssetBuilder {
    /** Data files roll over at this size. */
    static final long TARGET_FILE_SIZE = 128L << 20;
    /** Compaction rewrites data files smaller than this. */
    static final long SMALL_FILE_SIZE = 32L << 20;

    /** Opens the Iceberg catalog of a branch; the builder closes it. */
    public interface BranchCatalogs {
        org.apache.iceberg.catalog.Catalog open(String branch);
    }

    private final BranchCatalogs catalogs;
    private final Optional<LakeEndpoints> objectStore;
    private final ObjectMapper json = new ObjectMapper();

    /** Writes through Nessie's Iceberg REST catalog of the run's branch; reads {@code s3://} sources from the endpoints' object store. */
    public IngestBuilder(LakeEndpoints endpoints) {
        this.catalogs = branch -> IcebergCatalogs.forBranch(endpoints, branch);
        this.objectStore = Optional.of(endpoints);
    }

    /** Writes through any Iceberg catalog (the benchmarks use an in-memory one to measure reading and writing alone); local files only. */
    public IngestBuilder(BranchCatalogs catalogs) {
        this.catalogs = catalogs;
        this.objectStore = Optional.empty();
    }

    @Override
    public boolean builds(Asset asset) {
        return asset.kind() == AssetKind.INGEST;
    }

    @Override
    public List<String> pending(Context context) throws Exception {
        IngestDeclaration declaration = declaration(context);
        if (declaration.database().isPresent()) {
            throw new UnsupportedOperationException("ingest asset " + context.asset().key() + " reads a database, which cannot tell what is new"
                    + " without being read");
        }
        Relation relation = context.asset().relation().orElseThrow();
        try (SourceFiles sources = objectStore.map(endpoints -> SourceFiles.withStore(context.projectRoot(), endpoints))
                .orElseGet(() -> SourceFiles.local(context.projectRoot()))) {
            List<SourceFile> files = sources.matching(sourceGlob(declaration));
            org.apache.iceberg.catalog.Catalog catalog = catalogs.open(context.branch());
            try {
                TableIdentifier filesTable = TableIdentifier.of(Namespace.of(relation.schema()), relation.identifier() + "__files");
                Map<String, Ingested> ingested = catalog.tableExists(filesTable) ? ingestedFiles(catalog.loadTable(filesTable)) : Map.of();
                List<String> pending = new ArrayList<>();
                for (SourceFile file : files) {
                    if (!unchanged(file, ingested.get(file.name()))) {
                        pending.add(file.name() + " (" + file.size() + " bytes, modified " + file.modified() + ")");
                    }
                }
                if (declaration.mode() == IngestDeclaration.Mode.REPLACE) {
                    Set<String> present = files.stream().map(SourceFile::name).collect(Collectors.toSet());
                    ingested.keySet().stream().filter(name -> !present.contains(name)).sorted().forEach(name -> pending.add(name + " (gone)"));
                }
                return pending;
            }
            finally {
                if (catalog instanceof java.io.Closeable closeable) {
                    closeable.close();
                }
            }
        }
    }

    /**
     * The fingerprint of each partition that has files, from its files' names and contents: a file ingested before and
     * unchanged counts by the SHA-256 recorded then, any other file by its size and time, so a partition with a new or
     * changed file differs from what was recorded.
     */
    @Override
    public Map<String, String> partitionFingerprints(Context context) throws Exception {
        IngestDeclaration declaration = declaration(context);
        Optional<FilePartitions> partitioning = partitioning(context.asset(), declaration);
        if (partitioning.isEmpty()) {
            return Map.of();
        }
        Relation relation = context.asset().relation().orElseThrow();
        try (SourceFiles sources = objectStore.map(endpoints -> SourceFiles.withStore(context.projectRoot(), endpoints))
                .orElseGet(() -> SourceFiles.local(context.projectRoot()))) {
            Map<SourceFile, Partition> placed = place(partitioning.get(), sources.matching(sourceGlob(declaration)));
            org.apache.iceberg.catalog.Catalog catalog = catalogs.open(context.branch());
            try {
                TableIdentifier filesTable = TableIdentifier.of(Namespace.of(relation.schema()), relation.identifier() + "__files");
                Map<String, Ingested> ingested = catalog.tableExists(filesTable) ? ingestedFiles(catalog.loadTable(filesTable)) : Map.of();
                return fingerprints(placed, ingested);
            }
            finally {
                if (catalog instanceof java.io.Closeable closeable) {
                    closeable.close();
                }
            }
        }
    }

    /** How a partitioned ingest asset places its files in partitions; empty when it is not partitioned. */
    private static Optional<FilePartitions> partitioning(Asset asset, IngestDeclaration declaration) {
        return PartitionsDefinition.of(asset).map(definition -> FilePartitions.of(definition, declaration.source().path()));
    }

    /** The glob of the source's files: the source path, its partition placeholders matching digits. */
    private static String sourceGlob(IngestDeclaration declaration) {
        return FilePartitions.glob(declaration.source().path());
    }

    /** Each file with the partition its name gives, in name order; refused naming a file whose name gives none. */
    private static Map<SourceFile, Partition> place(FilePartitions partitioning, List<SourceFile> files) {
        Map<SourceFile, Partition> placed = new LinkedHashMap<>();
        files.forEach(file -> placed.put(file, partitioning.of(file)));
        return placed;
    }

    /** The fingerprint of each partition that has files (see {@link #partitionFingerprints}), by key in order. */
    private static Map<String, String> fingerprints(Map<SourceFile, Partition> placed, Map<String, Ingested> ingested) throws IOException {
        return fingerprints(placed, ingested, false);
    }

    /** As {@link #fingerprints(Map, Map)}; with {@code completeOnly}, a partition with a file not taken in yet is left out. */
    private static Map<String, String> fingerprints(Map<SourceFile, Partition> placed, Map<String, Ingested> ingested, boolean completeOnly)
            throws IOException {
        Map<String, List<String>> parts = new java.util.TreeMap<>();
        Set<String> pending = new java.util.HashSet<>();
        for (Map.Entry<SourceFile, Partition> entry : placed.entrySet()) {
            SourceFile file = entry.getKey();
            Ingested before = ingested.get(file.name());
            boolean taken = unchanged(file, before);
            if (!taken) {
                pending.add(entry.getValue().key());
            }
            String content = taken ? before.sha256() : "pending " + file.size() + " " + file.modified();
            parts.computeIfAbsent(entry.getValue().key(), key -> new ArrayList<>()).add(file.name() + " " + content);
        }
        if (completeOnly) {
            parts.keySet().removeAll(pending);
        }
        Map<String, String> fingerprints = new LinkedHashMap<>();
        parts.forEach((key, lines) -> {
            java.security.MessageDigest digest = SourceFile.newDigest();
            digest.update(("strata ingest partition 1\n" + String.join("\n", lines.stream().sorted().toList()))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            fingerprints.put(key, java.util.HexFormat.of().formatHex(digest.digest()));
        });
        return fingerprints;
    }

    private static IngestDeclaration declaration(Context context) {
        if (!(context.declaration().orElse(null) instanceof IngestDeclaration declaration)) {
            throw new IllegalStateException("ingest asset " + context.asset().key() + " has no ingest declaration (it has "
                    + context.declaration().map(other -> other.getClass().getSimpleName()).orElse("none") + ")");
        }
        return declaration;
    }

    /** What one file gave. */
    private record FileResult(SourceFile file, String sha256, long read, long written, long rejected, List<DataFile> data, List<DataFile> rejects,
                              List<Map<String, Object>> sample) {
    }

    @Override
    public Built build(Context context) throws Exception {
        try (SourceFiles sources = objectStore.map(endpoints -> SourceFiles.withStore(context.projectRoot(), endpoints))
                .orElseGet(() -> SourceFiles.local(context.projectRoot()))) {
            return build(context, sources);
        }
    }

    private Built build(Context context, SourceFiles sources) throws Exception {
        IngestDeclaration declaration = declaration(context);
        if (declaration.database().isPresent()) {
            return new DatabaseIngest(catalogs, json, System::getenv).build(context, declaration, declaration.database().get());
        }
        Relation relation = context.asset().relation().orElseThrow();
        List<SourceFile> files = sources.matching(sourceGlob(declaration));
        if (files.isEmpty()) {
            throw new IOException("no file matches source path '" + declaration.source().path() + "' (relative to " + context.projectRoot() + ")");
        }
        Optional<FilePartitions> partitioning = partitioning(context.asset(), declaration);
        Map<SourceFile, Partition> placed = partitioning.isPresent() ? place(partitioning.get(), files) : Map.of();
        List<IngestDeclaration.Column> columns = declaration.columns().isEmpty()
                ? SchemaInference.infer(declaration, files.getFirst(), json) : declaration.columns();
        Schema declared = IcebergTypes.tableSchema(columns);
        OffsetDateTime ingestedAt = Instant.now().atOffset(ZoneOffset.UTC);
        org.apache.iceberg.catalog.Catalog catalog = catalogs.open(context.branch());
        try {
            Namespace namespace = Namespace.of(relation.schema());
            synchronized (IngestBuilder.class) {
                var namespaces = (org.apache.iceberg.catalog.SupportsNamespaces) catalog;
                if (!namespaces.namespaceExists(namespace)) {
                    namespaces.createNamespace(namespace);
                }
            }
            Table table = table(catalog, TableIdentifier.of(namespace, relation.identifier()), declared, declaration);
            Table rejectsTable = table(catalog, TableIdentifier.of(namespace, relation.identifier() + "__rejects"), IcebergTypes.rejectsSchema(), null);
            Table filesTable = table(catalog, TableIdentifier.of(namespace, relation.identifier() + "__files"), IcebergTypes.filesSchema(), null);

            Map<String, Ingested> ingested = context.fullRefresh() ? Map.of() : ingestedFiles(filesTable);
            List<SourceFile> toRead = new ArrayList<>();
            for (SourceFile file : files) {
                if (!unchanged(file, ingested.get(file.name()))) {
                    toRead.add(file);
                }
            }
            boolean replace = context.fullRefresh();
            if (declaration.mode() == IngestDeclaration.Mode.REPLACE && !replace) {
                // A full export: read again, all of it, only when some file is new, changed or gone.
                boolean sameFiles = toRead.isEmpty() && ingested.keySet().equals(files.stream().map(SourceFile::name).collect(Collectors.toSet()));
                replace = !sameFiles;
                toRead = sameFiles ? List.of() : files;
                ingested = sameFiles ? ingested : Map.of();
            }
            Map<String, String> recorded = partitioning.isPresent() ? recordedPartitions(table) : Map.of();
            Map<String, String> before = partitioning.isPresent() ? fingerprints(placed, ingested) : Map.of();
            Set<String> chosen = Set.of();
            if (partitioning.isPresent() && !replace && !context.partitions().isDefault()) {
                // A backfill reads every file of the partitions it names (or of those missing or stale), whatever was read before.
                chosen = chosenPartitions(context, PartitionsDefinition.of(context.asset()).orElseThrow(), before, recorded);
                Set<String> keys = chosen;
                toRead = files.stream().filter(file -> keys.contains(placed.get(file).key())).toList();
            }
            List<String> changed = toRead.stream().map(SourceFile::name).filter(ingested::containsKey).toList();
            // Write with the table's field ids (the table may have more columns than this declaration, from earlier ones).
            Schema bound = org.apache.iceberg.types.TypeUtil.reassignIds(declared, table.schema());

            List<FileResult> results = readAll(context, declaration, table, rejectsTable, bound, toRead, ingestedAt, partitioning, placed);
            long read = results.stream().mapToLong(FileResult::read).sum();
            long written = results.stream().mapToLong(FileResult::written).sum();
            long rejected = results.stream().mapToLong(FileResult::rejected).sum();
            if (read != written + rejected) {
                throw new IllegalStateException("rows read (" + read + ") != written (" + written + ") + rejected (" + rejected + ")");
            }
            commit(table, results.stream().flatMap(result -> result.data().stream()).toList(), replace, IcebergTypes.SOURCE_FILE, changed);
            commit(rejectsTable, results.stream().flatMap(result -> result.rejects().stream()).toList(), replace, IcebergTypes.SOURCE_FILE, changed);
            if (replace || changed.isEmpty()) {
                commit(filesTable, fileRecords(filesTable, List.of(), results, ingestedAt, context.runId()), replace, "file", List.of());
            }
            else {
                // The record of files is small: rewritten whole, with the rows of the files read again replaced.
                List<Record> kept = new ArrayList<>();
                try (CloseableIterable<Record> rows = IcebergGenerics.read(filesTable).build()) {
                    rows.forEach(row -> {
                        if (!changed.contains((String) row.getField("file"))) {
                            kept.add(row.copy());
                        }
                    });
                }
                commit(filesTable, fileRecords(filesTable, kept, results, ingestedAt, context.runId()), true, "file", List.of());
            }
            int compacted = declaration.compact() ? Compaction.compact(table, TARGET_FILE_SIZE, SMALL_FILE_SIZE) : 0;

            Map<String, Object> details = new LinkedHashMap<>();
            details.put("files_read", (long) toRead.size());
            details.put("files_skipped", (long) (files.size() - toRead.size()));
            details.put("rows_read", read);
            details.put("rows_written", written);
            details.put("rows_rejected", rejected);
            if (declaration.compact()) {
                details.put("files_compacted", (long) compacted);
            }
            Map<String, String> toRecord = new LinkedHashMap<>();
            if (partitioning.isPresent()) {
                // Every partition whose files are all taken in now, and whose fingerprint is not the one recorded.
                Map<String, Ingested> now = new HashMap<>(replace ? Map.of() : ingested);
                results.forEach(result -> now.put(result.file().name(), new Ingested(result.file().size(), Optional.of(result.file().modified()),
                        result.sha256())));
                fingerprints(placed, now, true).forEach((key, fingerprint) -> {
                    if (!fingerprint.equals(recorded.get(key))) {
                        toRecord.put(key, fingerprint);
                    }
                });
                List<Partition> built = toRead.stream().map(placed::get).distinct().sorted(java.util.Comparator.comparing(Partition::key)).toList();
                details.put("partitions_built", (long) built.size());
                details.put("partitions_up_to_date", placed.values().stream().distinct().filter(partition -> !built.contains(partition)).count());
                details.put("partitions", Partition.describe(built));
            }
            return new Built(OptionalLong.of(written), details, List.of(rejectCheck(context.asset(), declaration, read, rejected, results,
                    relation.identifier() + "__rejects")), toRecord);
        }
        finally {
            if (catalog instanceof java.io.Closeable closeable) {
                closeable.close();
            }
        }
    }

    private static CheckResult rejectCheck(Asset asset, IngestDeclaration declaration, long read, long rejected, List<FileResult> results,
                                           String rejectsTable) {
        return rejectCheckOf(asset, declaration, read, rejected, results.stream().flatMap(result -> result.sample().stream()).limit(5).toList(),
                rejectsTable);
    }

    /** The {@code max_rejects_<name>} check of an asset: fails over the limit, warns under it when any record was rejected. */
    static CheckResult rejectCheckOf(Asset asset, IngestDeclaration declaration, long read, long rejected, List<Map<String, Object>> sample,
                                   String rejectsTable) {
        CheckOutcome outcome = declaration.maxRejects().exceeded(rejected, read) ? CheckOutcome.FAIL
                : rejected > 0 ? CheckOutcome.WARN : CheckOutcome.PASS;
        String limit = declaration.maxRejects().isPercent() ? declaration.maxRejects().percent() + "%" : Long.toString(declaration.maxRejects().count());
        return new CheckResult("max_rejects_" + asset.name(), asset.key(), outcome, rejected, sample,
                "-- " + rejected + " of " + read + " records rejected; max_rejects " + limit + "; see " + rejectsTable, Optional.of(rejectsTable));
    }

    static Table table(org.apache.iceberg.catalog.Catalog catalog, TableIdentifier identifier, Schema schema, IngestDeclaration declaration) {
        synchronized (IngestBuilder.class) {
            if (!catalog.tableExists(identifier)) {
                PartitionSpec spec = declaration == null ? PartitionSpec.unpartitioned() : IcebergTypes.partitionSpec(schema, declaration.partitionBy());
                // Full bounds on the file column: the data files of a changed source file can be found and replaced.
                String fileColumn = schema.findField(IcebergTypes.SOURCE_FILE) != null ? IcebergTypes.SOURCE_FILE : "file";
                Map<String, String> properties = new LinkedHashMap<>(Map.of(
                        TableProperties.FORMAT_VERSION, "2",
                        TableProperties.PARQUET_COMPRESSION, "zstd"));
                if (schema.findField(fileColumn) != null) {
                    properties.put(TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + fileColumn, "full");
                }
                return catalog.buildTable(identifier, schema).withPartitionSpec(spec).withProperties(properties).create();
            }
        }
        Table table = catalog.loadTable(identifier);
        evolve(table, schema, identifier);
        return table;
    }

    /** Adds declared columns the table lacks; a column whose type changed is an error (a full refresh does not fix that either). */
    private static void evolve(Table table, Schema declared, TableIdentifier identifier) {
        UpdateSchema update = null;
        for (Types.NestedField column : declared.columns()) {
            Types.NestedField existing = table.schema().findField(column.name());
            if (existing == null) {
                update = update == null ? table.updateSchema() : update;
                update.addColumn(column.name(), column.type(), column.doc());
            }
            else if (!sameType(existing.type(), column.type()) && !(existing.type().isPrimitiveType() && column.type().isPrimitiveType()
                    && org.apache.iceberg.types.TypeUtil.isPromotionAllowed(existing.type(), column.type().asPrimitiveType()))) {
                throw new IllegalArgumentException("column '" + column.name() + "' of " + identifier + " is " + existing.type()
                        + " in the table but declared " + column.type() + "; drop the table or rename the column");
            }
            else if (!sameType(existing.type(), column.type())) {
                update = update == null ? table.updateSchema() : update;
                update.updateColumn(column.name(), column.type().asPrimitiveType());
            }
        }
        if (update != null) {
            update.commit();
        }
    }

    /**
     * Whether two types are the same but for the ids of nested fields: a new table's nested fields get fresh ids from the
     * catalog, so a list or struct declared again never has the ids of the table's.
     */
    private static boolean sameType(org.apache.iceberg.types.Type existing, org.apache.iceberg.types.Type declared) {
        if (existing.equals(declared)) {
            return true;
        }
        if (existing.isPrimitiveType() || declared.isPrimitiveType()) {
            return false;
        }
        try {
            Schema withExistingIds = org.apache.iceberg.types.TypeUtil.reassignIds(new Schema(Types.NestedField.optional(1, "column", declared)),
                    new Schema(Types.NestedField.optional(1, "column", existing)));
            return withExistingIds.findField(1).type().equals(existing);
        }
        catch (RuntimeException e) {
            return false;
        }
    }

    /** The partition fingerprints recorded with the table on this branch, by key. */
    private static Map<String, String> recordedPartitions(Table table) {
        Map<String, String> recorded = new HashMap<>();
        table.properties().forEach((name, value) -> {
            if (name.startsWith(IcebergRelations.PARTITION_PREFIX)) {
                recorded.put(name.substring(IcebergRelations.PARTITION_PREFIX.length()), value);
            }
        });
        return recorded;
    }

    /**
     * The partitions a run that names partitions reads again, of those that have files: the ones it names (every one,
     * when it names none), narrowed to those never recorded ({@code --missing}) or recorded with other files
     * ({@code --stale}).
     */
    private static Set<String> chosenPartitions(Context context, PartitionsDefinition definition, Map<String, String> current,
                                                Map<String, String> recorded) {
        PartitionSelection selection = context.partitions();
        Set<String> named = selection.namesPartitions()
                ? selection.partitions(definition, Instant.now()).stream().map(Partition::key).collect(Collectors.toSet()) : current.keySet();
        Set<String> chosen = new java.util.TreeSet<>();
        for (String key : current.keySet()) {
            if (!named.contains(key)) {
                continue;
            }
            boolean missing = !recorded.containsKey(key);
            boolean stale = !missing && !recorded.get(key).equals(current.get(key));
            boolean filtered = selection.missing() || selection.stale();
            if (!filtered || selection.missing() && missing || selection.stale() && stale) {
                chosen.add(key);
            }
        }
        return chosen;
    }

    /** What {@code <table>__files} says of a file ingested before; {@code modified} is absent in rows older than that column. */
    private record Ingested(long size, Optional<Instant> modified, String sha256) {
    }

    /** Path → what was recorded, for every file ingested before on this branch. */
    private static Map<String, Ingested> ingestedFiles(Table files) throws IOException {
        Map<String, Ingested> ingested = new HashMap<>();
        if (files.currentSnapshot() == null) {
            return ingested;
        }
        try (CloseableIterable<Record> rows = IcebergGenerics.read(files).build()) {
            for (Record row : rows) {
                ingested.put((String) row.getField("file"), new Ingested((Long) row.getField("size"),
                        Optional.ofNullable((OffsetDateTime) row.getField("modified_at")).map(OffsetDateTime::toInstant), (String) row.getField("sha256")));
            }
        }
        return ingested;
    }

    /**
     * Whether a file is the one ingested before: same size and time without reading it; same size, another
     * time (copied again, touched) → the same SHA-256.
     */
    private static boolean unchanged(SourceFile file, Ingested before) throws IOException {
        if (before == null || before.size() != file.size()) {
            return false;
        }
        return before.modified().equals(Optional.of(file.modified())) || before.sha256().equals(file.sha256());
    }

    private List<FileResult> readAll(Context context, IngestDeclaration declaration, Table table, Table rejectsTable,
                                     Schema schema, List<SourceFile> files, OffsetDateTime ingestedAt, Optional<FilePartitions> partitioning,
                                     Map<SourceFile, Partition> placed) throws Exception {
        if (files.isEmpty()) {
            return List.of();
        }
        Values values = new Values(declaration.sourceTimeZone().map(ZoneId::of).orElse(ZoneOffset.UTC), json);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(context.threads(), files.size()), runnable -> {
            Thread thread = new Thread(runnable, "strata-ingest");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<FileResult>> futures = new ArrayList<>();
            long nonce = System.nanoTime();
            if (partitioning.isPresent() && schema.caseInsensitiveFindField(partitioning.get().column()) == null) {
                throw new IOException("partitioned_by names column '" + partitioning.get().column() + "', which the table does not have");
            }
            for (int i = 0; i < files.size(); i++) {
                SourceFile file = files.get(i);
                int partitionId = i;
                Optional<Placement> placement = partitioning.map(partitions -> new Placement(partitions, placed.get(file),
                        schema.columns().indexOf(schema.caseInsensitiveFindField(partitions.column()))));
                futures.add(pool.submit(() -> readFile(declaration, table, rejectsTable, schema, values, file, ingestedAt, context.runId(),
                        partitionId, nonce, placement)));
            }
            List<FileResult> results = new ArrayList<>();
            for (Future<FileResult> future : futures) {
                try {
                    results.add(future.get());
                }
                catch (ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return results;
        }
        finally {
            pool.shutdownNow();
        }
    }

    /** The partition a file's name gives, and where its rows hold the partition column. */
    private record Placement(FilePartitions partitions, Partition partition, int column) {
    }

    private FileResult readFile(IngestDeclaration declaration, Table table, Table rejectsTable, Schema bound, Values values, SourceFile file,
                                OffsetDateTime ingestedAt, String runId, int partitionId, long nonce, Optional<Placement> placement) throws IOException {
        PartitionSpec spec = table.spec();
        try (PartitioningWriter<Record, DataWriteResult> data = writer(table, bound, partitionId, nonce, "data");
             Rejects rejects = new Rejects(rejectsTable, ingestedAt, runId, partitionId, nonce)) {
            PartitionKey key = new PartitionKey(spec, bound);
            InternalRecordWrapper wrapper = new InternalRecordWrapper(bound.asStruct());
            long[] counts = new long[2];
            FileIngest ingest = new FileIngest(declaration, bound, values, json, ingestedAt);
            String sha256 = ingest.ingest(file, new FileIngest.Sink() {
                @Override
                public void row(Record row, long line, java.util.function.Supplier<String> raw) throws IOException {
                    Optional<String> misplaced = placement.flatMap(place -> place.partitions().misplaced(row.get(place.column()), place.partition()));
                    if (misplaced.isPresent()) {
                        reject(line, raw.get(), misplaced.get());
                        return;
                    }
                    if (spec.isUnpartitioned()) {
                        data.write(row, spec, null);
                    }
                    else {
                        key.partition(wrapper.wrap(row));
                        data.write(row, spec, key);
                    }
                    counts[0]++;
                }

                @Override
                public void reject(long line, String raw, String reason) {
                    rejects.add(file.name(), line, raw, reason);
                    counts[1]++;
                }
            });
            data.close();
            rejects.close();
            return new FileResult(file, sha256, counts[0] + counts[1], counts[0], counts[1], data.result().dataFiles(), rejects.files(), rejects.sample());
        }
    }

    static PartitioningWriter<Record, DataWriteResult> writer(Table table, Schema schema, int partitionId, long nonce, String suffix) {
        return IcebergFiles.writer(table, schema, partitionId, nonce, suffix, TARGET_FILE_SIZE);
    }

    /** The rejects of one file, written as they come (a file of garbage does not fill memory), with a sample for the report. */
    static final class Rejects implements AutoCloseable {
        private final Table table;
        private final OffsetDateTime ingestedAt;
        private final String runId;
        private final int partitionId;
        private final long nonce;
        private final List<Map<String, Object>> sample = new ArrayList<>();
        private PartitioningWriter<Record, DataWriteResult> writer;
        private GenericRecord row;
        private boolean closed;

        Rejects(Table table, OffsetDateTime ingestedAt, String runId, int partitionId, long nonce) {
            this.table = table;
            this.ingestedAt = ingestedAt;
            this.runId = runId;
            this.partitionId = partitionId;
            this.nonce = nonce;
        }

        void add(String file, long line, String raw, String reason) {
            if (writer == null) {
                writer = writer(table, table.schema(), partitionId, nonce, "rejects");
                row = GenericRecord.create(table.schema());
            }
            row.setField(IcebergTypes.SOURCE_FILE, file);
            row.setField(IcebergTypes.SOURCE_LINE, line);
            row.setField("raw", raw);
            row.setField("reason", reason);
            row.setField(IcebergTypes.INGESTED_AT, ingestedAt);
            row.setField("run_id", runId);
            writer.write(row, table.spec(), null);
            if (sample.size() < 5) {
                sample.add(Map.of("file", file, "line", line, "reason", reason));
            }
        }

        List<Map<String, Object>> sample() {
            return sample;
        }

        List<DataFile> files() {
            return writer == null ? List.of() : writer.result().dataFiles();
        }

        @Override
        public void close() throws IOException {
            if (writer != null && !closed) {
                closed = true;
                writer.close();
            }
        }
    }

    /** The rows of {@code <table>__files}: those {@code kept}, then one for each file just read; one data file, none when there are no rows. */
    private static List<DataFile> fileRecords(Table filesTable, List<Record> kept, List<FileResult> results, OffsetDateTime ingestedAt,
                                              String runId) throws IOException {
        if (kept.isEmpty() && results.isEmpty()) {
            return List.of();
        }
        PartitioningWriter<Record, DataWriteResult> writer = writer(filesTable, filesTable.schema(), 0, System.nanoTime(), "files");
        try (writer) {
            kept.forEach(row -> writer.write(row, filesTable.spec(), null));
            GenericRecord row = GenericRecord.create(filesTable.schema());
            for (FileResult result : results) {
                row.setField("file", result.file().name());
                row.setField("size", result.file().size());
                row.setField("sha256", result.sha256());
                row.setField("modified_at", result.file().modified().atOffset(ZoneOffset.UTC));
                row.setField("rows_read", result.read());
                row.setField("rows_written", result.written());
                row.setField("rows_rejected", result.rejected());
                row.setField(IcebergTypes.INGESTED_AT, ingestedAt);
                row.setField("run_id", runId);
                writer.write(row, filesTable.spec(), null);
            }
        }
        return writer.result().dataFiles();
    }

    /**
     * One commit: all new files appended; on a replace, everything before removed; a changed source file's
     * earlier rows removed (found by the full bounds kept on its column).
     */
    private static void commit(Table table, List<DataFile> added, boolean replace, String fileColumn, List<String> changed) {
        if (replace) {
            var overwrite = table.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
            added.forEach(overwrite::addFile);
            overwrite.commit();
        }
        else if (!changed.isEmpty()) {
            Expression filter = Expressions.in(fileColumn, changed.toArray());
            var overwrite = table.newOverwrite().overwriteByRowFilter(filter);
            added.forEach(overwrite::addFile);
            try {
                overwrite.commit();
            }
            catch (ValidationException e) {
                throw new IllegalStateException("files changed since they were ingested (" + String.join(", ", changed) + "), but their rows share"
                        + " data files with other files' rows (compaction merged them); run with --full-refresh to ingest every file again", e);
            }
        }
        else if (!added.isEmpty()) {
            var append = table.newAppend();
            added.forEach(append::appendFile);
            append.commit();
        }
    }
}
