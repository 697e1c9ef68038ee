package io.strata.project.packages;

import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.ProjectException;
import io.strata.project.VersionRange;
import io.strata.project.YamlNode;
import io.strata.project.YamlReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The packages a project declares: {@code packages.yml}, or {@code dependencies.yml} as dbt 1.6+ reads it, at the
 * project root, each with a {@code packages:} list. A project holds one of the two, never both.
 *
 * @param fileName {@code packages.yml} or {@code dependencies.yml}; for an installed package's, after {@code dbt_packages/<name>/}
 * @param text the file's text, whose hash the lock records
 */
public record PackagesFile(String fileName, String text, List<PackageDeclaration> packages) {
    public static final String PACKAGES = "packages.yml";
    public static final String DEPENDENCIES = "dependencies.yml";

    private static final Set<String> LOCAL_KEYS = Set.of("local", "name");
    private static final Set<String> GIT_KEYS = Set.of("git", "revision", "subdirectory", "warn-unpinned", "name");
    private static final Set<String> HUB_KEYS = Set.of("package", "version", "name");

    public PackagesFile {
        requireNonNull(fileName, "fileName");
        requireNonNull(text, "text");
        packages = List.copyOf(packages);
    }

    /** The packages file at {@code root}, or empty when the project declares no packages. */
    public static Optional<PackagesFile> find(Path root) {
        return find(root, "");
    }

    /**
     * The packages file in {@code folder}, named in messages with {@code prefix} before its name (an installed
     * package's {@code dbt_packages/<name>/}), or empty when there is none.
     */
    public static Optional<PackagesFile> find(Path folder, String prefix) {
        Path root = folder;
        Path packages = root.resolve(PACKAGES);
        Path dependencies = root.resolve(DEPENDENCIES);
        boolean hasPackages = Files.isRegularFile(packages);
        boolean hasDependencies = Files.isRegularFile(dependencies);
        if (hasPackages && hasDependencies) {
            throw new ProjectException(Diagnostic.error(Location.of(prefix + DEPENDENCIES),
                    "the project has both " + PACKAGES + " and " + DEPENDENCIES + ": declare its packages in one of them, as dbt requires"));
        }
        if (!hasPackages && !hasDependencies) {
            return Optional.empty();
        }
        Path file = hasPackages ? packages : dependencies;
        String fileName = prefix + file.getFileName().toString();
        try {
            return Optional.of(parse(fileName, Files.readString(file, StandardCharsets.UTF_8)));
        }
        catch (IOException e) {
            throw new ProjectException(Diagnostic.error(Location.of(fileName), "cannot read " + fileName + ": " + e.getMessage()));
        }
    }

    /** Reads the packages file's text; every bad entry is an error naming its line. */
    public static PackagesFile parse(String fileName, String text) {
        Optional<YamlNode> root = YamlReader.read(fileName, text);
        if (root.isEmpty()) {
            return new PackagesFile(fileName, text, List.of());
        }
        if (!(root.get() instanceof YamlNode.Mapping mapping)) {
            throw new ProjectException(Diagnostic.error(root.get().location(), fileName + " must be a mapping with a 'packages:' list"));
        }
        return new PackagesFile(fileName, text, entries(mapping, fileName, Set.of()));
    }

