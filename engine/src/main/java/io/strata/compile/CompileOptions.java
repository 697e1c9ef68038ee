package io.strata.compile;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * How to compile.
 *
 * @param profile the profile to compile for (default: the project's)
 * @param vars {@code --vars}, overriding the project file's
 * @param existingAssets the assets whose table already exists where the run writes ({@code is_incremental()})
 * @param fullRefresh rebuild incremental models from scratch
 * @param threads how many threads render and read SQL
 */
public record CompileOptions(Optional<String> profile, Map<String, Object> vars, Set<String> existingAssets,
                             boolean fullRefresh, int threads) {
    public CompileOptions {
        requireNonNull(profile, "profile");
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        existingAssets = Set.copyOf(existingAssets);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    public static CompileOptions defaults() {
        return new CompileOptions(Optional.empty(), Map.of(), Set.of(), false, Runtime.getRuntime().availableProcessors());
    }

    public CompileOptions withVars(Map<String, Object> newVars) {
        return new CompileOptions(profile, newVars, existingAssets, fullRefresh, threads);
    }

    public CompileOptions withProfile(Optional<String> newProfile) {
        return new CompileOptions(newProfile, vars, existingAssets, fullRefresh, threads);
    }
}
