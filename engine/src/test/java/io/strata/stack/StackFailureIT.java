package io.strata.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A process that dies while starting is named with its log, and nothing Strata started is left running. */
class StackFailureIT {
    @TempDir
    Path state;

    @Test
    void aProcessThatDiesWhileStartingIsNamedWithItsLogAndNothingIsLeftRunning() {
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        StackSettings settings = new StackSettings(state, Path.of(System.getProperty("user.home"), ".strata", "cache"),
                Path.of(System.getProperty("java.home")), true, "1k", Duration.ofMinutes(3),
                ArtifactResolver.standard(System.err), new PrintStream(messages, true, StandardCharsets.UTF_8));
        LocalStack stack = new LocalStack(settings);

        assertThatThrownBy(stack::up)
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith("trino stopped while starting; the last messages of " + state.resolve("logs/trino.log"))
                .hasMessageContaining("Too small maximum heap");

        assertThat(stack.status()).allSatisfy(status -> assertThat(status.running()).as(status.service().id()).isFalse());
    }
}
