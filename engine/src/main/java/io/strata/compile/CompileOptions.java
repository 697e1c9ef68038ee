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
 * @param validate check the column names of every model's SQL (off: {@code --no-validate})
 */
public record CompileOptions(Optional<String> profile, Map<String, Object> vars, Set<String> existingAssets,
                             boolean fullRefresh, int threads, boolean validate) {
    public CompileOptions {
        requireNonNull(profile, "profile");
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        existingAssets = Set.copyOf(existingAssets);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    /** Options that validate the SQL. */
    public CompileOptions(Optional<String> profile, Map<String, Object> vars, Set<String> existingAssets, boolean fullRefresh, int threads) {
        this(profile, vars, existingAssets, fullRefresh, threads, true);
    }

    public static CompileOptions defaults() {
        return new CompileOptions(Optional.empty(), Map.of(), Set.of(), false, Runtime.getRuntime().availableProcessors(), true);
    }

    public CompileOptions withVars(Map<String, Object> newVars) {
        return new CompileOptions(profile, newVars, existingAssets, fullRefresh, threads, validate);
    }

    public CompileOptions withProfile(Optional<String> newProfile) {
        return new CompileOptions(newProfile, vars, existingAssets, fullRefresh, threads, validate);
    }

    public CompileOptions withValidation(boolean newValidate) {
        return new CompileOptions(profile, vars, existingAssets, fullRefresh, threads, newValidate);
    }
}
