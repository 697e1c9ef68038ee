package io.strata.lake;

import io.strata.project.Profile;

import java.nio.file.Path;

/**
 * Finds the servers a profile runs on: a remote profile names them; the local profile's are the dev
 * stack's, started or reused (the {@code stack} package implements this, so the core never depends on it).
 */
@FunctionalInterface
public interface LakeLocator {
    LakeEndpoints locate(Profile profile, Path projectRoot);
}
