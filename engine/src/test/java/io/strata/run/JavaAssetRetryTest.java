package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.api.AssetResult;
import io.strata.api.AssetSpec;
import io.strata.api.RetryRequested;
import io.strata.branch.MemoryBranches;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.InstantEngine;
import io.strata.select.Selector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A Java asset's code asks to be built again, or throws a type it declared: built again as the run's retry policy allows. */
class JavaAssetRetryTest {
    @TempDir
    Path root;

    private final AtomicInteger calls = new AtomicInteger();

    private AssetRun run(AssetSpec.Builder asset) {
        TestProject project = TestProject.in(root).with(() -> List.of(asset.sideEffects().build()));
        try (Compiler compiler = project.compiler()) {
            RunResult result = new Runner(compiler, new InstantEngine(), new MemoryBranches(), Optional.empty())
                    .run(RunRequest.builder(Selector.all()).threads(1).retries(new RetryPolicy(3, Duration.ofMillis(1))).build(), RunListener.SILENT);
            return result.assets().stream().filter(run -> run.key().equals(AssetKey.of("export"))).findFirst().orElseThrow();
        }
    }

    @Test
    void codeThatAsksForAnotherBuildIsBuiltAgainUntilItSucceeds() {
        AssetRun run = run(AssetSpec.builder("export").compute(context -> {
            if (calls.incrementAndGet() < 3) {
                throw new RetryRequested("the partner's API is rate limited");
            }
            return AssetResult.none();
        }));

        assertThat(run.status()).isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(run.attempts()).isEqualTo(3);
        assertThat(calls).hasValue(3);
    }

    @Test
    void aDeclaredExceptionTypeIsRetriedUntilTheAttemptsAreUsedUpAndAnyOtherFailsAtOnce() {
        AssetRun declared = run(AssetSpec.builder("export").retryOn(IOException.class).compute(context -> {
            calls.incrementAndGet();
            throw new IOException("connection reset by the partner");
        }));

        assertThat(declared.status()).isEqualTo(AssetRun.Status.FAILED);
        assertThat(calls).hasValue(3);
        assertThat(declared.error()).hasValueSatisfying(error -> assertThat(error)
                .contains("java.io.IOException: connection reset by the partner at io.strata.run.JavaAssetRetryTest").endsWith("(3 attempts)"));

        calls.set(0);
        AssetRun other = run(AssetSpec.builder("export").retryOn(IOException.class).compute(context -> {
            calls.incrementAndGet();
            throw new IllegalStateException("a bug, not worth another try");
        }));

        assertThat(other.status()).isEqualTo(AssetRun.Status.FAILED);
        assertThat(calls).hasValue(1);
        assertThat(other.error()).hasValueSatisfying(error -> assertThat(error).contains("IllegalStateException: a bug"));
    }
}
