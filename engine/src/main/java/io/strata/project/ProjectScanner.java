package io.strata.project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Lists the project's files by role, with their size and modification time so that unchanged files
 * need not be read again. Follows dbt's layout: models and their YAML under the model paths, macros
 * under the macro paths (and generic tests under {@code tests/generic}), CSV seeds under the seed paths,
 * singular tests under the test paths, docs blocks in {@code .md} files under the model paths, snapshots
 * ({@code {% snapshot %}} blocks) and their YAML under the snapshot paths.
 */
public final class ProjectScanner {
    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", "dbt_packages", "node_modules", "logs");

    private ProjectScanner() {
    }

    public enum Role { MODEL, PROPERTIES, MACRO, SEED, SINGULAR_TEST, DOCS, SNAPSHOT }

    /**
     * @param path relative to the project root, {@code /} separators
     * @param resourceRoot the model, seed, macro or test path it was found under
     */
    public record ProjectPath(String path, Path file, Role role, String resourceRoot, long modified, long size) {
        /** The folders between the resource root and the file. */
        public List<String> folders() {
            String inside = path.substring(resourceRoot.length() + 1);
            int last = inside.lastIndexOf('/');
            return last < 0 ? List.of() : List.of(inside.substring(0, last).split("/"));
        }

        /** The file name without its extension: the model, seed or test name. */
        public String stem() {
            String name = path.substring(path.lastIndexOf('/') + 1);
            int dot = name.lastIndexOf('.');
            return dot < 0 ? name : name.substring(0, dot);
        }

        public boolean sameVersionAs(ProjectPath other) {
            return other != null && modified == other.modified && size == other.size;
        }
    }

    public static List<ProjectPath> scan(Path root, ProjectFile project) {
        List<ProjectPath> found = new ArrayList<>();
        for (String modelPath : project.modelPaths()) {
            walk(root, modelPath, found, name -> name.endsWith(".sql") ? Role.MODEL : isYaml(name) ? Role.PROPERTIES
                    : name.endsWith(".md") ? Role.DOCS : null);
        }
        for (String macroPath : project.macroPaths()) {
            walk(root, macroPath, found, name -> name.endsWith(".sql") ? Role.MACRO : null);
        }
        for (String seedPath : project.seedPaths()) {
            walk(root, seedPath, found, name -> name.endsWith(".csv") ? Role.SEED : isYaml(name) ? Role.PROPERTIES : null);
        }
        for (String snapshotPath : project.snapshotPaths()) {
            walk(root, snapshotPath, found, name -> name.endsWith(".sql") ? Role.SNAPSHOT : isYaml(name) ? Role.PROPERTIES : null);
        }
        for (String testPath : project.testPaths()) {
            // dbt keeps custom generic tests ({% test %} blocks) under tests/generic: they are macros.
            String generic = trimSlashes(testPath) + "/generic/";
            List<ProjectPath> tests = new ArrayList<>();
            walk(root, testPath, tests, name -> name.endsWith(".sql") ? Role.SINGULAR_TEST : isYaml(name) ? Role.PROPERTIES : null);
            for (ProjectPath test : tests) {
                boolean genericTest = test.role() == Role.SINGULAR_TEST && test.path().startsWith(generic);
                found.add(genericTest ? new ProjectPath(test.path(), test.file(), Role.MACRO, test.resourceRoot(), test.modified(), test.size()) : test);
            }
        }
        return found;
    }

    /** The folder dbt installs packages into, relative to the project root. */
    public static final String PACKAGES_FOLDER = "dbt_packages";

    /**
     * The packages installed under {@code dbt_packages/}: each folder holding a {@code dbt_project.yml}, with the
     * macro files under its macro paths and its custom generic tests; sorted by folder name. A package whose project
     * file does not read is an error naming that file.
     */
    public static List<InstalledPackage> packages(Path root) {
        Path folder = root.resolve(PACKAGES_FOLDER);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> installed = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                // A local package is a link to its folder; a folder starting with '.' is an install in progress.
                if (!entry.getFileName().toString().startsWith(".") && Files.isDirectory(entry)
                        && Files.isRegularFile(entry.resolve(ProjectFile.DBT_FILE))) {
                    installed.add(entry);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        installed.sort(java.util.Comparator.comparing(Path::toString));
        List<InstalledPackage> packages = new ArrayList<>();
        for (Path packageRoot : installed) {
            String relative = PACKAGES_FOLDER + "/" + packageRoot.getFileName();
            ProjectFile project;
            try {
                project = ProjectFile.parse(relative + "/" + ProjectFile.DBT_FILE,
                        Files.readString(packageRoot.resolve(ProjectFile.DBT_FILE), java.nio.charset.StandardCharsets.UTF_8));
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot read " + relative + "/" + ProjectFile.DBT_FILE, e);
            }
            List<ProjectPath> macros = new ArrayList<>();
            for (String macroPath : project.macroPaths()) {
                walk(root, relative + "/" + trimSlashes(macroPath), macros, name -> name.endsWith(".sql") ? Role.MACRO : null);
            }
            for (String testPath : project.testPaths()) {
                walk(root, relative + "/" + trimSlashes(testPath) + "/generic", macros, name -> name.endsWith(".sql") ? Role.MACRO : null);
            }
            packages.add(new InstalledPackage(relative, project, macros));
        }
        return packages;
    }

    private static boolean isYaml(String name) {
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }

    /**
     * Lists one resource root. Its subfolders are walked in parallel (a large project keeps thousands of
     * models in a few hundred folders); the result is sorted by path so that messages are stable.
     */
    private static void walk(Path root, String resourceRoot, List<ProjectPath> found, java.util.function.Function<String, Role> roleOf) {
        String normalized = trimSlashes(resourceRoot);
        Path start = root.resolve(normalized);
        if (!Files.isDirectory(start)) {
            return;
        }
        List<Path> folders = new ArrayList<>();
        List<ProjectPath> here = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(start)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    if (!skipped(entry)) {
                        folders.add(entry);
                    }
                }
                else {
                    visit(root, normalized, entry, Files.readAttributes(entry, BasicFileAttributes.class), roleOf, here);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot list " + start, e);
        }
        List<List<ProjectPath>> below = folders.parallelStream().map(folder -> walkFolder(root, normalized, folder, roleOf)).toList();
        below.forEach(here::addAll);
        here.sort(java.util.Comparator.comparing(ProjectPath::path));
        found.addAll(here);
    }

    private static List<ProjectPath> walkFolder(Path root, String resourceRoot, Path folder, java.util.function.Function<String, Role> roleOf) {
        List<ProjectPath> found = new ArrayList<>();
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return !dir.equals(folder) && skipped(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    visit(root, resourceRoot, file, attributes, roleOf, found);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        return found;
    }

    private static boolean skipped(Path folder) {
        String name = folder.getFileName().toString();
        return name.startsWith(".") || SKIPPED_FOLDERS.contains(name);
    }

    private static void visit(Path root, String resourceRoot, Path file, BasicFileAttributes attributes,
                              java.util.function.Function<String, Role> roleOf, List<ProjectPath> found) {
        String name = file.getFileName().toString();
        Role role = name.startsWith(".") ? null : roleOf.apply(name);
        if (role != null && attributes.isRegularFile()) {
            String relative = root.relativize(file).toString().replace('\\', '/');
            found.add(new ProjectPath(relative, file, role, resourceRoot, attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS), attributes.size()));
        }
    }

    private static String trimSlashes(String path) {
        String trimmed = path.replace('\\', '/');
        while (trimmed.startsWith("./")) {
            trimmed = trimmed.substring(2);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
