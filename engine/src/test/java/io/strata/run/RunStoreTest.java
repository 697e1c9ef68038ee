package io.strata.run;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The run history in a real H2 file under the project's {@code .strata/}. */
class RunStoreTest extends RunStoreContract {
    @TempDir
    Path state;

    @Override
    RunStore open() {
        return RunStore.open(state);
    }
}
