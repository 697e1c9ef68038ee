package io.strata.project.packages;

import io.strata.project.DbtCompatibility;
import io.strata.project.Diagnostic;
import io.strata.project.ProjectFile;
import io.strata.project.StrataException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Installs a project's packages into {@code dbt_packages/<name>} as {@code dbt deps} does, {@code <name>} being the
 * {@code name:} of each package's own {@code dbt_project.yml}. The install is clean: {@code dbt_packages/} is emptied
 * first (links inside it are removed, never what they point to), so it holds exactly the declared packages.
 * A package that cannot be fetched is reported and the others are still installed; the lock is written only when
 * every package installed.
 */
public final class PackageInstaller {
    /** The folder packages are installed in, at the project root. */
    public static final String FOLDER = "dbt_packages";

    /** Folders of a local package not copied when it cannot be linked: what dbt builds or installs in it. */
    private static final Set<String> NOT_COPIED = Set.of(".git", "target", FOLDER, "logs");

    private final Path root;
    private final GitCommand git;
    private final HubIndex hub;

    PackageInstaller(Path root, GitCommand git, HubIndex hub) {
        this.root = requireNonNull(root, "root");
        this.git = requireNonNull(git, "git");
        this.hub = requireNonNull(hub, "hub");
    }

    /** The installer of the project at {@code project} (its folder), with the system's git and the public dbt hub. */
    public static PackageInstaller forProject(Path project) {
        return new PackageInstaller(ProjectFile.locate(project).getParent(), GitCommand.system(), new HubIndex(HubIndex.DEFAULT));
    }

    static PackageInstaller forProject(Path project, URI hub) {
        return new PackageInstaller(ProjectFile.locate(project).getParent(), GitCommand.system(), new HubIndex(hub));
    }

    public Path root() {
        return root;
    }

    /**
     * Installs the packages the lock pins when its hash matches the packages file, else those the packages file
     * declares, resolved again; a packages file with errors is a {@code ProjectException} and changes nothing.
     */
    public Installation install() {
        Optional<PackagesFile> declared = PackagesFile.find(root);
        if (declared.isEmpty() || declared.get().packages().isEmpty()) {
            return new Installation(declared.map(PackagesFile::fileName).orElse(""), List.of(), List.of(), List.of(), Installation.Lock.NONE);
        }
        PackagesFile packagesFile = declared.get();
        Optional<PackageLock> lock = PackageLock.find(root);
        boolean followLock = lock.isPresent() && lock.get().sha1Hash().equals(packagesFile.sha1());
        List<PackageDeclaration> entries = followLock ? lock.get().packages() : packagesFile.packages();

        Path folder = emptyFolder();
        List<InstalledPackage> installed = new ArrayList<>();
        List<PackageFailure> failures = new ArrayList<>();
        List<Diagnostic> warnings = new ArrayList<>();
        Map<String, PackageDeclaration> byName = new LinkedHashMap<>();
        for (PackageDeclaration entry : entries) {
            try {
                InstalledPackage installedPackage = install(entry, folder, byName);
                byName.put(installedPackage.name(), entry);
                installed.add(installedPackage);
                unpinned(entry).ifPresent(warnings::add);
                Path installedFolder = folder.resolve(installedPackage.name());
                PackageProject project = PackageProject.read(installedFolder, FOLDER + "/" + installedPackage.name() + "/" + PackageProject.FILE);
                DbtCompatibility.check(project.file(), "package " + installedPackage.name()).ifPresent(warnings::add);
            }
            catch (FetchException e) {
                failures.add(new PackageFailure(entry.location(), e.kind(), "cannot install " + entry.describe() + ": " + e.getMessage()));
            }
        }
        Installation.Lock lockState = followLock ? Installation.Lock.FOLLOWED : Installation.Lock.NOT_WRITTEN;
        if (!followLock && failures.isEmpty()) {
            writeLock(PackageLock.text(packagesFile.sha1(), installed));
            lockState = Installation.Lock.WRITTEN;
        }
        return new Installation(packagesFile.fileName(), installed, failures, warnings, lockState);
    }

    private InstalledPackage install(PackageDeclaration entry, Path folder, Map<String, PackageDeclaration> byName) {
        return switch (entry) {
            case PackageDeclaration.Local local -> installLocal(local, folder, byName);
            case PackageDeclaration.Git gitPackage -> installGit(gitPackage, folder, byName);
            case PackageDeclaration.Hub hubPackage -> {
                HubIndex.Release release = hub.release(hubPackage);
                PackageDeclaration.Git repository = new PackageDeclaration.Git(release.gitUrl(), Optional.of(release.revision()),
                        Optional.empty(), false, hubPackage.location());
                InstalledPackage fetched = installGit(repository, folder, byName);
                yield new InstalledPackage(fetched.name(), Optional.of(release.version()),
                        new PackageDeclaration.Hub(hubPackage.name(), List.of(release.version()), hubPackage.location()), fetched.fetched());
            }
        };
    }

