package io.strata.ui.web;

import io.strata.compile.CompileOptions;
import io.strata.compile.TestProject;
import io.strata.lake.LakeLocator;
import io.strata.ui.ServeCommand;
import io.strata.ui.ServerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web pages as a browser fetches them from the real server: the index page, every file it links, every ES module
 * those import (a broken WebJar path or a renamed module fails here before it fails in a browser), and the graph.
 */
class StaticPagesTest {
    private static final LakeLocator NO_LAKE = (profile, root) -> {
        throw new AssertionError("the lake was asked for");
    };
    private static final Pattern LINKED = Pattern.compile("(?:src|href)=\"([^\"#]+)\"");
    private static final Pattern IMPORTED = Pattern.compile("(?:import|export)\\s[^;]*?from\\s+'([^']+)'|import\\s+'([^']+)'|import\\('([^']+)'\\)");

    @TempDir
    static Path root;
    private static ConfigurableApplicationContext server;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        TestProject.in(root)
                .file("models/bronze/raw_orders.sql", "select 1 as id")
                .file("models/silver/orders.sql", "select * from {{ ref('raw_orders') }}");
        server = ServeCommand.start(ServerSettings.of(root, CompileOptions.defaults(), "127.0.0.1", 0, Optional.empty()), NO_LAKE);
        base = URI.create("http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port") + "/");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theIndexPageAndEverythingItLoadsAreServed() throws Exception {
        HttpResponse<String> index = get(base);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));

        Set<URI> linked = new LinkedHashSet<>();
        Matcher links = LINKED.matcher(index.body());
        while (links.find()) {
            linked.add(base.resolve(links.group(1)));
        }
        assertThat(linked).as("the index page links its stylesheet, icon and main module").hasSizeGreaterThanOrEqualTo(3);

        Set<URI> fetched = new LinkedHashSet<>();
        Deque<URI> pending = new ArrayDeque<>(linked);
        while (!pending.isEmpty()) {
            URI uri = pending.pop();
            if (!fetched.add(uri)) {
                continue;
            }
            HttpResponse<String> response = get(uri);
            assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
            if (uri.getPath().endsWith(".js")) {
                assertThat(response.headers().firstValue("Content-Type")).as(uri + " must be served as JavaScript for a module to load")
                        .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
                Matcher imports = IMPORTED.matcher(response.body());
                while (imports.find()) {
                    String target = imports.group(1) != null ? imports.group(1) : imports.group(2) != null ? imports.group(2) : imports.group(3);
                    pending.add(uri.resolve(target));
                }
            }
        }
        assertThat(fetched).extracting(URI::getPath).contains("/js/app.js", "/js/pages/graph.js", "/js/lineage-canvas.js", "/favicon.svg",
                "/js/pages/runs.js", "/js/pages/branches.js", "/js/pages/schedules.js", "/js/pages/schedule.js");
    }

    @Test
    void theTopBarLinksEverySection() throws Exception {
        assertThat(get(base).body()).contains("href=\"#/\" data-nav=\"graph\"", "href=\"#/runs\" data-nav=\"runs\"",
                "href=\"#/branches\" data-nav=\"branches\"", "href=\"#/schedules\" data-nav=\"schedules\"");
    }

    @Test
    void theGraphIsServedAsJson() throws Exception {
        HttpResponse<String> graph = get(base.resolve("/api/graph"));
        assertThat(graph.statusCode()).isEqualTo(200);
        assertThat(graph.body()).contains("\"key\":\"orders\"", "\"source\":\"raw_orders\"", "\"lanes\":[", "\"layer\":\"bronze\"", "\"layoutMillis\":");

        HttpResponse<String> wrong = get(base.resolve("/api/graph?select=colour:red"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("\"error\":\"selection\"");
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
