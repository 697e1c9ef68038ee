package io.strata.lake;

import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.PartitioningWriter;

/** Parquet data files of an Iceberg table, written from generic records, rolled over at a size; committing them is the caller's. */
public final class IcebergFiles {
    private IcebergFiles() {
    }

    /**
     * A writer of the table's data files for rows of {@code schema} (the table's schema or one bound to its field ids),
     * one open file per partition. {@code partitionId} and {@code nonce} keep the names of concurrent writers apart.
     */
    public static PartitioningWriter<Record, DataWriteResult> writer(Table table, Schema schema, int partitionId, long nonce, String suffix,
                                                                     long targetFileSize) {
        GenericFileWriterFactory factory = new GenericFileWriterFactory.Builder(table).dataSchema(schema).dataFileFormat(FileFormat.PARQUET).build();
        OutputFileFactory files = OutputFileFactory.builderFor(table, partitionId, nonce).format(FileFormat.PARQUET).suffix(suffix).build();
        return new FanoutDataWriter<>(factory, files, table.io(), targetFileSize);
    }
}
