package io.strata.compile;

import io.strata.project.ProjectScanner.ProjectPath;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Results derived from single files, kept while the file's size and modification time stay the same.
 * Safe for parallel use.
 */
final class FileCache<T> {
    private record Entry<T>(ProjectPath version, T value) {
    }

    private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();

    T get(ProjectPath file, Function<ProjectPath, T> compute) {
        Entry<T> entry = entries.get(file.path());
        if (entry != null && entry.version().sameVersionAs(file)) {
            return entry.value();
        }
        T value = compute.apply(file);
        entries.put(file.path(), new Entry<>(file, value));
        return value;
    }

    /** Forgets files that are gone from the project. */
    void retain(Set<String> paths) {
        entries.keySet().retainAll(paths);
    }
}
