package io.strata.engine.trino;

import io.strata.engine.Failure;
import io.strata.lake.LakeEndpoints;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.sql.SQLException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Trino errors are worth trying again, from the SQLException the Trino JDBC driver throws. */
class TrinoFailureTest {
    private final TrinoEngine engine = new TrinoEngine(new LakeEndpoints(URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"),
            URI.create("http://127.0.0.1:3"), "key", "secret", "strata", Optional.empty()));

    /** What the driver throws for a query the server failed: its message, SQL state and Trino's error code. */
    private static SQLException queryFailed(String name, int code) {
        return new SQLException("Query failed (#20261122_000000_00001_abcde): " + name, name, code);
    }

    @Test
    void clusterSideErrorsAreTransient() {
        assertThat(engine.classify(queryFailed("SERVER_SHUTTING_DOWN", 65545))).isEqualTo(Failure.TRANSIENT);
        assertThat(engine.classify(queryFailed("SERVER_STARTING_UP", 65548))).isEqualTo(Failure.TRANSIENT);
        assertThat(engine.classify(queryFailed("NO_NODES_AVAILABLE", 65541))).isEqualTo(Failure.TRANSIENT);
        assertThat(engine.classify(queryFailed("QUERY_QUEUE_FULL", 131074))).isEqualTo(Failure.TRANSIENT);
    }

    @Test
    void wrongStatementsAndExceededLimitsArePermanent() {
        assertThat(engine.classify(queryFailed("SYNTAX_ERROR", 1))).isEqualTo(Failure.PERMANENT);
        assertThat(engine.classify(queryFailed("TABLE_NOT_FOUND", 46))).isEqualTo(Failure.PERMANENT);
        assertThat(engine.classify(queryFailed("EXCEEDED_TIME_LIMIT", 131075))).as("the same query would exceed it again")
                .isEqualTo(Failure.PERMANENT);
        assertThat(engine.classify(queryFailed("GENERIC_INTERNAL_ERROR", 65536))).isEqualTo(Failure.PERMANENT);
    }

    @Test
    void aRefusedConnectionIsTransientAndABrokenOneMayHaveCommitted() {
        assertThat(engine.classify(new SQLException("Error executing query", new java.io.UncheckedIOException(new ConnectException("refused")))))
                .isEqualTo(Failure.TRANSIENT);
        assertThat(engine.classify(new SQLException("Error fetching results", new SocketTimeoutException("read timed out"))))
                .isEqualTo(Failure.CONNECTION_LOST);
    }
}
