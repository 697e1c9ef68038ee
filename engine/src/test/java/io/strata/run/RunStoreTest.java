package io.strata.run;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The run history in a real H2 file under the project's {@code .strata/}. */
class RunStoreTest extends RunStoreContract {
    @TempDir
    Path state;

    @Override
    RunStore open() {
        return RunStore.open(state);
    }

    @Test
    void aStoreOnAGivenDataSourceLeavesItOpenForItsOwner() {
        HikariConfig configuration = new HikariConfig();
        configuration.setJdbcUrl("jdbc:h2:file:" + state.toAbsolutePath().resolve("shared"));
        try (HikariDataSource shared = new HikariDataSource(configuration)) {
            try (RunStore store = RunStore.on(shared, "shared")) {
                store.started("1", "run-1", "orders", Instant.now());
            }
            assertThat(shared.isClosed()).isFalse();
            try (RunStore again = RunStore.on(shared, "shared")) {
                assertThat(again.find("1")).map(RunStore.RunSummary::status).contains(RunStatus.RUNNING);
            }
        }
    }
}
