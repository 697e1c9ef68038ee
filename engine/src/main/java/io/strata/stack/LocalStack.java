package io.strata.stack;

import io.strata.lake.LakeEndpoints;
import io.strata.branch.NessieBranches;
import io.strata.engine.trino.TrinoEngine;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Strata's default profile: real Trino, real Project Nessie and an S3-API object store (S3Proxy), each a
 * child process of the JDK, bound to 127.0.0.1 on ports remembered in {@code stack.json}. {@code up}
 * reuses healthy processes and restarts dead ones; {@code down} stops exactly the processes Strata
 * started.
 */
public final class LocalStack {
    /** Nessie's main gets this namespace as its first commit in a new repository. */
    public static final String FIRST_NAMESPACE = "analytics";

    private static final List<String> PORT_NAMES = List.of("s3", "nessie", "nessie-management", "trino");
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final StackSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public LocalStack(StackSettings settings) {
        this.settings = settings;
    }

    public StackSettings settings() {
        return settings;
    }

    public Path logFile(Service service) {
        return settings.stateDirectory().resolve("logs/" + service.id() + ".log");
    }

    /** The status of each process, without starting anything. */
    public List<ServiceStatus> status() {
        StackState state = StackState.load(settings.stateDirectory());
        List<ServiceStatus> statuses = new ArrayList<>();
        for (Service service : Service.values()) {
            StackState.ProcessRecord record = state.processes().get(service.id());
            Optional<ProcessHandle> handle = record == null ? Optional.empty() : record.handle();
            boolean healthy = handle.isPresent() && healthy(service, state);
            statuses.add(new ServiceStatus(service, handle.map(ProcessHandle::pid), Optional.ofNullable(state.ports().get(primaryPort(service))),
                    record == null ? service.version() : record.version(), handle.isPresent(), healthy,
                    handle.flatMap(h -> residentMemory(h.pid())), handle.flatMap(h -> h.info().startInstant())));
        }
        return statuses;
    }

    /**
     * Starts whatever is not running and healthy, waits until every process answers, and returns where
     * they are. Any command that needs the stack calls this; with a healthy stack it costs a few HTTP calls.
     */
    public LakeEndpoints up() {
        try (StackLock lock = lock()) {
            StackState state = StackState.load(settings.stateDirectory());
            Set<Service> toStart = EnumSet.noneOf(Service.class);
            for (Service service : Service.values()) {
                StackState.ProcessRecord record = state.processes().get(service.id());
                if (record == null || record.handle().isEmpty()) {
                    if (record != null) {
                        settings.messages().println("strata: " + service.id() + " (pid " + record.pid()
                                + ") is no longer running; starting it again");
                    }
                    toStart.add(service);
                }
            }
            if (!toStart.isEmpty()) {
                boolean portsMoved = assignPorts(state, toStart);
                if (portsMoved && toStart.size() < Service.values().length) {
                    // A process that stays up would keep pointing at a port that moved: restart them all.
                    stopAll(state);
                    toStart.addAll(EnumSet.allOf(Service.class));
                    assignPorts(state, toStart);
                }
                start(state, toStart);
            }
            // Processes that were running may be unhealthy only because another was down (Nessie checks the
            // object store): they are judged after the others are back, or still starting.
            for (Service service : Service.values()) {
                if (!toStart.contains(service) && !healthy(service, state)) {
                    Optional<ProcessHandle> handle = state.processes().get(service.id()).handle();
                    if (handle.isPresent()) {
                        awaitHealthy(service, state, handle.get(), Duration.ofSeconds(60));
                    }
                    else {
                        // It died while the others were starting: start it again on its port.
                        settings.messages().println("strata: " + service.id() + " stopped while the stack was starting; starting it again");
                        start(state, EnumSet.of(service));
                    }
                }
            }
            LakeEndpoints endpoints = endpoints(state);
            long trino = state.processes().get(Service.TRINO.id()).pid();
            if (state.bootstrappedTrino() != trino) {
                try {
                    bootstrap(endpoints);
                }
                catch (RuntimeException e) {
                    stopAll(state);
                    state.processes().clear();
                    state.save(settings.stateDirectory());
                    throw e;
                }
                state.bootstrapped(trino).save(settings.stateDirectory());
            }
            return endpoints;
        }
        catch (IOException e) {
            throw new StackException("cannot use the stack's state in " + settings.stateDirectory() + ": " + e.getMessage(), e);
        }
    }

