package io.strata.ingestion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A file an ingest asset reads: where it is, its name as recorded ({@code _source_file}, relative to the
 * project), its size and modification time (to microseconds, as Iceberg keeps it). Size and time tell an
 * unchanged file from one to read again without reading it; its SHA-256 is taken as it is ingested.
 */
record SourceFile(Path path, String name, long size, Instant modified) {
    /** The files a glob (relative to the project root) matches, in name order. */
    static List<SourceFile> matching(Path root, String glob) throws IOException {
        if (glob.startsWith("s3://")) {
            throw new IOException("s3:// sources are not read yet; copy the files under the project or use a path");
        }
        Path base = root;
        String pattern = glob;
        int firstWildcard = firstWildcard(glob);
        int slash = glob.lastIndexOf('/', firstWildcard < 0 ? glob.length() : firstWildcard);
        if (slash >= 0) {
            base = root.resolve(glob.substring(0, slash));
            pattern = glob.substring(slash + 1);
        }
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<SourceFile> files = new ArrayList<>();
        try (Stream<Path> found = Files.walk(base)) {
            for (Path file : found.filter(Files::isRegularFile).sorted().toList()) {
                if (matcher.matches(base.relativize(file))) {
                    files.add(new SourceFile(file, root.relativize(file).toString().replace('\\', '/'), Files.size(file),
                            Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MICROS)));
                }
            }
        }
        return files;
    }

    private static int firstWildcard(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            if ("*?[{".indexOf(glob.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
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
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The file's bytes, uncompressed when its name ends in {@code .gz}. */
    InputStream open() throws IOException {
        return decompressed(Files.newInputStream(path));
    }

    /** Like {@link #open()}, adding every byte of the file as stored to {@code digest} as it is read. */
    InputStream open(MessageDigest digest) throws IOException {
        return decompressed(new DigestInputStream(Files.newInputStream(path), digest));
    }

    private InputStream decompressed(InputStream in) throws IOException {
        return name.endsWith(".gz") || name.endsWith(".gzip") ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
