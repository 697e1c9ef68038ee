package io.strata.ingestion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * A file an ingest asset reads: its name as recorded ({@code _source_file}: relative to the project, or the
 * {@code s3://bucket/key} of an object), its size and modification time (to microseconds, as Iceberg keeps
 * it), and where its bytes are. Size and time tell an unchanged file from one to read again without reading
 * it; its SHA-256 is taken as it is ingested.
 */
record SourceFile(String name, long size, Instant modified, Bytes bytes) {
    /** Where a source file's bytes are: a local file, or an object in a store that is only streamed. */
    @FunctionalInterface
    interface Bytes {
        InputStream open() throws IOException;
    }

    /** A local file with a source file's bytes; closing it deletes it if it is a copy. */
    record LocalCopy(Path path, boolean temporary) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (temporary) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A file on the local file system. */
    record LocalFile(Path path) implements Bytes {
        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the whole file for its SHA-256 (only for a file whose time changed but whose size did not). */
    String sha256() throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(bytes.open(), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The file's bytes, uncompressed when its name ends in {@code .gz}. */
    InputStream open() throws IOException {
        return decompressed(bytes.open());
    }

    /** Like {@link #open()}, adding every byte of the file as stored to {@code digest} as it is read. */
    InputStream open(MessageDigest digest) throws IOException {
        return decompressed(new DigestInputStream(bytes.open(), digest));
    }

    /** The file's bytes as a local file, for readers that seek (Parquet): the file itself, or a temporary copy. */
    LocalCopy local() throws IOException {
        if (bytes instanceof LocalFile file) {
            return new LocalCopy(file.path(), false);
        }
        try (InputStream stored = bytes.open()) {
            return local(stored);
        }
    }

    /**
     * Like {@link #local()}, copying a streamed file from {@code stored} (its bytes as stored, being read
     * already, for instance through a digest) instead of reading it once more.
     */
    LocalCopy local(InputStream stored) throws IOException {
        if (bytes instanceof LocalFile file) {
            return new LocalCopy(file.path(), false);
        }
        Path copy = Files.createTempFile("strata-source-", name.substring(name.lastIndexOf('/') + 1));
        try {
            Files.copy(stored, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
        return new LocalCopy(copy, true);
    }

    private InputStream decompressed(InputStream in) throws IOException {
        return name.endsWith(".gz") || name.endsWith(".gzip") ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
