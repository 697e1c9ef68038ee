package io.strata.ui.api;

import io.strata.branch.Branches;
import io.strata.compile.TestProject;
import io.strata.lake.LakeEndpoints;
import io.strata.service.QueryResult;
import io.strata.service.Workspace;
import io.strata.stack.testing.LocalStackExtension;
import io.strata.ui.AccessFilter;
import io.strata.ui.ServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The REST API on the real local stack: runs started, followed and reviewed through it, branches merged and dropped. */
@ExtendWith(LocalStackExtension.class)
class ApiIT {
    private static final Duration RUN_DEADLINE = Duration.ofMinutes(3);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path root;

    /** Each test writes its own schema: the stack's main is shared by the tests of this JVM. */
    private final String schema = "api_" + UUID.randomUUID().toString().substring(0, 8);

    private TestProject project() {
        return TestProject.empty(root)
                .file("strata.yml", "name: api\nprofile: local\nprofiles:\n  local:\n    type: trino\n    schema: " + schema + "\n")
                .file("models/customers.sql", "{{ config(materialized='table') }}\nselect * from (values (1, 'ada'), (2, 'grace')) as t(id, name)")
                .file("models/orders.sql", orders("(10, 1, 'new'), (11, 2, 'paid')"))
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: orders
                            columns:
                              - name: id
                                tests: [unique]
                              - name: status
                                tests:
                                  - accepted_values: {values: [new, paid]}
                        """);
    }

    private static String orders(String rows) {
        return "{{ config(materialized='table') }}\nselect o.id, o.customer_id, o.status, c.name from (values " + rows
                + ") as o(id, customer_id, status) join {{ ref('customers') }} c on c.id = o.customer_id";
    }

    private static ApiServer serve(Path root, LakeEndpoints endpoints) {
        return ApiServer.serve(root, Optional.empty(), (profile, projectRoot) -> endpoints);
    }

    @Test
    void aRunStartedThroughTheApiIsAnsweredAtOnceStreamsLiveAndMerges(LakeEndpoints endpoints) throws Exception {
        project();
        try (ApiServer server = serve(root, endpoints)) {
            String id = start(server, "{}", "ui");
            MvcResult stream = server.mvc.perform(get("/api/runs/" + id + "/stream").accept(MediaType.TEXT_EVENT_STREAM))
                    .andExpect(request().asyncStarted()).andReturn();

            JsonNode run = awaitEnd(server, id);

            assertThat(run.at("/run/status").asString()).isEqualTo("MERGED");
            assertThat(run.at("/run/trigger").asString()).isEqualTo("ui");
            assertThat(run.at("/run/built").asLong()).isEqualTo(2);
            assertThat(run.at("/run/mergedCommit").isString()).isTrue();
            List<JsonNode> assets = run.get("assets").valueStream().toList();
            assertThat(assets).extracting(asset -> asset.get("key").asString()).containsExactly("customers", "orders");
            assertThat(assets).allSatisfy(asset -> {
                assertThat(asset.get("status").asString()).isEqualTo("SUCCESS");
                assertThat(asset.get("rows").asLong()).isEqualTo(2);
                Instant started = Instant.parse(asset.get("startedAt").asString());
                Instant finished = Instant.parse(asset.get("finishedAt").asString());
                assertThat(finished).isAfterOrEqualTo(started);
            });
            assertThat(Instant.parse(assets.get(1).get("startedAt").asString()))
                    .as("orders starts once customers, which it reads, has finished")
                    .isAfterOrEqualTo(Instant.parse(assets.get(0).get("finishedAt").asString()));
            assertThat(run.get("checks").valueStream().map(check -> check.get("name").asString() + " " + check.get("outcome").asString()))
                    .containsExactly("accepted_values_orders_status PASS", "unique_orders_id PASS");

            stream.getAsyncResult(RUN_DEADLINE.toMillis());
            String events = stream.getResponse().getContentAsString();
            assertThat(events).contains("event:log\nid:1\n").contains("\"assetStatus\":\"RUNNING\"").contains("merged into main");
            assertThat(events.substring(events.indexOf("event:end"))).contains("\"status\":\"MERGED\"");

            server.mvc.perform(get("/api/assets/orders"))
                    .andExpect(jsonPath("$.status.status").value("SUCCESS"))
                    .andExpect(jsonPath("$.history[0].runId").value(id))
                    .andExpect(jsonPath("$.checks[*].name", containsInAnyOrder("accepted_values_orders_status", "unique_orders_id")))
                    .andExpect(jsonPath("$.checks[*].lastResult.outcome", contains("PASS", "PASS")))
                    .andExpect(jsonPath("$.checks[*].lastResult.runId", contains(id, id)));
            server.mvc.perform(get("/api/status")).andExpect(jsonPath("$.assets.orders.runId").value(id));
        }
    }

    @Test
    void aBackfillStartedThroughTheApiBuildsItsRangeAndThePartitionsShowOnMain(LakeEndpoints endpoints) throws Exception {
        project().file("models/daily_orders.sql", "{{ config(materialized='table', partitioned_by={'granularity': 'day', 'start': '2025-03-01',"
                + " 'end': '2025-03-05', 'column': 'day'}) }}\n"
                + "select day, count(*) as orders\n"
                + "from (values (date '2025-03-01'), (date '2025-03-02'), (date '2025-03-02'), (date '2025-03-04')) as t(day)\n"
                + "where day >= date '{{ partition.start }}' and day < date '{{ partition.end }}'\ngroup by 1");
        try (ApiServer server = serve(root, endpoints)) {
            String id = start(server, "{\"select\": \"daily_orders\", \"from\": \"2025-03-02\", \"to\": \"2025-03-03\"}", "api");

            JsonNode run = awaitEnd(server, id);

            assertThat(run.at("/run/status").asString()).isEqualTo("MERGED");
            server.mvc.perform(get("/api/assets/daily_orders/partitions"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.ref").value("main"))
                    .andExpect(jsonPath("$.partitions[*].key", contains("2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04")))
                    .andExpect(jsonPath("$.ranges[*].status", contains("MISSING", "BUILT", "MISSING")))
                    .andExpect(jsonPath("$.ranges[1].first").value("2025-03-02"))
                    .andExpect(jsonPath("$.ranges[1].last").value("2025-03-03"))
                    .andExpect(jsonPath("$.ranges[1].count").value(2))
                    .andExpect(jsonPath("$.partitions[1].lastRun").value(id))
                    .andExpect(jsonPath("$.partitions[0].lastRun").doesNotExist())
                    .andExpect(jsonPath("$.ranges[1].lastRun").value(id));
            // A merged run has nothing to resume.
            server.mvc.perform(post("/api/runs").header(AccessFilter.CSRF_HEADER, "api").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"select\": \"daily_orders\", \"resume\": \"" + id + "\"}"))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.message").value(containsString("merged into main; there is nothing to resume")));
            server.mvc.perform(get("/api/assets/orders/partitions")).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.message").value(containsString("'orders' is not partitioned")));
            server.mvc.perform(post("/api/runs").header(AccessFilter.CSRF_HEADER, "api").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"select\": \"daily_orders\", \"partition\": \"2025-04-01\"}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.message").value(containsString("partition '2025-04-01' comes after the last window")));
        }
    }

    @Test
    void theServerFiresItsSchedulesTriggersOneThroughTheApiAndFollowsTheProjectFileAsItChanges(LakeEndpoints endpoints) throws Exception {
        TestProject project = project();
        String yaml = "name: api\nprofile: local\nprofiles:\n  local:\n    type: trino\n    schema: " + schema + "\n";
        project.file("strata.yml", yaml + """
                schedules:
                  - {name: every_2s, cron: "0/2 * * * * ?", select: customers}
                  - {name: yearly, cron: "0 0 0 1 1 ?", select: "+orders"}
                """);
        try (ApiServer server = ApiServer.serve(root, Optional.empty(), (profile, projectRoot) -> endpoints, ServerSettings.Schedules.ON)) {
            // Fired by the server: a run recorded with the schedule's trigger, and the tick that started it.
            Instant deadline = Instant.now().plus(RUN_DEADLINE);
            JsonNode fired;
            do {
                Thread.sleep(500);
                assertThat(Instant.now()).as("a run of every_2s merged").isBefore(deadline);
                fired = json(server.mvc.perform(get("/api/schedules")).andExpect(status().isOk()).andReturn()).get(0);
            } while (!"MERGED".equals(fired.at("/lastRun/status").asString()));
            assertThat(fired.get("trigger").asString()).isEqualTo("schedule:every_2s");
            assertThat(fired.at("/lastTick/outcome").asString()).isIn("STARTED", "SKIPPED");
            server.mvc.perform(get("/api/runs").param("trigger", "schedule:every_2s"))
                    .andExpect(jsonPath("$[*].trigger", everyItem(is("schedule:every_2s"))))
                    .andExpect(jsonPath("$[*].selection", everyItem(is("customers"))));

            // Triggered by hand: the schedule's selection now, recorded with its trigger.
            String triggered = json(server.mvc.perform(post("/api/schedules/yearly/trigger").header(AccessFilter.CSRF_HEADER, "1"))
                    .andExpect(status().isAccepted()).andReturn()).get("id").asString();
            JsonNode run = awaitEnd(server, triggered);
            assertThat(run.at("/run/trigger").asString()).isEqualTo("schedule:yearly");
            assertThat(run.at("/run/status").asString()).isEqualTo("MERGED");
            assertThat(run.get("assets").valueStream().map(asset -> asset.get("key").asString())).containsExactly("customers", "orders");

            // The file changes: every_2s is gone from the server's schedules within seconds, and fires no more.
            project.file("strata.yml", yaml + """
                    schedules:
                      - {name: yearly, cron: "0 0 0 1 1 ?", select: "+orders"}
                    """);
            deadline = Instant.now().plusSeconds(30);
            while (server.context.getBean(Workspace.class).scheduleStatuses().stream().anyMatch(schedule -> schedule.name().equals("every_2s"))
                    || json(server.mvc.perform(get("/api/runs").param("trigger", "schedule:every_2s").param("status", "RUNNING")).andReturn()).size() > 0) {
                assertThat(Instant.now()).as("every_2s removed and its last run ended").isBefore(deadline);
                Thread.sleep(300);
            }
            Thread.sleep(2_500);
            int runs = json(server.mvc.perform(get("/api/runs").param("trigger", "schedule:every_2s")).andReturn()).size();
            Thread.sleep(4_000);
            assertThat(json(server.mvc.perform(get("/api/runs").param("trigger", "schedule:every_2s")).andReturn()).size())
                    .as("no run of a removed schedule").isEqualTo(runs);
        }
    }

    @Test
    void aRunWhoseCheckFailsIsKeptAndItsBranchReviewedRefusedAndDropped(LakeEndpoints endpoints) throws Exception {
        TestProject project = project();
        try (ApiServer server = serve(root, endpoints)) {
            assertThat(awaitEnd(server, start(server, "{}", "1")).at("/run/status").asString()).isEqualTo("MERGED");
            project.file("models/orders.sql", orders("(10, 1, 'paid'), (12, 2, 'lost')"));

            String id = start(server, "{\"select\": \"orders\"}", "1");
            JsonNode run = awaitEnd(server, id);

            assertThat(run.at("/run/status").asString()).isEqualTo("KEPT");
            assertThat(run.at("/run/trigger").asString()).isEqualTo("api");
            assertThat(run.at("/assets/0/status").asString()).isEqualTo("CHECK_FAILED");
            String branch = run.at("/run/branch").asString();
            server.mvc.perform(get("/api/branches"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$[?(@.name == '" + branch + "')].runBranch", contains(true)))
                    .andExpect(jsonPath("$[?(@.name == '" + branch + "')].run.id", contains(id)))
                    .andExpect(jsonPath("$[?(@.name == '" + branch + "')].hash", contains(notNullValue())));
            server.mvc.perform(get("/api/branches/" + branch + "/diff").param("limit", "5"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.branch").value(branch))
                    .andExpect(jsonPath("$.assets[*].key", contains("orders")))
                    .andExpect(jsonPath("$.assets[0].status").value("CHANGED"))
                    .andExpect(jsonPath("$.assets[0].relation").value(schema + ".orders"))
                    .andExpect(jsonPath("$.assets[0].columns", empty()))
                    .andExpect(jsonPath("$.assets[0].mainRows").value(2))
                    .andExpect(jsonPath("$.assets[0].branchRows").value(2))
                    .andExpect(jsonPath("$.assets[0].rows.key", contains("id")))
                    .andExpect(jsonPath("$.assets[0].rows.added").value(1))
                    .andExpect(jsonPath("$.assets[0].rows.removed").value(1))
                    .andExpect(jsonPath("$.assets[0].rows.changed").value(1))
                    .andExpect(jsonPath("$.assets[0].rows.samples[*].change", containsInAnyOrder("ADDED", "REMOVED", "CHANGED")))
                    .andExpect(jsonPath("$.assets[0].rows.samples[?(@.change == 'REMOVED')].main.id", contains(11)))
                    .andExpect(jsonPath("$.assets[0].rows.samples[?(@.change == 'REMOVED')].branch", contains(nullValue())))
                    .andExpect(jsonPath("$.assets[0].rows.samples[?(@.change == 'CHANGED')].main.status", contains("new")))
                    .andExpect(jsonPath("$.assets[0].rows.samples[?(@.change == 'CHANGED')].branch.status", contains("paid")))
                    .andExpect(jsonPath("$.assets[0].checks[?(@.name == 'accepted_values_orders_status')].outcome", contains("FAIL")))
                    .andExpect(jsonPath("$.assets[0].checks[?(@.name == 'unique_orders_id')].outcome", contains("PASS")));
            server.mvc.perform(post("/api/branches/" + branch + "/merge").header(AccessFilter.CSRF_HEADER, "1"))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.error").value("checks_failed"))
                    .andExpect(jsonPath("$.message").value(containsString("accepted_values_orders_status on orders (1 failing rows)")));
            server.mvc.perform(get("/api/runs").param("status", "MERGED").param("limit", "1"))
                    .andExpect(jsonPath("$[0].id").value(not(id)));
            // Neither the kept run nor the refused merge touched main: it holds the rows of the first run.
            QueryResult main = server.context.getBean(Workspace.class).query("select id, status from orders order by id", Branches.MAIN, 10);
            assertThat(main.rows()).containsExactly(List.of(10, "new"), List.of(11, "paid"));

            server.mvc.perform(delete("/api/branches/" + branch).header(AccessFilter.CSRF_HEADER, "1"))
                    .andExpect(status().isNoContent());

            server.mvc.perform(get("/api/branches/" + branch + "/diff")).andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.error").value("not_found"));
            server.mvc.perform(delete("/api/branches/" + branch).header(AccessFilter.CSRF_HEADER, "1")).andExpect(status().isNotFound());
            server.mvc.perform(get("/api/branches")).andExpect(jsonPath("$[*].name", not(hasItem(branch))));
        }
    }

    @Test
    void aDevBranchWhoseChecksPassIsMergedOnPurposeAndMainThenHasItsData(LakeEndpoints endpoints) throws Exception {
        project();
        String devBranch = "dev-" + schema.replace('_', '-');
        try (ApiServer server = serve(root, endpoints)) {
            JsonNode run = awaitEnd(server, start(server, "{\"devBranch\": \"" + devBranch + "\"}", "1"));
            assertThat(run.at("/run/status").asString()).isEqualTo("BUILT_ON_DEV_BRANCH");
            assertThat(run.at("/run/branch").asString()).isEqualTo(devBranch);
            server.mvc.perform(get("/api/branches"))
                    .andExpect(jsonPath("$[?(@.name == '" + devBranch + "')].runBranch", contains(false)));

            server.mvc.perform(post("/api/branches/" + devBranch + "/merge").header(AccessFilter.CSRF_HEADER, "1"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.branch").value(devBranch))
                    .andExpect(jsonPath("$.merged").value(true))
                    .andExpect(jsonPath("$.commit").isString())
                    .andExpect(jsonPath("$.checks[*].name", containsInAnyOrder("accepted_values_orders_status", "unique_orders_id")))
                    .andExpect(jsonPath("$.checks[*].outcome", contains("PASS", "PASS")));

            Workspace workspace = server.context.getBean(Workspace.class);
            QueryResult orders = workspace.query("select count(*) from orders", Branches.MAIN, 10);
            assertThat(orders.rows()).containsExactly(List.of(2L));
            server.mvc.perform(delete("/api/branches/" + devBranch).header(AccessFilter.CSRF_HEADER, "1")).andExpect(status().isNoContent());
        }
    }

    /** Starts a run and returns its id, checking the answer came before the run ended. */
    private static String start(ApiServer server, String body, String requestedBy) throws Exception {
        MvcResult result = server.mvc.perform(post("/api/runs").header(AccessFilter.CSRF_HEADER, requestedBy)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.id").isString())
                .andExpect(header().string("Location", containsString("/api/runs/")))
                .andReturn();
        JsonNode started = JSON.readTree(result.getResponse().getContentAsString());
        String id = started.get("id").asString();
        assertThat(started.get("location").asString()).isEqualTo("/api/runs/" + id);
        server.mvc.perform(get("/api/runs/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.run.status").value("RUNNING"));
        return id;
    }

    private static JsonNode json(MvcResult result) throws Exception {
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    /** Polls the run until it has ended, within the deadline; returns its detail. */
    private static JsonNode awaitEnd(ApiServer server, String id) throws Exception {
        Instant deadline = Instant.now().plus(RUN_DEADLINE);
        while (true) {
            JsonNode run = JSON.readTree(server.mvc.perform(get("/api/runs/" + id)).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString());
            if (!run.at("/run/status").asString().equals("RUNNING")) {
                return run;
            }
            assertThat(Instant.now()).as("run " + id + " ended within " + RUN_DEADLINE).isBefore(deadline);
            Thread.sleep(250);
        }
    }
}
