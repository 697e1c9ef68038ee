package io.strata.engine.trino;

import io.strata.branch.Branches;
import io.strata.engine.Engine;
import io.strata.engine.EngineContract;
import io.strata.lake.LakeEndpoints;
import io.strata.stack.testing.LocalStackExtension;
import io.strata.stack.testing.TestBranch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;

/** The engine contract on the real Trino of the local stack, each test on its own Nessie branch. */
@ExtendWith(LocalStackExtension.class)
class TrinoEngineContractIT extends EngineContract {
    private TestBranch branch;
    private Branches branches;
    private LakeEndpoints endpoints;

    @BeforeEach
    void onItsOwnBranch(TestBranch testBranch, Branches stackBranches, LakeEndpoints stackEndpoints) {
        this.branch = testBranch;
        this.branches = stackBranches;
        this.endpoints = stackEndpoints;
    }

    @Override
    protected Engine engine() {
        return branch.engine();
    }

    @Override
    protected Branches branches() {
        return branches;
    }

    @Override
    protected String branch() {
        return branch.name();
    }

    @Override
    protected Engine unreachableEngine() {
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort());
        return new TrinoEngine(new LakeEndpoints(endpoints.nessie(), nowhere, endpoints.objectStore(), endpoints.accessKey(), endpoints.secretKey(),
                endpoints.trinoUser(), endpoints.trinoPassword()));
    }

    /** A port that was free a moment ago and that nothing listens on now. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
