package io.strata.ui.api;

import io.strata.check.CheckOutcome;
import io.strata.project.Materialization;
import io.strata.run.RunRequest;
import io.strata.run.RunResult;
import io.strata.ui.AccessFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.strata.ui.api.SeededRuns.built;
import static io.strata.ui.api.SeededRuns.check;
import static io.strata.ui.api.SeededRuns.skipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The run history, one run with its timeline, its log by page and live, and the refusals of starting and cancelling
 * runs; on a run store seeded as runners write it, with the lake down.
 */
class RunApiTest {
    @TempDir
    static Path root;

    private static ApiServer server;
    private static SeededRuns runs;
    private static final Instant START = Instant.parse("2025-03-01T08:00:00Z");
    /** Merged, by the CLI. */
    private static final String MERGED = "20250301-080000-aaaa";
    /** Kept, started by the API: the unique check of orders failed, revenue skipped. */
    private static final String KEPT = "20250301-090000-bbbb";
    private static final Instant KEPT_START = START.plus(1, ChronoUnit.HOURS);
    /** Going, started from the web pages in this process but not by this server: orders built, revenue building. */
    private static final String GOING = "20250301-100000-cccc";
    private static final Instant GOING_START = START.plus(2, ChronoUnit.HOURS);

    @BeforeAll
    static void start() {
        server = ApiServer.start(root);
        runs = new SeededRuns(server.store);
        runs.started(MERGED, START, RunRequest.CLI);
        runs.event(MERGED, 1, START, Optional.empty(), Optional.empty(), "building on branch run-" + MERGED);
        runs.assetEvent(MERGED, 2, START.plusSeconds(1), "orders", "RUNNING");
        runs.assetEvent(MERGED, 3, START.plusSeconds(3), "orders", "SUCCESS");
        runs.event(MERGED, 4, START.plusSeconds(4), Optional.empty(), Optional.empty(), "merged into main");
        runs.finished(MERGED, RunResult.Outcome.MERGED, List.of(built("orders", Materialization.TABLE, 2, 2000)));

        runs.started(KEPT, KEPT_START, RunRequest.API);
        runs.event(KEPT, 1, KEPT_START, Optional.empty(), Optional.empty(), "building on branch run-" + KEPT);
        runs.assetEvent(KEPT, 2, KEPT_START.plusSeconds(1), "orders", "RUNNING");
        runs.assetEvent(KEPT, 3, KEPT_START.plusSeconds(4), "orders", "CHECK_FAILED");
        runs.assetEvent(KEPT, 4, KEPT_START.plusSeconds(4), "revenue", "SKIPPED");
        runs.finished(KEPT, RunResult.Outcome.KEPT, List.of(
                built("orders", Materialization.TABLE, 3, 3000, check("unique_orders_id", "orders", CheckOutcome.FAIL, 1)),
                skipped("revenue", Materialization.VIEW, "orders failed a check")));

        runs.started(GOING, GOING_START, RunRequest.UI);
        runs.event(GOING, 1, GOING_START, Optional.empty(), Optional.empty(), "building on branch run-" + GOING);
        runs.assetEvent(GOING, 2, GOING_START.plusSeconds(1), "orders", "RUNNING");
        runs.assetEvent(GOING, 3, GOING_START.plusSeconds(4), "orders", "SUCCESS");
        runs.assetEvent(GOING, 4, GOING_START.plusSeconds(4), "revenue", "RUNNING");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theRunsComeNewestFirstWithWhatEachDid() throws Exception {
        server.mvc.perform(get("/api/runs").param("limit", "3"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id", contains(GOING, KEPT, MERGED)))
                .andExpect(jsonPath("$[*].status", contains("RUNNING", "KEPT", "MERGED")))
                .andExpect(jsonPath("$[*].trigger", contains("ui", "api", "cli")))
                .andExpect(jsonPath("$[0].durationMs").value(nullValue()))
                .andExpect(jsonPath("$[0].branch").value("run-" + GOING))
                .andExpect(jsonPath("$[0].selection").value("orders revenue"))
                .andExpect(jsonPath("$[0].startedAt").value("2025-03-01T10:00:00Z"))
                .andExpect(jsonPath("$[1].reason").value("a check failed"))
                .andExpect(jsonPath("$[1].mergedCommit").value(nullValue()))
                .andExpect(jsonPath("$[1].built").value(1))
                .andExpect(jsonPath("$[1].skipped").value(1))
                .andExpect(jsonPath("$[1].checksFailed").value(1))
                .andExpect(jsonPath("$[1].durationMs", greaterThanOrEqualTo(0L), Long.class))
                .andExpect(jsonPath("$[2].mergedCommit").value(startsWith("c0ffee")));
    }

    @Test
    void theRunsAreFilteredByStatusAndPagedBackByStart() throws Exception {
        server.mvc.perform(get("/api/runs").param("status", "kept"))
                .andExpect(jsonPath("$[*].id", contains(KEPT)));
        server.mvc.perform(get("/api/runs").param("status", "RUNNING"))
                .andExpect(jsonPath("$[*].id", hasItem(GOING)));
        server.mvc.perform(get("/api/runs").param("limit", "1"))
                .andExpect(jsonPath("$[*].id", contains(GOING)));
        server.mvc.perform(get("/api/runs").param("before", KEPT_START.toString()).param("limit", "1"))
                .andExpect(jsonPath("$[*].id", contains(MERGED)));
    }

    @Test
    void aBadFilterIsA400() throws Exception {
        server.mvc.perform(get("/api/runs").param("status", "finished"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("bad_request"))
                .andExpect(jsonPath("$.message").value(containsString("status must be one of [RUNNING, MERGED")));
        server.mvc.perform(get("/api/runs").param("before", "yesterday"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value(containsString("ISO-8601")));
        server.mvc.perform(get("/api/runs").param("limit", "0")).andExpect(status().isBadRequest());
        server.mvc.perform(get("/api/runs").param("limit", "1001")).andExpect(status().isBadRequest());
        server.mvc.perform(get("/api/runs").param("limit", "many")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("bad_request"));
    }

    @Test
    void anEndedRunTimesEachAssetByItsEvents() throws Exception {
        server.mvc.perform(get("/api/runs/" + KEPT))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.run.id").value(KEPT))
                .andExpect(jsonPath("$.run.status").value("KEPT"))
                .andExpect(jsonPath("$.assets[*].key", contains("orders", "revenue")))
                .andExpect(jsonPath("$.assets[0].status").value("CHECK_FAILED"))
                .andExpect(jsonPath("$.assets[0].materialization").value("table"))
                .andExpect(jsonPath("$.assets[0].rows").value(3))
                .andExpect(jsonPath("$.assets[0].durationMs").value(3000))
                .andExpect(jsonPath("$.assets[0].attempts").value(1))
                .andExpect(jsonPath("$.assets[0].startedAt").value("2025-03-01T09:00:01Z"))
                .andExpect(jsonPath("$.assets[0].finishedAt").value("2025-03-01T09:00:04Z"))
                .andExpect(jsonPath("$.assets[1].status").value("SKIPPED"))
                .andExpect(jsonPath("$.assets[1].error").value("orders failed a check"))
                .andExpect(jsonPath("$.assets[1].rows").value(nullValue()))
                .andExpect(jsonPath("$.assets[1].startedAt").value(nullValue()))
                .andExpect(jsonPath("$.checks[*].name", contains("unique_orders_id")))
                .andExpect(jsonPath("$.checks[0].asset").value("orders"))
                .andExpect(jsonPath("$.checks[0].outcome").value("FAIL"))
                .andExpect(jsonPath("$.checks[0].failures").value(1))
                .andExpect(jsonPath("$.checks[0].error").value(nullValue()));
    }

    @Test
    void aGoingRunShowsTheAssetsItHasStartedFromItsEvents() throws Exception {
        server.mvc.perform(get("/api/runs/" + GOING))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.run.status").value("RUNNING"))
                .andExpect(jsonPath("$.assets[*].key", contains("orders", "revenue")))
                .andExpect(jsonPath("$.assets[0].status").value("SUCCESS"))
                .andExpect(jsonPath("$.assets[0].durationMs").value(3000))
                .andExpect(jsonPath("$.assets[0].finishedAt").value("2025-03-01T10:00:04Z"))
                .andExpect(jsonPath("$.assets[1].status").value("RUNNING"))
                .andExpect(jsonPath("$.assets[1].materialization").value("view"))
                .andExpect(jsonPath("$.assets[1].startedAt").value("2025-03-01T10:00:04Z"))
                .andExpect(jsonPath("$.assets[1].finishedAt").value(nullValue()))
                .andExpect(jsonPath("$.assets[1].durationMs", greaterThanOrEqualTo(0L), Long.class))
                .andExpect(jsonPath("$.checks", empty()));
    }

    @Test
    void anUnknownRunIsA404() throws Exception {
        server.mvc.perform(get("/api/runs/20990101-000000-ffff"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("not_found"));
        server.mvc.perform(get("/api/runs/20990101-000000-ffff/events")).andExpect(status().isNotFound());
    }

    @Test
    void theLogIsReadPageByPage() throws Exception {
        server.mvc.perform(get("/api/runs/" + KEPT + "/events").param("limit", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.events[*].seq", contains(1, 2)))
                .andExpect(jsonPath("$.events[0].asset").value(nullValue()))
                .andExpect(jsonPath("$.events[0].message").value("building on branch run-" + KEPT))
                .andExpect(jsonPath("$.events[1].asset").value("orders"))
                .andExpect(jsonPath("$.events[1].assetStatus").value("RUNNING"))
                .andExpect(jsonPath("$.events[1].level").value("INFO"))
                .andExpect(jsonPath("$.events[1].at").value("2025-03-01T09:00:01Z"))
                .andExpect(jsonPath("$.next").value(2));
        server.mvc.perform(get("/api/runs/" + KEPT + "/events").param("after", "2"))
                .andExpect(jsonPath("$.events[*].seq", contains(3, 4)))
                .andExpect(jsonPath("$.next").value(4));
        server.mvc.perform(get("/api/runs/" + KEPT + "/events").param("after", "4"))
                .andExpect(jsonPath("$.events", empty()))
                .andExpect(jsonPath("$.next").value(nullValue()));
        server.mvc.perform(get("/api/runs/" + KEPT + "/events").param("limit", "0")).andExpect(status().isBadRequest());
        server.mvc.perform(get("/api/runs/" + KEPT + "/events").param("after", "-1")).andExpect(status().isBadRequest());
    }

    @Test
    void theStreamOfAnEndedRunSendsItsLogThenItsEnd() throws Exception {
        String stream = streamed(get("/api/runs/" + MERGED + "/stream").accept(MediaType.TEXT_EVENT_STREAM));

        assertThat(events(stream)).containsExactly("log 1", "log 2", "log 3", "log 4", "end");
        assertThat(stream).contains("\"message\":\"merged into main\"");
        assertThat(endData(stream)).contains("\"id\":\"" + MERGED + "\"").contains("\"status\":\"MERGED\"");
    }

    @Test
    void theStreamResumesAfterTheLastEventTheClientSaw() throws Exception {
        assertThat(events(streamed(get("/api/runs/" + MERGED + "/stream").header("Last-Event-ID", "3")))).containsExactly("log 4", "end");
        assertThat(events(streamed(get("/api/runs/" + MERGED + "/stream").param("after", "2")))).containsExactly("log 3", "log 4", "end");
    }

    @Test
    void theStreamOfAGoingRunSendsEventsAsTheyComeAndEndsWithTheRun() throws Exception {
        String live = "20250301-070000-dddd";
        runs.started(live, START.minus(1, ChronoUnit.HOURS), RunRequest.CLI);
        runs.assetEvent(live, 1, Instant.now(), "orders", "RUNNING");
        MvcResult result = server.mvc.perform(get("/api/runs/" + live + "/stream")).andExpect(request().asyncStarted()).andReturn();

        runs.assetEvent(live, 2, Instant.now(), "orders", "SUCCESS");
        // As the runner does: the run's last event is written, then the run is recorded as ended.
        runs.event(live, 3, Instant.now(), Optional.empty(), Optional.empty(), "merged into main");
        runs.finished(live, RunResult.Outcome.MERGED, List.of(built("orders", Materialization.TABLE, 2, 100)));
        result.getAsyncResult(30_000);

        String stream = result.getResponse().getContentAsString();
        assertThat(events(stream)).containsExactly("log 1", "log 2", "log 3", "end");
        assertThat(endData(stream)).contains("\"status\":\"MERGED\"");
    }

    @Test
    void aClientThatGoesAwayEndsItsStream() throws Exception {
        String going = "20250301-060000-eeee";
        runs.started(going, START.minus(2, ChronoUnit.HOURS), RunRequest.CLI);
        runs.assetEvent(going, 1, Instant.now(), "orders", "RUNNING");
        RunStreams streams = server.context.getBean(RunStreams.class);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/runs/" + going + "/stream")).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                assertThat(lines.readLine()).isEqualTo("event:log");
                assertThat(streams.streaming()).isEqualTo(1);
            }
        }

        // The server finds the client gone when it next writes to it: the run goes on logging.
        Instant deadline = Instant.now().plusSeconds(30);
        for (long sequence = 2; streams.streaming() > 0; sequence++) {
            assertThat(Instant.now()).as("the stream has ended").isBefore(deadline);
            runs.assetEvent(going, sequence, Instant.now(), "orders", "RUNNING");
            Thread.sleep(RunStreams.POLL.toMillis());
        }
        runs.finished(going, RunResult.Outcome.CANCELLED, List.of());
    }

    @Test
    void theStreamOfAnUnknownRunIsA404InJsonBeforeItOpens() throws Exception {
        server.mvc.perform(get("/api/runs/20990101-000000-ffff/stream").accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isNotFound())
                .andExpect(request().asyncNotStarted())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.error").value("not_found"));
    }

    /** The whole stream of a run that ends. */
    private static String streamed(org.springframework.test.web.servlet.RequestBuilder stream) throws Exception {
        MvcResult result = server.mvc.perform(stream).andExpect(request().asyncStarted()).andReturn();
        result.getAsyncResult(30_000);
        assertThat(result.getResponse().getContentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
        return result.getResponse().getContentAsString();
    }

    private static final Pattern EVENT = Pattern.compile("(?m)^event:(\\w+)\\n(?:id:(\\d+)\\n)?");

    /** The stream's events in order: {@code log SEQ} for each log event (its id), {@code end} for the end. */
    private static List<String> events(String stream) {
        List<String> events = new java.util.ArrayList<>();
        Matcher matcher = EVENT.matcher(stream);
        while (matcher.find()) {
            events.add(matcher.group(2) == null ? matcher.group(1) : matcher.group(1) + " " + matcher.group(2));
        }
        return events;
    }

    private static String endData(String stream) {
        return stream.substring(stream.indexOf("event:end"));
    }

    // ---- starting and cancelling ----

    @Test
    void startingARunNeedsTheLakeAndSaysSoWhenItIsDown() throws Exception {
        server.mvc.perform(post("/api/runs").header(AccessFilter.CSRF_HEADER, "ui").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"select\": \"orders+\", \"fullRefresh\": true}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.error").value("environment"))
                .andExpect(jsonPath("$.message").value(containsString("Nessie cannot be reached")));
        server.mvc.perform(post("/api/runs").header(AccessFilter.CSRF_HEADER, "1"))
                .andExpect(status().isServiceUnavailable());
    }

    @Test
    void startingABadSelectionIsA400AtItsPosition() throws Exception {
        server.mvc.perform(post("/api/runs").header(AccessFilter.CSRF_HEADER, "1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"select\": \"orders tag:\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("selection"))
                .andExpect(jsonPath("$.message").value("selector 'tag:' has no value after 'tag:'"))
                .andExpect(jsonPath("$.location").value("select:12"));
        server.mvc.perform(post("/api/runs").header(AccessFilter.CSRF_HEADER, "1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"select\": \"orders\", \"exclude\": \"revenue @2+orders\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.location").value("exclude:10"));
    }

    @Test
    void startingASelectionOfNothingIsA400() throws Exception {
        server.mvc.perform(post("/api/runs").header(AccessFilter.CSRF_HEADER, "1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"select\": \"no_such_model\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("selection"))
                .andExpect(jsonPath("$.message").value(containsString("picks no asset")));
        server.mvc.perform(post("/api/runs").header(AccessFilter.CSRF_HEADER, "1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"select\": \"orders\", \"exclude\": \"orders\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("selection"));
    }

    @Test
    void startingOnMainAsADevBranchOrWithABadBodyIsA400() throws Exception {
        server.mvc.perform(post("/api/runs").header(AccessFilter.CSRF_HEADER, "1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"devBranch\": \"main\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value(containsString("other than main")));
        server.mvc.perform(post("/api/runs").header(AccessFilter.CSRF_HEADER, "1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"select\": "))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("bad_request"));
    }

    @Test
    void startingARunOfAProjectThatDoesNotCompileIsA422() throws Exception {
        Path broken = root.resolve("models/gold/broken.sql");
        Files.writeString(broken, "select\n  {{ no_such_macro() }} as n");
        try {
            server.mvc.perform(post("/api/runs").header(AccessFilter.CSRF_HEADER, "1"))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.error").value("project"))
                    .andExpect(jsonPath("$.location").value(startsWith("models/gold/broken.sql:2")));
        }
        finally {
            Files.delete(broken);
        }
    }

    @Test
    void aCallThatChangesSomethingWithoutTheRequestHeaderIsA403() throws Exception {
        server.mvc.perform(post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("forbidden"))
                .andExpect(jsonPath("$.message").value(containsString(AccessFilter.CSRF_HEADER)));
        server.mvc.perform(post("/api/runs/" + GOING + "/cancel")).andExpect(status().isForbidden());
    }

    @Test
    void cancellingARunOfAnotherProcessOrOneThatEndedIsA409() throws Exception {
        server.mvc.perform(post("/api/runs/" + GOING + "/cancel").header(AccessFilter.CSRF_HEADER, "1"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value("conflict"))
                .andExpect(jsonPath("$.message").value(containsString("goes in another process (started by ui)")));
        server.mvc.perform(post("/api/runs/" + MERGED + "/cancel").header(AccessFilter.CSRF_HEADER, "1"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.message").value(containsString("has already ended (merged)")));
        server.mvc.perform(post("/api/runs/20990101-000000-ffff/cancel").header(AccessFilter.CSRF_HEADER, "1"))
                .andExpect(status().isNotFound());
    }
}
