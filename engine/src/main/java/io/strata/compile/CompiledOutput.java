package io.strata.compile;

import io.strata.graph.Asset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes compiled SQL to {@code target/compiled/<the source file's path>}, as dbt does. Called only after a
 * compilation succeeded, so a project with errors leaves {@code target/} as it was.
 */
public final class CompiledOutput {
    public static final String DIRECTORY = "target/compiled";

    private CompiledOutput() {
    }

    /**
     * Writes the given models and the project's singular tests; files whose content is unchanged are left
     * alone. With {@code complete}, compiled files of models and tests that no longer exist are removed.
     *
     * @return how many files were written
     */
    public static int write(CompiledProject project, List<Asset> models, boolean complete) {
        Path directory = project.root().resolve(DIRECTORY);
        Map<Path, String> files = new LinkedHashMap<>();
        for (Asset model : models) {
            model.sql().ifPresent(sql -> files.put(directory.resolve(model.path()), withNewline(sql)));
        }
        if (complete) {
            project.singularTests().forEach(test -> files.put(directory.resolve(test.location().file()), withNewline(test.sql())));
        }
        int written = (int) files.entrySet().parallelStream().filter(entry -> writeIfChanged(entry.getKey(), entry.getValue())).count();
        if (complete) {
            removeStale(directory, new HashSet<>(files.keySet()));
        }
        return written;
    }

    private static String withNewline(String sql) {
        return sql.endsWith("\n") ? sql : sql + "\n";
    }

    private static boolean writeIfChanged(Path file, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.isRegularFile(file) && Files.size(file) == bytes.length && Arrays.equals(Files.readAllBytes(file), bytes)) {
                return false;
            }
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            return true;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void removeStale(Path directory, Set<Path> keep) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(path -> path.toString().endsWith(".sql") && !keep.contains(path)).toList()) {
                Files.deleteIfExists(file);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + directory, e);
        }
    }
}
