package io.strata.stack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How a local stack runs.
 *
 * @param stateDirectory its state: object store files, Nessie store, Trino data, logs, pids ({@code .strata/stack})
 * @param cacheDirectory unpacked server distributions, shared by projects ({@code ~/.strata/cache})
 * @param javaHome the JDK 25 the processes run on
 * @param inMemoryCatalog Nessie keeps its commits in memory (tests) instead of RocksDB under the state
 * @param trinoHeap the Trino JVM's {@code -Xmx}
 * @param startTimeout how long a process may take to become healthy
 * @param messages where progress and notices go (standard error in the CLI)
 */
public record StackSettings(Path stateDirectory, Path cacheDirectory, Path javaHome, boolean inMemoryCatalog, String trinoHeap,
                            Duration startTimeout, ArtifactResolver artifacts, PrintStream messages) {
    public StackSettings {
        requireNonNull(stateDirectory, "stateDirectory");
        requireNonNull(cacheDirectory, "cacheDirectory");
        requireNonNull(javaHome, "javaHome");
        requireNonNull(trinoHeap, "trinoHeap");
        requireNonNull(startTimeout, "startTimeout");
        requireNonNull(artifacts, "artifacts");
        requireNonNull(messages, "messages");
    }

    /** The stack of a project: state under {@code <project>/.strata/stack}, running on this JVM's JDK. */
    public static StackSettings forProject(Path projectRoot, PrintStream messages) {
        return new StackSettings(projectRoot.toAbsolutePath().normalize().resolve(".strata/stack"),
                Path.of(System.getProperty("user.home"), ".strata", "cache"), Path.of(System.getProperty("java.home")),
                false, "2G", Duration.ofMinutes(3), ArtifactResolver.standard(messages), messages);
    }

    /** The same settings with the state kept in {@code directory}. */
    public StackSettings withStateDirectory(Path directory) {
        return new StackSettings(directory, cacheDirectory, javaHome, inMemoryCatalog, trinoHeap, startTimeout, artifacts, messages);
    }

    public StackSettings withInMemoryCatalog() {
        return new StackSettings(stateDirectory, cacheDirectory, javaHome, true, trinoHeap, startTimeout, artifacts, messages);
    }
}