    /** The SHA-1 of the file's text, as the lock records it to tell whether the declarations changed. */
    public String sha1() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /** The entries of {@code mapping}'s {@code packages:} list; {@code otherKeys} are the top-level keys besides it the file may hold. */
    static List<PackageDeclaration> entries(YamlNode.Mapping mapping, String fileName, Set<String> otherKeys) {
        List<Diagnostic> errors = new ArrayList<>();
        for (String key : mapping.entries().keySet()) {
            // dependencies.yml may also list dbt Mesh projects (dbt Cloud), which are not packages to install.
            if (!key.equals("packages") && !otherKeys.contains(key) && !(fileName.endsWith(DEPENDENCIES) && key.equals("projects"))) {
                errors.add(Diagnostic.error(mapping.locationOf(key), "unknown key '" + key + "' in " + fileName + ": it holds a 'packages:' list"));
            }
        }
        List<PackageDeclaration> packages = new ArrayList<>();
        for (YamlNode item : mapping.sequence("packages")) {
            try {
                if (!(item instanceof YamlNode.Mapping entry)) {
                    throw error(item.location(), "each package is a mapping such as 'local: ../my_package', 'git: https://…' or 'package: dbt-labs/dbt_utils'");
                }
                packages.add(entry(entry));
            }
            catch (ProjectException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new ProjectException(errors);
        }
        return packages;
    }

    private static PackageDeclaration entry(YamlNode.Mapping entry) {
        List<String> kinds = new ArrayList<>(entry.entries().keySet().stream()
                .filter(key -> Set.of("local", "git", "package", "tarball", "private").contains(key)).toList());
        if (kinds.size() != 1) {
            throw error(entry.location(), kinds.isEmpty()
                    ? "a package needs one of 'local:', 'git:' or 'package:' (found " + entry.entries().keySet() + ")"
                    : "a package is one of 'local:', 'git:' or 'package:', not " + String.join(" and ", kinds));
        }
        String kind = kinds.getFirst();
        return switch (kind) {
            case "local" -> {
                checkKeys(entry, LOCAL_KEYS, "a local package");
                yield new PackageDeclaration.Local(required(entry, "local"), entry.location());
            }
            case "git" -> {
                checkKeys(entry, GIT_KEYS, "a git package");
                for (String key : List.of("git", "revision")) {
                    // Git would read such a value as an option of its own.
                    if (optional(entry, key).filter(value -> value.startsWith("-")).isPresent()) {
                        throw error(entry.locationOf(key), "'" + key + ":' cannot start with '-'");
                    }
                }
                yield new PackageDeclaration.Git(required(entry, "git"), optional(entry, "revision"), optional(entry, "subdirectory"),
                        flag(entry, "warn-unpinned"), entry.location());
            }
            case "package" -> {
                checkKeys(entry, HUB_KEYS, "a hub package");
                yield hub(entry);
            }
            default -> throw error(entry.locationOf(kind), "'" + kind + ":' packages are not installed by strata deps:"
                    + " declare the package with 'git:' and 'revision:', or download it and declare it with 'local:'");
        };
    }

    private static PackageDeclaration.Hub hub(YamlNode.Mapping entry) {
        String name = required(entry, "package");
        if (!name.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            throw error(entry.locationOf("package"), "a hub package is named '<organisation>/<package>', such as 'dbt-labs/dbt_utils', not '" + name + "'");
        }
        YamlNode version = entry.get("version").orElseThrow(() -> error(entry.locationOf("package"),
                "hub package " + name + " needs 'version:', a version or a list such as [\">=1.0.0\", \"<2.0.0\"]"));
        List<String> versions = new ArrayList<>();
        switch (version) {
            case YamlNode.Scalar scalar when !scalar.isNull() -> versions.add(scalar.text());
            case YamlNode.Sequence sequence -> {
                for (YamlNode item : sequence.items()) {
                    if (!(item instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
                        throw error(item.location(), "each constraint of 'version:' is a text such as \">=1.0.0\"");
                    }
                    versions.add(scalar.text());
                }
            }
            default -> throw error(version.location(), "'version:' is a version or a list such as [\">=1.0.0\", \"<2.0.0\"]");
        }
        try {
            VersionRange.parse(versions);
        }
        catch (IllegalArgumentException e) {
            throw error(version.location(), "hub package " + name + ": " + e.getMessage());
        }
        return new PackageDeclaration.Hub(name, versions, entry.location());
    }

    private static void checkKeys(YamlNode.Mapping entry, Set<String> known, String what) {
        for (String key : entry.entries().keySet()) {
            if (!known.contains(key)) {
                throw error(entry.locationOf(key), "unknown key '" + key + "' in " + what + "; it takes " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static String required(YamlNode.Mapping entry, String key) {
        String value = entry.string(key).map(String::strip).orElse("");
        if (value.isEmpty()) {
            throw error(entry.locationOf(key), "'" + key + ":' needs a value");
        }
        return value;
    }

    private static Optional<String> optional(YamlNode.Mapping entry, String key) {
        return entry.string(key).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static boolean flag(YamlNode.Mapping entry, String key) {
        Optional<YamlNode> node = entry.get(key);
        if (node.isEmpty() || node.get() instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            return true;
        }
        if (node.get() instanceof YamlNode.Scalar scalar && scalar.value() instanceof Boolean value) {
            return value;
        }
        throw error(node.get().location(), "'" + key + ":' is true or false");
    }

    private static ProjectException error(Location location, String message) {
        return new ProjectException(Diagnostic.error(location, message));
    }
}
