package io.strata.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The exports that failed after a merge and are owed to their targets, one line each in a small file
 * ({@code .strata/pending-exports}): the next run that merges exports them again even when their asset is up to date.
 * A line is {@code asset<TAB>target<TAB>table}, never a credential.
 */
public final class PendingExports {
    private final Path file;

    public PendingExports(Path file) {
        this.file = requireNonNull(file, "file");
    }

    /** The file of the project whose state lives in {@code stateDirectory} ({@code .strata}). */
    public static PendingExports in(Path stateDirectory) {
        return new PendingExports(stateDirectory.resolve("pending-exports"));
    }

    /** One owed export: the asset and where it goes. */
    public record Pending(String asset, String target, String table) {
        String line() {
            return asset + "\t" + target + "\t" + table;
        }
    }

    public synchronized Set<Pending> read() {
        Set<Pending> pending = new LinkedHashSet<>();
        if (!Files.exists(file)) {
            return pending;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.split("\t", -1);
                if (parts.length == 3) {
                    pending.add(new Pending(parts[0], parts[1], parts[2]));
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the pending exports in " + file + ": " + e.getMessage(), e);
        }
        return pending;
    }

    /** Replaces what is owed; no file when nothing is. */
    public synchronized void write(Set<Pending> pending) {
        try {
            if (pending.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            List<String> lines = new ArrayList<>();
            pending.forEach(owed -> lines.add(owed.line()));
            Path written = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(written, lines);
            Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write the pending exports to " + file + ": " + e.getMessage(), e);
        }
    }
}
