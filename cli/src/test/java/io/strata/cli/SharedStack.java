package io.strata.cli;

import io.strata.stack.LocalStack;
import io.strata.stack.StackSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One local stack for the end-to-end tests of whole projects (FutureMobility and the examples) in this test JVM: each
 * copied project's {@code .strata/stack} links to one state folder, so the first command starts the stack, the others
 * find it running, and it stops when the JVM ends. Projects that share it keep their tables in schemas of their own.
 * Tests that stop or kill the stack's processes keep a stack of their own instead.
 */
final class SharedStack {
    private static Path state;

    private SharedStack() {
    }

    /** Links {@code project}'s stack to the shared one. */
    static synchronized void link(Path project) {
        try {
            if (state == null) {
                state = Files.createTempDirectory("strata-shared-stack");
                Path folder = state;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(folder), "strata-shared-stack-stop"));
            }
            Files.createDirectories(project.resolve(".strata"));
            Files.createSymbolicLink(project.resolve(".strata/stack"), state);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stopAndDelete(Path folder) {
        new LocalStack(StackSettings.forProject(folder, System.err).withStateDirectory(folder)).down(true);
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
