package io.strata.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code stack up} remembers in {@code stack.json}: the object store's keys, the ports, and each
 * process it started (pid and start time, so a reused pid is never taken for ours), and which Trino process
 * was bootstrapped (main catalog created, Nessie's first commit made), so a healthy stack costs nothing more.
 */
public record StackState(String accessKey, String secretKey, Map<String, Integer> ports, Map<String, ProcessRecord> processes,
                         long bootstrappedTrino) {
    public static final String FILE = "stack.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public StackState {
        ports = new LinkedHashMap<>(ports);
        processes = new LinkedHashMap<>(processes);
    }

    /** A process Strata started: its pid, when it started (ms since the epoch) and its version. */
    public record ProcessRecord(long pid, long startedAt, String version) {
        /** The live process, if this record still describes one. */
        public Optional<ProcessHandle> handle() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(handle -> handle.info().startInstant()
                    .map(instant -> Math.abs(instant.toEpochMilli() - startedAt) < 2_000).orElse(true));
        }
    }

    static StackState fresh() {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[10];
        byte[] secret = new byte[20];
        random.nextBytes(key);
        random.nextBytes(secret);
        return new StackState("strata" + HexFormat.of().formatHex(key), HexFormat.of().formatHex(secret), Map.of(), Map.of(), 0);
    }

    static StackState load(Path stateDirectory) {
        Path file = stateDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return fresh();
        }
        try {
            return JSON.readValue(file.toFile(), StackState.class);
        }
        catch (IOException e) {
            throw new StackException("cannot read " + file + " (" + e.getMessage() + "); run 'strata stack down --purge' to start afresh");
        }
    }

    void save(Path stateDirectory) {
        try {
            Files.createDirectories(stateDirectory);
            Path temporary = stateDirectory.resolve(FILE + ".tmp");
            JSON.writeValue(temporary.toFile(), this);
            Files.move(temporary, stateDirectory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException e) {
            throw new StackException("cannot write " + stateDirectory.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The same state, noting that the Trino process with this pid has the main catalog and Nessie its first commit. */
    StackState bootstrapped(long trinoPid) {
        return new StackState(accessKey, secretKey, ports, processes, trinoPid);
    }

    int port(String name) {
        Integer port = ports.get(name);
        if (port == null) {
            throw new StackException("the stack has no " + name + " port yet: run 'strata stack up'");
        }
        return port;
    }
}
