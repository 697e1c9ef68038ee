package io.strata.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * Tells whether any file of a project changed (added, removed, edited) since it was last read, from the
 * files' names, sizes and modification times; Strata's own output folders and hidden folders are not
 * the project.
 */
final class ProjectStamp {
    private static final Set<String> NOT_THE_PROJECT = Set.of("target", "logs", "node_modules");

    /** The state of the project's files at one moment. */
    record Value(long files, long hash) {
    }

    private final Path root;

    ProjectStamp(Path root) {
        this.root = root;
    }

    Value read() {
        long[] files = {0};
        long[] hash = {17};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    String name = directory.getFileName() == null ? "" : directory.getFileName().toString();
                    boolean skip = !directory.equals(root) && (name.startsWith(".") || NOT_THE_PROJECT.contains(name));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    files[0]++;
                    hash[0] = 31 * hash[0] + root.relativize(file).toString().hashCode();
                    hash[0] = 31 * hash[0] + attributes.size();
                    hash[0] = 31 * hash[0] + attributes.lastModifiedTime().toMillis();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // A file removed while the tree is read: the next read sees the change.
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the project folder " + root, e);
        }
        return new Value(files[0], hash[0]);
    }
}
