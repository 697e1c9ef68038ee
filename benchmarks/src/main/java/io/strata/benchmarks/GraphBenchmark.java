package io.strata.benchmarks;

import io.strata.api.AssetKey;
import io.strata.compile.CompileOptions;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.lake.LakeLocator;
import io.strata.service.Workspace;
import io.strata.ui.ServeCommand;
import io.strata.ui.ServerSettings;
import io.strata.ui.graph.GraphLayout;
import io.strata.ui.graph.GraphShape;
import io.strata.ui.graph.LaneLayout;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Measures the lineage graph of a synthetic project of 10,000 assets and ~30,000 edges ({@link SyntheticLineage}):
 * the server's layout (first in a fresh JVM, then in a warm JVM without the cache), {@code GET /api/graph} (first,
 * then answered from the cache, then after a file changed), its size, and in headless Chromium the time to the first
 * painted frame of the lineage page and the time of pan and zoom frames, then the same for the graph drawn by
 * Cytoscape.js (the comparison that chose the page's own canvas renderer). The server runs in process
 * ({@link ServeCommand#start}) on a free port, with no lake: the graph needs none. Results go to docs/benchmarks.md by
 * hand.
 * <p>
 * Usage: {@code GraphBenchmark [--models N] [--dir DIR] [--loads L] [--frames F] [--chromium PATH] [--chromedriver PATH]}
 */
public final class GraphBenchmark {
    private static final LakeLocator NO_LAKE = (profile, root) -> {
        throw new IllegalStateException("the graph benchmark needs no lake");
    };
    private static final Pattern LAYOUT_MILLIS = Pattern.compile("\"layoutMillis\":(\\d+)");

    public static void main(String[] args) throws Exception {
        int models = 10_000;
        int loads = 5;
        int frames = 60;
        Path dir = null;
        String chromium = "/usr/bin/chromium";
        String chromedriver = "/usr/bin/chromedriver";
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--models" -> models = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--loads" -> loads = Integer.parseInt(args[i + 1]);
                case "--frames" -> frames = Integer.parseInt(args[i + 1]);
                case "--chromium" -> chromium = args[i + 1];
                case "--chromedriver" -> chromedriver = args[i + 1];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path root = dir != null ? dir : Files.createTempDirectory("strata-graph-benchmark");
        if (!Files.exists(root.resolve("strata.yml"))) {
            int edges = SyntheticLineage.write(root, models, 42);
            System.out.printf("wrote %s: %d models, %d refs%n", root, models, edges);
        }
        System.out.printf("project: %s, cores: %d, java %s%n", root, Runtime.getRuntime().availableProcessors(), Runtime.version());

        ConfigurableApplicationContext server = ServeCommand.start(
                ServerSettings.of(root, CompileOptions.defaults(), "127.0.0.1", 0, Optional.empty()), NO_LAKE);
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port") + "/");
            Workspace workspace = server.getBean(Workspace.class);
            long t = System.nanoTime();
            AssetGraph graph = workspace.compile().graph();
            System.out.printf("compile (first, fresh JVM): %d ms; %d assets, %d edges%n", millis(System.nanoTime() - t), graph.size(), graph.edges().size());

            measureServer(base, graph, root);
            System.out.println("-- the lineage page (its own canvas renderer)");
            measureBrowser(base, "/", loads, frames, chromium, chromedriver);
            System.out.println("-- the same graph in Cytoscape.js 3.33.1 (preset positions, hideEdgesOnViewport, textureOnViewport, pixelRatio 1)");
            measureBrowser(base, "/benchmark/cytoscape.html", loads, frames, chromium, chromedriver);
        }
        finally {
            server.close();
        }
    }

    private static void measureServer(URI base, AssetGraph graph, Path root) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = base.resolve("/api/graph");
        long t = System.nanoTime();
        HttpResponse<String> first = get(http, uri);
        long firstMillis = millis(System.nanoTime() - t);
        Matcher layout = LAYOUT_MILLIS.matcher(first.body());
        System.out.printf("GET /api/graph, first (layout in a fresh JVM): %d ms, of which layout %s ms%n", firstMillis, layout.find() ? layout.group(1) : "?");
        byte[] body = first.body().getBytes(StandardCharsets.UTF_8);
        System.out.printf("  answer: %.2f MB JSON, %.2f MB gzipped%n", body.length / 1e6, gzip(body) / 1e6);

        List<Long> cached = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            t = System.nanoTime();
            get(http, uri);
            cached.add(System.nanoTime() - t);
        }
        System.out.printf("GET /api/graph, project unchanged (answer kept): median %.1f ms, min %.1f ms%n", median(cached) / 1e6, min(cached) / 1e6);

        Path model;
        try (Stream<Path> files = Files.walk(root.resolve("models/gold"))) {
            model = files.filter(file -> file.toString().endsWith(".sql")).sorted().findFirst().orElseThrow();
        }
        List<Long> touched = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Files.setLastModifiedTime(model, FileTime.from(Instant.now().plusSeconds(i + 1)));
            t = System.nanoTime();
            get(http, uri);
            touched.add(System.nanoTime() - t);
        }
        System.out.printf("GET /api/graph after a model file changed (re-compile, layout from the cache): median %d ms%n", millis(median(touched)));

        GraphShape shape = shape(graph);
        LaneLayout layouts = new LaneLayout();
        List<Long> warm = new ArrayList<>();
        GraphLayout last = null;
        for (int i = 0; i < 5; i++) {
            t = System.nanoTime();
            last = layouts.layout(shape);
            warm.add(System.nanoTime() - t);
        }
        System.out.printf("layout, warm JVM, no cache: median %d ms, min %d ms (%.0f x %.0f px, %d lanes)%n", millis(median(warm)), millis(min(warm)),
                last.width(), last.height(), last.lanes().size());
    }

    private static void measureBrowser(URI base, String page, int loads, int frames, String chromium, String chromedriver) throws IOException {
        Path profile = Files.createTempDirectory("strata-graph-benchmark-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver)).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(600));
            List<Double> paints = new ArrayList<>();
            for (int i = 0; i < loads; i++) {
                driver.get(base.resolve(page + "?load=" + i).toString());
                waitUntilReady(driver);
                @SuppressWarnings("unchecked")
                Map<String, Object> marks = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript("""
                        const mark = name => performance.getEntriesByName(name)[0].startTime;
                        const graph = performance.getEntriesByType('resource').find(entry => entry.name.includes('/api/graph'));
                        return {painted: mark('strata-graph-painted'), data: mark('strata-graph-data'), responseEnd: graph ? graph.responseEnd : -1,
                                requestStart: graph ? graph.requestStart : -1, nodes: window.strataGraph.nodeCount, edges: window.strataGraph.edgeCount,
                                draw: window.strataGraph.stats.lastDrawMillis};
                        """);
                double painted = number(marks.get("painted"));
                paints.add(painted);
                System.out.printf("page load %d: first paint at %.0f ms (graph asked at %.0f ms, received %.0f ms, parsed and indexed %.0f ms; first draw %.1f ms) — %s nodes, %s edges%n",
                        i + 1, painted, number(marks.get("requestStart")), number(marks.get("responseEnd")), number(marks.get("data")),
                        number(marks.get("draw")), marks.get("nodes"), marks.get("edges"));
            }
            System.out.printf("first paint: first load %.0f ms, median of %d %.0f ms%n", paints.getFirst(), loads,
                    paints.stream().sorted().toList().get(paints.size() / 2));

            for (String view : List.of("initial", "close", "middle", "fit")) {
                driver.get(base.resolve(page + "?frames=" + view).toString());
                waitUntilReady(driver);
                @SuppressWarnings("unchecked")
                Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript("""
                        const [frames, view, done] = arguments;
                        const graph = window.strataGraph;
                        if (view === 'fit') graph.fit();
                        if (view === 'close') graph.zoomBy(4);
                        if (view === 'middle') { graph.fit(); graph.zoomBy(10); }
                        const draws = [];
                        let i = 0;
                        const step = () => {
                          if (i === frames) {
                            const elapsed = performance.now() - start;
                            draws.sort((a, b) => a - b);
                            done({perFrame: elapsed / frames, medianDraw: draws[Math.floor(draws.length / 2)], maxDraw: draws[draws.length - 1]});
                            return;
                          }
                          graph.onNextDraw(() => { draws.push(graph.stats.lastDrawMillis); step(); });
                          if (i % 2 === 0) graph.panBy(7, 5); else graph.zoomBy(i % 4 === 1 ? 1.05 : 1 / 1.05);
                          i++;
                        };
                        let start;
                        requestAnimationFrame(() => { start = performance.now(); step(); });
                        """, frames, view);
                System.out.printf("pan/zoom, %s view: %d frames, %.1f ms a frame (drawing calls median %.1f ms, max %.1f ms)%n", view, frames,
                        number(result.get("perFrame")), number(result.get("medianDraw")), number(result.get("maxDraw")));
            }
        }
        finally {
            driver.quit();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    private static void waitUntilReady(ChromeDriver driver) {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (!Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript("return !!(window.strataGraph && window.strataGraph.ready)"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the page was not ready within 300 s");
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The shape the server lays out for the whole project (as LineageGraph builds it). */
    private static GraphShape shape(AssetGraph graph) {
        List<GraphShape.Node> nodes = graph.assets().stream().sorted(Comparator.comparing(Asset::key))
                .map(asset -> new GraphShape.Node(asset.key().toString(), asset.layer())).toList();
        List<GraphShape.Edge> edges = new ArrayList<>();
        for (Map.Entry<AssetKey, AssetKey> edge : graph.edges()) {
            edges.add(new GraphShape.Edge(edge.getKey().toString(), edge.getValue().toString()));
        }
        return new GraphShape(nodes, edges);
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static long gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        }
        return out.size();
    }

    private static double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static long min(List<Long> values) {
        return values.stream().min(Comparator.naturalOrder()).orElseThrow();
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
