package io.strata.project.packages;

import io.strata.project.Diagnostic;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What one {@code strata deps} did: the packages installed, those that failed, the warnings, and the lock.
 *
 * @param packagesFile the file the packages were declared in, or empty when the project declares none
 */
public record Installation(
        String packagesFile,
        List<InstalledPackage> installed,
        List<PackageFailure> failures,
        List<Diagnostic> warnings,
        Lock lock) {

    /** What happened to {@code package-lock.yml}. */
    public enum Lock {
        /** The project declares no packages; nothing was installed or locked. */
        NONE,
        /** The lock matched the packages file, and exactly its packages were installed. */
        FOLLOWED,
        /** The packages were resolved from the packages file and the lock was written. */
        WRITTEN,
        /** A package failed, so the lock was left as it was. */
        NOT_WRITTEN
    }

    public Installation {
        requireNonNull(packagesFile, "packagesFile");
        installed = List.copyOf(installed);
        failures = List.copyOf(failures);
        warnings = List.copyOf(warnings);
        requireNonNull(lock, "lock");
    }

    public boolean succeeded() {
        return failures.isEmpty();
    }
}
