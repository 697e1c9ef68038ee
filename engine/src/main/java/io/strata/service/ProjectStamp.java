package io.strata.service;

import io.strata.project.ProjectFile;
import io.strata.project.ProjectScanner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Tells whether a file the compiler reads changed (added, removed, edited) since it was last read: the project
 * file and what {@link ProjectScanner} finds in the project's model, macro, seed and test folders, by name, size
 * and modification time. The same files the compiler scans, so a change it would see is never missed.
 */
final class ProjectStamp {
    /** The state of the project's files at one moment. */
    record Value(List<ProjectScanner.ProjectPath> files, long projectFileSize, long projectFileModified) {
        Value {
            files = List.copyOf(files);
        }
    }

    private final Path root;

    ProjectStamp(Path root) {
        this.root = root;
    }

    Value read() {
        try {
            BasicFileAttributes projectFile = Files.readAttributes(ProjectFile.locate(root), BasicFileAttributes.class);
            return new Value(ProjectScanner.scan(root, ProjectFile.load(root)), projectFile.size(), projectFile.lastModifiedTime().toMillis());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the project file in " + root, e);
        }
    }
}
