package io.strata.stack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from the machine's PostgreSQL binaries ({@code /usr/lib/postgresql/<n>/bin}),
 * in a temporary folder, on a free port, trusting local connections. {@code initdb} refuses root, so as root
 * the server runs as the {@code postgres} user.
 */
public final class PostgresCluster implements AutoCloseable {
    public static final String USER = "strata";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path directory;
    private final int port;

    private PostgresCluster(Path bin, Path directory, int port) {
        this.bin = bin;
        this.directory = directory;
        this.port = port;
    }

    private static PostgresCluster shared;

    /** The one cluster the tests of this JVM share (each in databases of its own), started on first need and stopped when the JVM ends. */
    public static synchronized PostgresCluster shared() {
        if (shared == null) {
            shared = start();
            PostgresCluster cluster = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "strata-postgres-stop"));
        }
        return shared;
    }

    public static PostgresCluster start() {
        try {
            Path bin = binaries();
            Path directory = Files.createTempDirectory("strata-postgres");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            PostgresCluster cluster = new PostgresCluster(bin, directory, port);
            if (isRoot()) {
                run(List.of("chown", "postgres", directory.toString()));
            }
            cluster.runAsOwner(List.of(bin.resolve("initdb").toString(), "-D", directory.resolve("data").toString(), "-U", USER,
                    "--auth=trust", "-E", "UTF8", "--no-sync"));
            cluster.startServer();
            return cluster;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startServer() throws IOException {
        runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-w", "-t", "60",
                "-l", directory.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    }

    /** Stops the server at once, as a crash would (immediate shutdown: sessions cut, no checkpoint); {@link #restart} brings it back. */
    public void crash() {
        try {
            runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-m", "immediate", "stop"));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again after {@link #crash}; it recovers from its log. */
    public void restart() {
        try {
            startServer();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new empty database; its JDBC URL. */
    public String createDatabase() {
        String name = "runs_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, "")) {
            connection.createStatement().execute("CREATE DATABASE " + name);
        }
        catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var newest = versions.filter(version -> Files.isExecutable(version.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(version -> Integer.parseInt(version.getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            }
        }
        throw new IllegalStateException("these tests need PostgreSQL's server binaries (Debian: apt-get install postgresql); none under " + root);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void runAsOwner(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-m", "immediate", "stop"));
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
