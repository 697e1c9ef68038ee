package io.strata.project.packages;

import io.strata.project.DbtCompatibility;
import io.strata.project.Diagnostic;
import io.strata.project.ProjectException;
import io.strata.project.ProjectFile;
import io.strata.project.StrataException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Installs a project's packages into {@code dbt_packages/<name>} as {@code dbt deps} does, {@code <name>} being the
 * {@code name:} of each package's own {@code dbt_project.yml}, then the packages those declare. The install is
 * clean: {@code dbt_packages/} is emptied first, so it holds exactly the packages declared. A package that cannot
 * be fetched is reported and the others are still installed; the lock is written only when every package installed.
 */
public final class PackageInstaller {
    /** The folder packages are installed in, at the project root. */
    public static final String FOLDER = "dbt_packages";

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
        return forProject(project, HubIndex.DEFAULT);
    }

    static PackageInstaller forProject(Path project, URI hub) {
        return new PackageInstaller(ProjectFile.locate(project).getParent(), GitCommand.system(), new HubIndex(hub));
    }

    public Path root() {
        return root;
    }

    /** An entry to install, and the package that declared it when it is not the project. */
    private record Pending(PackageDeclaration entry, Optional<String> requiredBy) {
    }

    /**
     * Installs the packages the lock pins when its hash matches the packages file, else those the packages file
     * declares and those they declare, resolved again; a packages file with errors is a {@code ProjectException}
     * and changes nothing.
     */
    public Installation install() {
        Optional<PackagesFile> declared = PackagesFile.find(root);
        if (declared.isEmpty() || declared.get().packages().isEmpty()) {
            return new Installation(declared.map(PackagesFile::fileName).orElse(""), List.of(), List.of(), List.of(), Installation.Lock.NONE);
        }
        PackagesFile packagesFile = declared.get();
        Optional<PackageLock> lock = PackageLock.find(root, packagesFile.sha1());
        // The lock lists every package, those of packages too: nothing more is read when following it.
        boolean followLock = lock.isPresent();
        Deque<Pending> pending = new ArrayDeque<>();
        (followLock ? lock.get().packages() : packagesFile.packages()).forEach(entry -> pending.add(new Pending(entry, Optional.empty())));

        Path folder = PackageFolder.empty(root.resolve(FOLDER));
        InstalledPackages installed = new InstalledPackages(root);
        List<PackageFailure> failures = new ArrayList<>();
        List<Diagnostic> warnings = new ArrayList<>();
        while (!pending.isEmpty()) {
            Pending next = pending.poll();
            PackageDeclaration entry = next.entry();
            Optional<InstalledPackage> provider = next.requiredBy().flatMap(requiredBy -> installed.provider(entry));
            if (provider.isPresent()) {
                installed.disagreement(entry, provider.get()).ifPresent(message ->
                        warnings.add(Diagnostic.warning(entry.location(), "package " + next.requiredBy().get() + " " + message)));
                continue;
            }
            try {
                InstalledPackage installedPackage = install(entry, folder, installed);
                installed.add(installedPackage, entry);
                unpinned(entry).ifPresent(warnings::add);
                String prefix = FOLDER + "/" + installedPackage.name() + "/";
                PackageProject project = PackageProject.read(folder.resolve(installedPackage.name()), prefix + PackageProject.FILE);
                DbtCompatibility.check(project.file(), "package " + installedPackage.name()).ifPresent(warnings::add);
                if (!followLock) {
                    dependencies(folder.resolve(installedPackage.name()), prefix, failures)
                            .forEach(dependency -> pending.add(new Pending(dependency, Optional.of(installedPackage.name()))));
                }
            }
            catch (FetchException e) {
                failures.add(new PackageFailure(entry.location(), e.kind(), "cannot install " + entry.describe()
                        + next.requiredBy().map(requiredBy -> " (needed by package " + requiredBy + ")").orElse("") + ": " + e.getMessage()));
            }
        }
        Installation.Lock lockState = followLock ? Installation.Lock.FOLLOWED : Installation.Lock.NOT_WRITTEN;
        if (!followLock && failures.isEmpty()) {
            writeLock(PackageLock.text(packagesFile.sha1(), installed.list()));
            lockState = Installation.Lock.WRITTEN;
        }
        return new Installation(packagesFile.fileName(), installed.list(), failures, warnings, lockState);
    }

    /** The packages an installed package declares; errors in its packages file are failures of that package. */
    private static List<PackageDeclaration> dependencies(Path packageFolder, String prefix, List<PackageFailure> failures) {
        try {
            return PackagesFile.find(packageFolder, prefix).map(PackagesFile::packages).orElse(List.of());
        }
        catch (ProjectException e) {
            e.errors().forEach(error -> failures.add(new PackageFailure(error.location(), StrataException.Kind.PROJECT, error.message())));
            return List.of();
        }
    }

    private InstalledPackage install(PackageDeclaration entry, Path folder, InstalledPackages installed) {
        return switch (entry) {
            case PackageDeclaration.Local local -> installLocal(local, folder, installed);
            case PackageDeclaration.Git gitPackage -> installGit(gitPackage, folder, installed);
            case PackageDeclaration.Hub hubPackage -> {
                HubIndex.Release release = hub.release(hubPackage);
                PackageDeclaration.Git repository = new PackageDeclaration.Git(release.gitUrl(), Optional.of(release.revision()),
                        Optional.empty(), false, hubPackage.location());
                InstalledPackage fetched = installGit(repository, folder, installed);
                yield new InstalledPackage(fetched.name(), Optional.of(release.version()),
                        new PackageDeclaration.Hub(hubPackage.name(), List.of(release.version()), hubPackage.location()), fetched.fetched());
            }
        };
    }

    /** Links the package's folder into {@code dbt_packages/} as dbt does; copies it where the system cannot link. */
    private static InstalledPackage installLocal(PackageDeclaration.Local local, Path folder, InstalledPackages installed) {
        Path source = installed.folder(local);
        if (!Files.isDirectory(source)) {
            throw new FetchException(StrataException.Kind.PROJECT, "there is no folder " + source + " (a local path is relative to the project root)");
        }
        PackageProject project = PackageProject.read(source, local.path() + "/" + PackageProject.FILE);
        Path target = target(folder, project.name(), installed);
        try {
            try {
                Files.createSymbolicLink(target, source);
            }
            catch (UnsupportedOperationException | FileSystemException e) {
                PackageFolder.copy(source, target);
            }
        }
        catch (IOException e) {
            throw new FetchException(StrataException.Kind.ENVIRONMENT, "it cannot be linked or copied into " + target + ": " + e.getMessage());
        }
        return new InstalledPackage(project.name(), project.version(), local, Optional.empty());
    }

    /** Clones into a hidden folder of {@code dbt_packages/}, then moves the package (or its subdirectory) to its name. */
    private InstalledPackage installGit(PackageDeclaration.Git entry, Path folder, InstalledPackages installed) {
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
            Path target = target(folder, project.name(), installed);
            Files.move(packageFolder, target);
            PackageDeclaration.Git pinned = entry.at(commit);
            return new InstalledPackage(project.name(), project.version(), pinned, Optional.of(pinned));
        }
        catch (IOException e) {
            throw new FetchException(StrataException.Kind.ENVIRONMENT, "it cannot be moved into " + folder + ": " + e.getMessage());
        }
        finally {
            if (Files.exists(clone)) {
                PackageFolder.delete(clone);
            }
        }
    }

    private static Path target(Path folder, String name, InstalledPackages installed) {
        Optional<PackageDeclaration> other = installed.declaration(name);
        if (other.isPresent()) {
            throw new FetchException(StrataException.Kind.PROJECT, "its dbt_project.yml names it '" + name + "', as is "
                    + other.get().describe() + " (" + other.get().location() + "): two packages cannot share a name");
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

    private void writeLock(String text) {
        Path file = root.resolve(PackageLock.FILE);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new PackageException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
