package io.strata.stack.testing;

import io.strata.branch.Branches;
import io.strata.branch.NessieBranches;
import io.strata.engine.trino.TrinoEngine;
import io.strata.stack.ArtifactResolver;
import io.strata.stack.LocalStack;
import io.strata.lake.LakeEndpoints;
import io.strata.stack.StackSettings;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * The real local stack for integration tests: one per test JVM (Nessie in memory, its own state folder
 * and ports), started on first use and stopped when the test plan ends. Test methods may take a
 * {@link LakeEndpoints}, the {@link LocalStack}, or a {@link TestBranch} made for that test alone.
 */
public final class LocalStackExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    /** The stack of this test JVM; closing it stops the processes and deletes the state. */
    static final class RunningStack implements AutoCloseable {
        final LocalStack stack;
        final LakeEndpoints endpoints;
        final NessieBranches branches;
        final TrinoEngine engine;
        private final Path state;

        private final Thread stopOnExit;

        RunningStack(Path state) {
            this.state = state;
            // The processes run in their own sessions: an interrupted test JVM must still stop them.
            this.stopOnExit = new Thread(() -> stopAndDelete(), "strata-test-stack-stop");
            StackSettings settings = new StackSettings(state, Path.of(System.getProperty("user.home"), ".strata", "cache"),
                    Path.of(System.getProperty("java.home")), true, "1536m", Duration.ofMinutes(5),
                    ArtifactResolver.standard(System.err), System.err);
            this.stack = new LocalStack(settings);
            Runtime.getRuntime().addShutdownHook(stopOnExit);
            this.endpoints = stack.up();
            this.branches = new NessieBranches(endpoints.nessieApi());
            this.engine = new TrinoEngine(endpoints);
        }

        @Override
        public void close() {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            branches.close();
            engine.close();
            stopAndDelete();
        }

        private void stopAndDelete() {
            stack.down(true);
            try (var files = Files.walk(state)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private record BranchCleanup(TestBranch branch) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            branch.engine().release(branch.name());
            if (branch.branches().find(branch.name()).isPresent()) {
                branch.branches().delete(branch.name());
            }
        }
    }

    static RunningStack running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RunningStack.class, key -> {
            try {
                return new RunningStack(Files.createTempDirectory("strata-test-stack"));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, RunningStack.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LakeEndpoints.class || type == LocalStack.class || type == TestBranch.class || type == Branches.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RunningStack running = running(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == LakeEndpoints.class) {
            return running.endpoints;
        }
        if (type == LocalStack.class) {
            return running.stack;
        }
        if (type == Branches.class) {
            return running.branches;
        }
        String name = "test-" + UUID.randomUUID().toString().substring(0, 8);
        running.branches.create(name);
        TestBranch branch = new TestBranch(name, running.branches, running.engine);
        context.getStore(NAMESPACE).put(name, new BranchCleanup(branch));
        return branch;
    }
}
