package io.strata.compile;

import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.ProjectScanner.ProjectPath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Set;

/** The text of project files, read again only when a file's size or modification time changes. */
final class FileTexts {
    private final FileCache<Outcome<String>> texts = new FileCache<>();

    Outcome<String> read(ProjectPath file) {
        return texts.get(file, version -> {
            try {
                return Outcome.of(Files.readString(version.file(), StandardCharsets.UTF_8));
            }
            catch (IOException e) {
                return Outcome.failed(Diagnostic.error(Location.of(version.path()), "cannot read file: " + e.getMessage()));
            }
        });
    }

    /** Forgets files that are gone from the project. */
    void retain(Set<String> paths) {
        texts.retain(paths);
    }
}