    /** Where a running stack answers; fails if it was never started. */
    public LakeEndpoints endpoints() {
        return endpoints(StackState.load(settings.stateDirectory()));
    }

    /** Stops every process Strata started (gracefully, then forcibly); with {@code purge}, deletes all state. */
    public List<Service> down(boolean purge) {
        try (StackLock lock = lock()) {
            StackState state = StackState.load(settings.stateDirectory());
            List<Service> stopped = stopAll(state);
            state.processes().clear();
            state.save(settings.stateDirectory());
            if (purge) {
                try (Stream<Path> children = Files.list(settings.stateDirectory())) {
                    for (Path child : children.filter(path -> !path.getFileName().toString().equals("stack.lock")).toList()) {
                        Unpacker.delete(child);
                    }
                }
            }
            return stopped;
        }
        catch (IOException e) {
            throw new StackException("cannot stop the stack in " + settings.stateDirectory() + ": " + e.getMessage(), e);
        }
    }

    /** Holds the stack's lock file: one {@code up} or {@code down} at a time, across processes. */
    private record StackLock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }

    private StackLock lock() throws IOException {
        Files.createDirectories(settings.stateDirectory());
        FileChannel channel = FileChannel.open(settings.stateDirectory().resolve("stack.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        return new StackLock(channel, channel.lock());
    }

    private static String primaryPort(Service service) {
        return switch (service) {
            case S3PROXY -> "s3";
            case NESSIE -> "nessie";
            case TRINO -> "trino";
        };
    }

    private static List<String> portsOf(Service service) {
        return switch (service) {
            case S3PROXY -> List.of("s3");
            case NESSIE -> List.of("nessie", "nessie-management");
            case TRINO -> List.of("trino");
        };
    }

    /** Keeps each remembered port that is still free; picks a free one otherwise. Returns whether any moved. */
    private boolean assignPorts(StackState state, Set<Service> starting) {
        boolean moved = false;
        for (Service service : starting) {
            for (String name : portsOf(service)) {
                Integer remembered = state.ports().get(name);
                if (remembered != null && free(remembered)) {
                    continue;
                }
                if (remembered != null) {
                    settings.messages().println("strata: port " + remembered + " of " + service.id()
                            + " is taken by another program; using a new port");
                    moved = true;
                }
                state.ports().put(name, freePort());
            }
        }
        return moved;
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new StackException("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    private void start(StackState state, Set<Service> services) throws IOException {
        Files.createDirectories(settings.stateDirectory().resolve("logs"));
        Files.createDirectories(settings.stateDirectory().resolve("cds"));
        Map<Service, ServiceLaunch.Launch> launches = new EnumMap<>(Service.class);
        for (Service service : services) {
            // Downloads (first use) happen here, one after another, before anything starts.
            launches.put(service, ServiceLaunch.prepare(service, settings, state));
        }
        Instant begin = Instant.now();
        settings.messages().println("strata: starting " + String.join(", ", services.stream().map(Service::id).toList()) + "...");
        Map<Service, ProcessHandle> started = new EnumMap<>(Service.class);
        try {
            for (var launch : launches.entrySet()) {
                ProcessHandle handle = launch(launch.getKey(), launch.getValue());
                started.put(launch.getKey(), handle);
                state.processes().put(launch.getKey().id(), new StackState.ProcessRecord(handle.pid(),
                        handle.info().startInstant().orElse(Instant.now()).toEpochMilli(), launch.getKey().version()));
            }
            state.save(settings.stateDirectory());
            List<CompletableFuture<Void>> waits = started.entrySet().stream()
                    .map(entry -> CompletableFuture.runAsync(() -> awaitHealthy(entry.getKey(), state, entry.getValue(), settings.startTimeout())))
                    .toList();
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();
        }
        catch (RuntimeException e) {
            for (var entry : started.entrySet()) {
                stop(entry.getValue());
                state.processes().remove(entry.getKey().id());
            }
            state.save(settings.stateDirectory());
            if (e instanceof CompletionException completion && completion.getCause() instanceof StackException stack) {
                throw stack;
            }
            throw e;
        }
        settings.messages().printf("strata: stack ready in %.1f s%n", Duration.between(begin, Instant.now()).toMillis() / 1000.0);
    }

    private ProcessHandle launch(Service service, ServiceLaunch.Launch launch) throws IOException {
        Path log = logFile(service);
        Files.writeString(log, "---- strata: starting " + service.id() + " " + service.version() + " at " + Instant.now() + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(launch.command())
                .directory(launch.workingDirectory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        return builder.start().toHandle();
    }

    private void awaitHealthy(Service service, StackState state, ProcessHandle handle, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!handle.isAlive()) {
                throw new StackException(service.id() + " stopped while starting; the last messages of " + logFile(service) + ":\n" + explanation(service));
            }
            if (healthy(service, state)) {
                return;
            }
            try {
                handle.onExit().get(250, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            catch (java.util.concurrent.TimeoutException e) {
                // Still running and not yet healthy: look again.
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for " + service.id());
            }
            catch (java.util.concurrent.ExecutionException e) {
                throw new StackException("cannot watch " + service.id() + ": " + e.getMessage(), e);
            }
        }
        throw new StackException(service.id() + " did not become healthy within " + timeout.toSeconds() + " s; the last messages of "
                + logFile(service) + ":\n" + explanation(service));
    }

    /** Whether the process answers its health check now. */
    boolean healthy(Service service, StackState state) {
        try {
            return switch (service) {
                case S3PROXY -> get(URI.create("http://127.0.0.1:" + state.port("s3") + "/")).isPresent();
                case NESSIE -> get(URI.create("http://127.0.0.1:" + state.port("nessie-management") + "/q/health/ready"))
                        .filter(response -> response.statusCode() == 200).isPresent();
                case TRINO -> get(URI.create("http://127.0.0.1:" + state.port("trino") + "/v1/info"))
                        .filter(response -> response.statusCode() == 200 && response.body().replace(" ", "").contains("\"starting\":false")).isPresent();
            };
        }
        catch (StackException e) {
            return false;
        }
    }

    private Optional<HttpResponse<String>> get(URI uri) {
        try {
            return Optional.of(http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        catch (IOException e) {
            return Optional.empty();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The last lines of a process's log. */
    public String tail(Service service, int lines) {
        return lastLines(service, lines, line -> true);
    }

    /** The last lines of a log that say why a process failed: its messages, without stack frames or blank lines. */
    private String explanation(Service service) {
        return lastLines(service, 25, line -> !line.isBlank() && !line.stripLeading().startsWith("at ") && !line.startsWith("\t..."));
    }

    private String lastLines(Service service, int lines, java.util.function.Predicate<String> kept) {
        Path log = logFile(service);
        if (!Files.exists(log)) {
            return "(no log yet)";
        }
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(kept).toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private List<Service> stopAll(StackState state) {
        List<Service> stopped = new ArrayList<>();
        for (Service service : Service.values()) {
            StackState.ProcessRecord record = state.processes().get(service.id());
            if (record != null && record.handle().isPresent()) {
                stop(record.handle().get());
                stopped.add(service);
            }
        }
        return stopped;
    }

    private static void stop(ProcessHandle handle) {
        handle.destroy();
        try {
            handle.onExit().get(STOP_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        catch (Exception e) {
            handle.destroyForcibly();
            handle.onExit().join();
        }
    }

    private LakeEndpoints endpoints(StackState state) {
        return new LakeEndpoints(URI.create("http://127.0.0.1:" + state.port("nessie")), URI.create("http://127.0.0.1:" + state.port("trino")),
                URI.create("http://127.0.0.1:" + state.port("s3")), state.accessKey(), state.secretKey(), "strata", Optional.empty());
    }

    /** Nessie's main gets a first commit if it has none; Trino gets the main catalog if it lacks it. */
    private static void bootstrap(LakeEndpoints endpoints) {
        try (NessieBranches branches = new NessieBranches(endpoints.nessieApi())) {
            branches.ensureFirstCommit(FIRST_NAMESPACE);
        }
        TrinoEngine engine = new TrinoEngine(endpoints);
        try (Connection connection = engine.connect("main")) {
            connection.isValid(5);
        }
        catch (java.sql.SQLException e) {
            throw new StackException("Trino is up but its main catalog cannot be created: " + e.getMessage(), e);
        }
    }

    private static Optional<Long> residentMemory(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        }
        catch (IOException | NumberFormatException e) {
            // Not Linux, or the process just ended.
        }
        return Optional.empty();
    }
}
