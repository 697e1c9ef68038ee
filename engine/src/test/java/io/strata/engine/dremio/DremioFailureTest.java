package io.strata.engine.dremio;

import io.strata.engine.Failure;
import io.strata.lake.LakeEndpoints;
import org.apache.arrow.flight.CallStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.sql.SQLException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Dremio errors are worth trying again, from the Flight status beneath the driver's SQLException. */
class DremioFailureTest {
    private final DremioEngine engine = new DremioEngine(new DremioSettings(URI.create("grpc://127.0.0.1:1"), "u", "p", false, "nessie"),
            new LakeEndpoints(URI.create("http://127.0.0.1:2"), URI.create("grpc://127.0.0.1:1"), URI.create("http://127.0.0.1:3"), "k", "s", "u",
                    Optional.empty()), new MemoryBranchCatalog());

    /** What the driver throws: Avatica's SQLException around the Flight exception. */
    private static SQLException failed(CallStatus status) {
        return new SQLException("Error while executing SQL \"CREATE TABLE ...\": " + status.description(), status.toRuntimeException());
    }

    @Test
    void aRefusalByTheClusterIsTransient() {
        assertThat(engine.classify(failed(CallStatus.UNAVAILABLE.withDescription("No executors are available")))).isEqualTo(Failure.TRANSIENT);
        assertThat(engine.classify(failed(CallStatus.RESOURCE_EXHAUSTED.withDescription("queue full")))).isEqualTo(Failure.TRANSIENT);
        assertThat(engine.classify(failed(CallStatus.UNAVAILABLE.withCause(new ConnectException("Connection refused"))))).isEqualTo(Failure.TRANSIENT);
    }

    @Test
    void aLostChannelOrATimeoutMayHaveCommitted() {
        assertThat(engine.classify(failed(CallStatus.UNAVAILABLE.withCause(new IOException("Connection reset by peer"))))).isEqualTo(Failure.CONNECTION_LOST);
        assertThat(engine.classify(failed(CallStatus.TIMED_OUT.withDescription("deadline exceeded")))).isEqualTo(Failure.CONNECTION_LOST);
    }

    @Test
    void wrongStatementsArePermanent() {
        assertThat(engine.classify(failed(CallStatus.INVALID_ARGUMENT.withDescription("PARSE ERROR")))).isEqualTo(Failure.PERMANENT);
        assertThat(engine.classify(failed(CallStatus.NOT_FOUND.withDescription("Table 'nessie.silver.x' not found")))).isEqualTo(Failure.PERMANENT);
        assertThat(engine.classify(failed(CallStatus.INTERNAL.withDescription("SYSTEM ERROR")))).isEqualTo(Failure.PERMANENT);
        assertThat(engine.classify(new SQLException("no Flight status at all"))).isEqualTo(Failure.PERMANENT);
    }
}
