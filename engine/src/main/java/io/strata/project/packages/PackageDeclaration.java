package io.strata.project.packages;

import io.strata.project.Location;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** One package a project declares in {@code packages.yml} or {@code dependencies.yml}, or one entry of the lock. */
public sealed interface PackageDeclaration permits PackageDeclaration.Local, PackageDeclaration.Git, PackageDeclaration.Hub {
    /** Where the entry is written. */
    Location location();

    /** The entry in a few words, for messages: {@code local ../my_pkg}, {@code git https://… @ 1.3.0}. */
    String describe();

    /** A folder of this machine, relative to the project root: {@code local: ../my_pkg}. */
    record Local(String path, Location location) implements PackageDeclaration {
        public Local {
            requireNonNull(path, "path");
            requireNonNull(location, "location");
        }

        @Override
        public String describe() {
            return "local " + path;
        }
    }

    /**
     * A git repository: {@code git: https://…} at {@code revision:} (a tag, a branch or a full commit sha; the
     * default branch when absent), the package in {@code subdirectory:} of it when given.
     *
     * @param warnUnpinned whether to warn when no revision pins the package ({@code warn-unpinned:}, default true)
     */
    record Git(String url, Optional<String> revision, Optional<String> subdirectory, boolean warnUnpinned, Location location)
            implements PackageDeclaration {
        public Git {
            requireNonNull(url, "url");
            requireNonNull(revision, "revision");
            requireNonNull(subdirectory, "subdirectory");
            requireNonNull(location, "location");
        }

        /** The same repository at another revision (the commit a tag or branch resolved to). */
        public Git at(String commit) {
            return new Git(url, Optional.of(commit), subdirectory, warnUnpinned, location);
        }

        @Override
        public String describe() {
            return "git " + url + revision.map(value -> " @ " + value).orElse("") + subdirectory.map(value -> " (" + value + ")").orElse("");
        }
    }

    /**
     * A package of the dbt package hub: {@code package: dbt-labs/dbt_utils} with {@code version:} a version or a
     * list of constraints ({@code [">=1.0.0", "<2.0.0"]}).
     */
    record Hub(String name, List<String> versions, Location location) implements PackageDeclaration {
        public Hub {
            requireNonNull(name, "name");
            versions = List.copyOf(versions);
            requireNonNull(location, "location");
        }

        @Override
        public String describe() {
            return "hub " + name + " " + String.join(", ", versions);
        }
    }
}
