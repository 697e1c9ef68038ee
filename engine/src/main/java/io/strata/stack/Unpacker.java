package io.strata.stack;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Unpacks a {@code .tar.gz} or {@code .zip} once into a folder, marked complete only when fully written. */
final class Unpacker {
    private static final String COMPLETE = ".strata-complete";

    private Unpacker() {
    }

    /**
     * Unpacks {@code archive} into {@code target} unless that was already done, dropping the archive's
     * single top-level folder (so {@code trino-server-core-476/lib} lands at {@code target/lib}).
     */
    static Path unpackOnce(Path archive, Path target) {
        if (Files.exists(target.resolve(COMPLETE))) {
            return target;
        }
        Path staging = target.resolveSibling(target.getFileName() + ".unpacking-" + ProcessHandle.current().pid());
        try {
            delete(staging);
            Files.createDirectories(staging);
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                 ArchiveInputStream<? extends ArchiveEntry> entries = open(archive, raw)) {
                for (ArchiveEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                    String name = entry.getName();
                    int slash = name.indexOf('/');
                    String inner = slash < 0 ? "" : name.substring(slash + 1);
                    if (inner.isEmpty()) {
                        continue;
                    }
                    Path destination = staging.resolve(inner).normalize();
                    if (!destination.startsWith(staging)) {
                        throw new StackException("archive " + archive + " has an entry outside its folder: " + name);
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(destination);
                    }
                    else {
                        Files.createDirectories(destination.getParent());
                        Files.copy(entries, destination, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.writeString(staging.resolve(COMPLETE), archive.getFileName().toString());
            delete(target);
            Files.createDirectories(target.getParent());
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        }
        catch (IOException e) {
            throw new StackException("cannot unpack " + archive + " into " + target + ": " + e.getMessage(), e);
        }
        finally {
            delete(staging);
        }
    }

    private static ArchiveInputStream<? extends ArchiveEntry> open(Path archive, InputStream raw) throws IOException {
        String name = archive.getFileName().toString();
        if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            return new TarArchiveInputStream(new GzipCompressorInputStream(raw));
        }
        if (name.endsWith(".zip")) {
            return new ZipArchiveInputStream(raw);
        }
        throw new StackException("cannot unpack " + archive + ": not a .tar.gz or .zip");
    }

    static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path file : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
