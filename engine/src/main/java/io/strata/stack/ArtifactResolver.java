package io.strata.stack;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Finds the stack's files in the local Maven repository ({@code ~/.m2/repository}), downloading them from
 * Maven Central once when missing. Every download is checked against the repository's SHA-1 before it is
 * moved into place, so a broken download never looks like a good file.
 */
public final class ArtifactResolver {
    public static final String CENTRAL = "https://repo.maven.apache.org/maven2";

    private final Path localRepository;
    private final URI remote;
    private final PrintStream progress;
    private final HttpClient http;

    public ArtifactResolver(Path localRepository, URI remote, PrintStream progress) {
        this.localRepository = localRepository;
        this.remote = URI.create(remote.toString().endsWith("/") ? remote.toString() : remote + "/");
        this.progress = progress;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The user's local repository and Maven Central, or {@code STRATA_MAVEN_REPOSITORY} when set (a mirror). */
    public static ArtifactResolver standard(PrintStream progress) {
        String local = System.getProperty("maven.repo.local");
        Path repository = local != null ? Path.of(local) : Path.of(System.getProperty("user.home"), ".m2", "repository");
        String mirror = System.getenv("STRATA_MAVEN_REPOSITORY");
        return new ArtifactResolver(repository, URI.create(mirror != null && !mirror.isBlank() ? mirror : CENTRAL), progress);
    }

    public Path localRepository() {
        return localRepository;
    }

    /** The local file of the artifact, downloaded and verified first if it is not there. */
    public Path resolve(Artifact artifact) {
        Path file = localRepository.resolve(artifact.repositoryPath());
        if (Files.isRegularFile(file)) {
            return file;
        }
        URI uri = remote.resolve(artifact.repositoryPath());
        try {
            Files.createDirectories(file.getParent());
            String expected = fetchChecksum(artifact, uri);
            Path partial = Files.createTempFile(file.getParent(), artifact.fileName(), ".part");
            try {
                String actual = download(artifact, uri, partial);
                if (!actual.equalsIgnoreCase(expected)) {
                    throw new StackException("download of " + artifact + " from " + uri + " is corrupt: SHA-1 " + actual
                            + ", the repository says " + expected + "; run the command again");
                }
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(file.resolveSibling(artifact.fileName() + ".sha1"), expected);
            }
            finally {
                Files.deleteIfExists(partial);
            }
            return file;
        }
        catch (IOException e) {
            throw unreachable(artifact, uri, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("download of " + artifact + " was interrupted");
        }
    }

    private String fetchChecksum(Artifact artifact, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri + ".sha1")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new StackException("cannot download " + artifact + ": " + uri + ".sha1 answered HTTP " + response.statusCode());
        }
        String checksum = response.body().trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
        if (!checksum.matches("[0-9a-f]{40}")) {
            throw new StackException("cannot download " + artifact + ": " + uri + ".sha1 holds no SHA-1 checksum");
        }
        return checksum;
    }

    private String download(Artifact artifact, URI uri, Path target) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new StackException("cannot download " + artifact + ": " + uri + " answered HTTP " + response.statusCode());
        }
        long length = response.headers().firstValueAsLong("content-length").orElse(-1);
        MessageDigest sha1 = sha1();
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(target); Progress bar = new Progress(artifact, length)) {
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                sha1.update(buffer, 0, read);
                bar.add(read);
            }
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    private StackException unreachable(Artifact artifact, URI uri, IOException cause) {
        return new StackException("cannot download " + artifact + " from " + uri + " (" + cause + "). Strata fetches Trino, Nessie"
                + " and S3Proxy from Maven Central once (about 800 MB) into " + localRepository
                + "; check the network, or set STRATA_MAVEN_REPOSITORY to a Maven mirror", cause);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /** A progress bar with MB and rate on a terminal; a line every quarter otherwise (CI logs). */
    private final class Progress implements AutoCloseable {
        private final ProgressBar bar;
        private final Artifact artifact;
        private final long length;
        private final long started = System.nanoTime();
        private long done;
        private int quartersShown;

        Progress(Artifact artifact, long length) {
            this.artifact = artifact;
            this.length = length;
            this.bar = System.console() == null ? null : new ProgressBarBuilder()
                    .setTaskName("Downloading " + artifact.fileName())
                    .setInitialMax(Math.max(length, 0))
                    .setUnit(" MB", 1 << 20)
                    .showSpeed()
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .continuousUpdate()
                    .build();
            if (bar == null) {
                progress.printf("strata: downloading %s (%s)%n", artifact.fileName(), length > 0 ? length / (1 << 20) + " MB" : "size unknown");
            }
        }

        void add(int bytes) {
            done += bytes;
            if (bar != null) {
                bar.stepBy(bytes);
            }
            else if (length > 0 && done * 4 / length > quartersShown) {
                quartersShown = (int) (done * 4 / length);
                double seconds = Math.max((System.nanoTime() - started) / 1e9, 0.001);
                progress.printf("strata: %s %d%% (%d MB, %.0f MB/s)%n", artifact.fileName(), quartersShown * 25, done >> 20, (done >> 20) / seconds);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
