package io.strata.ingestion;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.RollingDataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.StructLikeWrapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites an ingest table's small data files (hourly drops make many) into fewer large ones, partition by
 * partition, in one rewrite commit on the run's branch. The rows stay the same; only their files change.
 */
final class Compaction {
    private Compaction() {
    }

    /** Returns how many small files were rewritten. */
    static int compact(Table table, long targetSize, long smallSize) throws IOException {
        table.refresh();
        if (table.currentSnapshot() == null) {
            return 0;
        }
        Map<StructLikeWrapper, List<DataFile>> small = new LinkedHashMap<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                if (task.file().fileSizeInBytes() < smallSize && task.deletes().isEmpty()) {
                    small.computeIfAbsent(StructLikeWrapper.forType(table.spec().partitionType()).set(task.file().partition()),
                            key -> new ArrayList<>()).add(task.file());
                }
            }
        }
        Set<DataFile> removed = new HashSet<>();
        Set<DataFile> added = new HashSet<>();
        GenericFileWriterFactory factory = new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
        int group = 0;
        for (List<DataFile> files : small.values()) {
            if (files.size() < 2) {
                continue;
            }
            OutputFileFactory outputs = OutputFileFactory.builderFor(table, group++, System.nanoTime()).format(FileFormat.PARQUET)
                    .suffix("compacted").build();
            RollingDataWriter<Record> writer = new RollingDataWriter<>(factory, outputs, table.io(), targetSize, table.spec(),
                    files.getFirst().partition());
            try (writer) {
                for (DataFile file : files) {
                    try (CloseableIterable<Record> rows = Parquet.read(table.io().newInputFile(file.location())).project(table.schema())
                            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(table.schema(), fileSchema)).build()) {
                        rows.forEach(writer::write);
                    }
                }
            }
            removed.addAll(files);
            added.addAll(writer.result().dataFiles());
        }
        if (!removed.isEmpty()) {
            table.newRewrite().rewriteFiles(removed, added).commit();
        }
        return removed.size();
    }
}
