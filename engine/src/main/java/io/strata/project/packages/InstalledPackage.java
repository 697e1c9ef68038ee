package io.strata.project.packages;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A package installed in {@code dbt_packages/<name>}.
 *
 * @param name the {@code name:} of the package's own {@code dbt_project.yml}, which names its folder
 * @param version the package's {@code version:}, when it declares one
 * @param locked the entry that installs exactly this again: a git commit, a hub version, the same folder
 * @param fetched the repository and commit the files came from, for git and hub packages
 */
public record InstalledPackage(String name, Optional<String> version, PackageDeclaration locked, Optional<PackageDeclaration.Git> fetched) {
    public InstalledPackage {
        requireNonNull(name, "name");
        requireNonNull(version, "version");
        requireNonNull(locked, "locked");
        requireNonNull(fetched, "fetched");
    }

    /** One line for the user: {@code installed dbt_utils 1.3.0 (git https://… @ 5b7d…)}. */
    public String describe() {
        String source = switch (locked) {
            case PackageDeclaration.Local local -> local.describe();
            case PackageDeclaration.Git git -> git.describe();
            case PackageDeclaration.Hub hub -> "hub " + hub.name() + fetched.map(git -> ", " + git.describe()).orElse("");
        };
        return "installed " + name + version.map(value -> " " + value).orElse("") + " (" + source + ")";
    }
}
