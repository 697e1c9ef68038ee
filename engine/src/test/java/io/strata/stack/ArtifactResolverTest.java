package io.strata.stack;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Downloads from a repository served on loopback by the JDK's own HTTP server. */
class ArtifactResolverTest {
    @TempDir
    Path local;

    private HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ArtifactResolver resolver() {
        return new ArtifactResolver(local, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/maven2"),
                new PrintStream(messages, true, StandardCharsets.UTF_8));
    }

    private static String sha1(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    }

    private final Artifact artifact = Artifact.of("org.example:engine:1.2:tar.gz");

    @Test
    void aMissingArtifactIsDownloadedVerifiedAndKeptInTheLocalRepository() throws Exception {
        byte[] content = "pretend this is a server".repeat(1000).getBytes(StandardCharsets.UTF_8);
        files.put("/maven2/org/example/engine/1.2/engine-1.2.tar.gz", content);
        files.put("/maven2/org/example/engine/1.2/engine-1.2.tar.gz.sha1", (sha1(content) + "  engine-1.2.tar.gz\n").getBytes(StandardCharsets.UTF_8));

        Path file = resolver().resolve(artifact);

        assertThat(file).isEqualTo(local.resolve("org/example/engine/1.2/engine-1.2.tar.gz"));
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(messages.toString(StandardCharsets.UTF_8)).contains("downloading engine-1.2.tar.gz");

        files.clear();
        assertThat(resolver().resolve(artifact)).as("the second time it is taken from the local repository").isEqualTo(file);
    }

    @Test
    void aDownloadThatDoesNotMatchItsChecksumIsRefusedAndNotKept() {
        files.put("/maven2/org/example/engine/1.2/engine-1.2.tar.gz", "truncated".getBytes(StandardCharsets.UTF_8));
        files.put("/maven2/org/example/engine/1.2/engine-1.2.tar.gz.sha1", "0123456789abcdef0123456789abcdef01234567".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> resolver().resolve(artifact))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("is corrupt: SHA-1");
        assertThat(local.resolve("org/example/engine/1.2/engine-1.2.tar.gz")).doesNotExist();
    }

    @Test
    void anArtifactTheRepositoryDoesNotHaveSaysSo() {
        assertThatThrownBy(() -> resolver().resolve(artifact))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("cannot download org.example:engine:1.2:tar.gz")
                .hasMessageContaining("answered HTTP 404");
    }

    @Test
    void anUnreachableRepositoryIsAClearMessage() {
        server.stop(0);

        assertThatThrownBy(() -> resolver().resolve(artifact))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("cannot download org.example:engine:1.2:tar.gz from http://127.0.0.1:")
                .hasMessageContaining("STRATA_MAVEN_REPOSITORY");
    }
}
