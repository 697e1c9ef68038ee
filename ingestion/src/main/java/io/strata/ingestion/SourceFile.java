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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A file an ingest asset reads: where it is, its name as recorded ({@code _source_file}, relative to the
 * project), its size and SHA-256, which tell a changed file from one already ingested.
 */
record SourceFile(Path path, String name, long size, String sha256) {
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
        Path start = base;
        List<SourceFile> files = new ArrayList<>();
        try (Stream<Path> found = Files.walk(base)) {
            for (Path file : found.filter(Files::isRegularFile).sorted().toList()) {
                Path relative = start.relativize(file);
                if (matcher.matches(relative)) {
                    files.add(new SourceFile(file, root.relativize(file).toString().replace('\\', '/'), Files.size(file), sha256(file)));
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

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file's bytes, uncompressed when its name ends in {@code .gz}. */
    InputStream open() throws IOException {
        InputStream in = Files.newInputStream(path);
        return name.endsWith(".gz") || name.endsWith(".gzip") ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
