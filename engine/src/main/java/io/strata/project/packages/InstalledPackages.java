package io.strata.project.packages;

import io.strata.project.SemanticVersion;
import io.strata.project.VersionRange;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The packages installed so far, each with the entry that declared it, and which of them already provides a
 * package another package depends on. The first declaration wins: the project's own come before its packages'.
 */
final class InstalledPackages {
    private final Path root;
    private final List<InstalledPackage> installed = new ArrayList<>();
    private final Map<String, PackageDeclaration> declarations = new LinkedHashMap<>();

    /** @param root the project root, against which {@code local:} paths are resolved, as dbt resolves them */
    InstalledPackages(Path root) {
        this.root = requireNonNull(root, "root");
    }

    void add(InstalledPackage installedPackage, PackageDeclaration declaration) {
        installed.add(installedPackage);
        declarations.put(installedPackage.name(), declaration);
    }

    List<InstalledPackage> list() {
        return List.copyOf(installed);
    }

    /** The entry that installed the package named {@code name}, when one did. */
    Optional<PackageDeclaration> declaration(String name) {
        return Optional.ofNullable(declarations.get(name));
    }

    Path folder(PackageDeclaration.Local local) {
        return root.resolve(local.path()).toAbsolutePath().normalize();
    }

    /** The installed package that {@code entry} names: the same folder, repository or hub package, or a package of its name. */
    Optional<InstalledPackage> provider(PackageDeclaration entry) {
        return installed.stream().filter(candidate -> switch (entry) {
            case PackageDeclaration.Local local -> candidate.locked() instanceof PackageDeclaration.Local installedLocal
                    && folder(installedLocal).equals(folder(local));
            case PackageDeclaration.Git git -> candidate.fetched().filter(fetched -> repository(fetched.url()).equals(repository(git.url()))
                    && fetched.subdirectory().equals(git.subdirectory())).isPresent();
            case PackageDeclaration.Hub hub -> candidate.locked() instanceof PackageDeclaration.Hub installedHub && installedHub.name().equals(hub.name())
                    || candidate.name().equals(hub.name().substring(hub.name().indexOf('/') + 1));
        }).findFirst();
    }

    /** How the installed {@code provider} differs from what {@code entry} asks for, if it does. */
    Optional<String> disagreement(PackageDeclaration entry, InstalledPackage provider) {
        String installedAs = declaration(provider.name()).map(PackageDeclaration::describe).orElse(provider.name());
        return switch (entry) {
            case PackageDeclaration.Local local -> Optional.empty();
            case PackageDeclaration.Git git -> git.revision()
                    .filter(revision -> !provider.fetched().flatMap(PackageDeclaration.Git::revision).orElse("").equals(revision))
                    .filter(revision -> !(declaration(provider.name()).orElse(null) instanceof PackageDeclaration.Git declared
                            && declared.revision().equals(git.revision())))
                    .map(revision -> "asks for " + git.describe() + ", but " + provider.name() + " is installed from " + installedAs
                            + provider.fetched().flatMap(PackageDeclaration.Git::revision).map(commit -> " (commit " + commit + ")").orElse(""));
            case PackageDeclaration.Hub hub -> provider.version().flatMap(SemanticVersion::parse)
                    .filter(version -> !VersionRange.parse(hub.versions()).contains(version))
                    .map(version -> "asks for " + hub.name() + " " + VersionRange.parse(hub.versions()) + ", but " + provider.name()
                            + " " + version + " is installed from " + installedAs);
        };
    }

    /** A repository URL without what does not change the repository: a trailing {@code /} or {@code .git}. */
    private static String repository(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return trimmed.endsWith(".git") ? trimmed.substring(0, trimmed.length() - 4) : trimmed;
    }
}
