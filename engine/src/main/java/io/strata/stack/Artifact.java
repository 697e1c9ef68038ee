package io.strata.stack;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Maven coordinates of a file the stack needs: {@code group:artifact:version[:extension[:classifier]]}. */
public record Artifact(String groupId, String artifactId, String version, String extension, Optional<String> classifier) {
    public Artifact {
        requireNonNull(groupId, "groupId");
        requireNonNull(artifactId, "artifactId");
        requireNonNull(version, "version");
        requireNonNull(extension, "extension");
        requireNonNull(classifier, "classifier");
    }

    public static Artifact of(String coordinates) {
        String[] parts = coordinates.split(":");
        if (parts.length < 3 || parts.length > 5) {
            throw new IllegalArgumentException("expected group:artifact:version[:extension[:classifier]], got " + coordinates);
        }
        return new Artifact(parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : "jar",
                parts.length > 4 ? Optional.of(parts[4]) : Optional.empty());
    }

    public String fileName() {
        return artifactId + "-" + version + classifier.map(c -> "-" + c).orElse("") + "." + extension;
    }

    /** The path in a Maven repository, local or remote. */
    public String repositoryPath() {
        return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + fileName();
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + version + ":" + extension + classifier.map(c -> ":" + c).orElse("");
    }
}
