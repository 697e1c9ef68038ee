package io.strata.project.packages;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/** The file operations of an install, none of which follows a link out of the folder it works in. */
final class PackageFolder {
    /** Folders of a local package not copied when it cannot be linked: what dbt builds or installs in it. */
    private static final Set<String> NOT_COPIED = Set.of(".git", "target", PackageInstaller.FOLDER, "logs");

    private PackageFolder() {
    }

    /** {@code folder} made empty for a clean install: what is inside is deleted, links as links; nothing outside it is touched. */
    static Path empty(Path folder) {
        try {
            if (Files.isSymbolicLink(folder)) {
                Files.delete(folder);
            }
            else if (Files.isDirectory(folder)) {
                try (var children = Files.list(folder)) {
                    for (Path child : children.toList()) {
                        delete(child);
                    }
                }
            }
            else if (Files.exists(folder)) {
                throw new PackageException(folder + " is a file: packages are installed in a folder of that name; move the file away");
            }
            return Files.createDirectories(folder);
        }
        catch (IOException e) {
            throw new PackageException("cannot empty " + folder + " for a clean install: " + e.getMessage(), e);
        }
    }

    /** Deletes a file, a link (not its target) or a folder with what it holds, without following links. */
    static void delete(Path path) {
        try {
            if (Files.isSymbolicLink(path) || !Files.isDirectory(path)) {
                Files.deleteIfExists(path);
                return;
            }
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    // Git makes its object files read-only, which stops deleting them on Windows.
                    file.toFile().setWritable(true);
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException error) throws IOException {
                    if (error != null) {
                        throw error;
                    }
                    Files.delete(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (IOException e) {
            throw new PackageException("cannot delete " + path + ": " + e.getMessage(), e);
        }
    }

    /** Copies a local package, without what dbt builds or installs in it. */
    static void copy(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                if (!directory.equals(source) && NOT_COPIED.contains(directory.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(target.resolve(source.relativize(directory).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
