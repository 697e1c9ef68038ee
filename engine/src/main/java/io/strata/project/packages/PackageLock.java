package io.strata.project.packages;

import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.ProjectException;
import io.strata.project.YamlNode;
import io.strata.project.YamlReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code package-lock.yml}, as dbt 1.7+ writes it: the packages last installed, pinned (git packages at a full
 * commit, hub packages at one version), and {@code sha1_hash:} of the packages file they were resolved from.
 * While that hash matches the packages file, an install takes exactly the locked packages.
 */
public record PackageLock(String sha1Hash, List<PackageDeclaration> packages) {
    public static final String FILE = "package-lock.yml";

    public PackageLock {
        requireNonNull(sha1Hash, "sha1Hash");
        packages = List.copyOf(packages);
    }

    /**
     * The lock at {@code root} when it was written for the packages file whose hash is {@code sha1Hash}; empty when
     * there is none or it was written for another (its entries are then not read: they are resolved again).
     */
    public static Optional<PackageLock> find(Path root, String sha1Hash) {
        Path file = root.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), sha1Hash);
        }
        catch (IOException e) {
            throw new ProjectException(Diagnostic.error(Location.of(FILE), "cannot read " + FILE + ": " + e.getMessage()));
        }
    }

    static Optional<PackageLock> parse(String text, String sha1Hash) {
        YamlNode root = YamlReader.read(FILE, text).orElse(null);
        if (!(root instanceof YamlNode.Mapping mapping)) {
            throw new ProjectException(Diagnostic.error(root == null ? Location.of(FILE) : root.location(),
                    FILE + " must be a mapping with 'packages:' and 'sha1_hash:'; delete it and run strata deps to write it again"));
        }
        if (!mapping.string("sha1_hash").orElse("").equals(sha1Hash)) {
            return Optional.empty();
        }
        return Optional.of(new PackageLock(sha1Hash, PackagesFile.entries(mapping, FILE, Set.of("sha1_hash"))));
    }

    /** The lock's text for the packages installed from a packages file whose hash is {@code sha1Hash}. */
    public static String text(String sha1Hash, List<InstalledPackage> installed) {
        StringBuilder text = new StringBuilder("packages:\n");
        for (InstalledPackage installedPackage : installed) {
            switch (installedPackage.locked()) {
                case PackageDeclaration.Local local -> text.append("  - local: ").append(quote(local.path())).append('\n');
                case PackageDeclaration.Git git -> {
                    text.append("  - git: ").append(quote(git.url())).append('\n');
                    git.revision().ifPresent(revision -> text.append("    revision: ").append(quote(revision)).append('\n'));
                    git.subdirectory().ifPresent(subdirectory -> text.append("    subdirectory: ").append(quote(subdirectory)).append('\n'));
                }
                case PackageDeclaration.Hub hub -> text.append("  - package: ").append(quote(hub.name())).append('\n')
                        .append("    version: ").append(quote(String.join(", ", hub.versions()))).append('\n');
            }
            text.append("    name: ").append(quote(installedPackage.name())).append('\n');
        }
        return text.append("sha1_hash: ").append(quote(sha1Hash)).append('\n').toString();
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