    /** Links the package's folder into {@code dbt_packages/} as dbt does; copies it where the system cannot link. */
    private InstalledPackage installLocal(PackageDeclaration.Local local, Path folder, Map<String, PackageDeclaration> byName) {
        Path source = root.resolve(local.path()).toAbsolutePath().normalize();
        if (!Files.isDirectory(source)) {
            throw new FetchException(StrataException.Kind.PROJECT, "there is no folder " + source + " (a local path is relative to the project root)");
        }
        PackageProject project = PackageProject.read(source, local.path() + "/" + PackageProject.FILE);
        Path target = target(folder, project.name(), local, byName);
        try {
            try {
                Files.createSymbolicLink(target, source);
            }
            catch (UnsupportedOperationException | FileSystemException e) {
                copy(source, target);
            }
        }
        catch (IOException e) {
            throw new FetchException(StrataException.Kind.ENVIRONMENT, "it cannot be linked or copied into " + target + ": " + e.getMessage());
        }
        return new InstalledPackage(project.name(), project.version(), local, Optional.empty());
    }

    /** Clones into a hidden folder of {@code dbt_packages/}, then moves the package (or its subdirectory) to its name. */
    private InstalledPackage installGit(PackageDeclaration.Git entry, Path folder, Map<String, PackageDeclaration> byName) {
        Path clone;
        try {
            clone = Files.createTempDirectory(folder, ".fetching-");
        }
        catch (IOException e) {
            throw new FetchException(StrataException.Kind.ENVIRONMENT, "no folder can be made in " + folder + ": " + e.getMessage());
        }
        try {
            git.clone(entry.url(), clone);
            entry.revision().ifPresent(revision -> git.checkout(clone, entry.url(), revision));
            String commit = git.head(clone);
            Path packageFolder = clone;
            if (entry.subdirectory().isPresent()) {
                packageFolder = clone.resolve(entry.subdirectory().get()).normalize();
                if (!packageFolder.startsWith(clone) || !Files.isDirectory(packageFolder)) {
                    throw new FetchException(StrataException.Kind.PROJECT, "subdirectory '" + entry.subdirectory().get() + "' is not a folder of "
                            + entry.url() + " at " + commit);
                }
            }
            PackageProject project = PackageProject.read(packageFolder, entry.url() + " @ " + commit + ": "
                    + entry.subdirectory().map(path -> path + "/").orElse("") + PackageProject.FILE);
            Path target = target(folder, project.name(), entry, byName);
            Files.move(packageFolder, target);
            PackageDeclaration.Git pinned = entry.at(commit);
            return new InstalledPackage(project.name(), project.version(), pinned, Optional.of(pinned));
        }
        catch (IOException e) {
            throw new FetchException(StrataException.Kind.ENVIRONMENT, "it cannot be moved into " + folder + ": " + e.getMessage());
        }
        finally {
            if (Files.exists(clone)) {
                deleteTree(clone);
            }
        }
    }

    private static Path target(Path folder, String name, PackageDeclaration entry, Map<String, PackageDeclaration> byName) {
        PackageDeclaration other = byName.get(name);
        if (other != null) {
            throw new FetchException(StrataException.Kind.PROJECT, "its dbt_project.yml names it '" + name + "', as is "
                    + other.describe() + " (line " + other.location().line() + "): two packages cannot share a name");
        }
        return folder.resolve(name);
    }

    private static Optional<Diagnostic> unpinned(PackageDeclaration entry) {
        if (entry instanceof PackageDeclaration.Git gitPackage && gitPackage.warnUnpinned()
                && gitPackage.revision().filter(revision -> !revision.equals("HEAD")).isEmpty()) {
            return Optional.of(Diagnostic.warning(entry.location(), "git package " + gitPackage.url() + " is not pinned: it installs what its"
                    + " default branch holds today; add 'revision:' (a tag or a commit), or 'warn-unpinned: false'"));
        }
        return Optional.empty();
    }

    /** {@code dbt_packages/}, emptied: what is inside is deleted, links as links; nothing outside it is touched. */
    private Path emptyFolder() {
        Path folder = root.resolve(FOLDER);
        try {
            if (Files.isSymbolicLink(folder)) {
                Files.delete(folder);
            }
            else if (Files.isDirectory(folder)) {
                try (var children = Files.list(folder)) {
                    for (Path child : children.toList()) {
                        deleteTree(child);
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

    private void writeLock(String text) {
        Path file = root.resolve(PackageLock.FILE);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new PackageException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a file, a link (not its target) or a folder with what it holds, without following links. */
    private static void deleteTree(Path path) {
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

    private static void copy(Path source, Path target) throws IOException {
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
