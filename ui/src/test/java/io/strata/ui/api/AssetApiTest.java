package io.strata.ui.api;

import io.strata.check.CheckOutcome;
import io.strata.project.Materialization;
import io.strata.run.RunRequest;
import io.strata.run.RunResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.strata.ui.api.SeededRuns.built;
import static io.strata.ui.api.SeededRuns.check;
import static io.strata.ui.api.SeededRuns.skipped;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The project, its assets and their live status as the lineage page reads them; and the OpenAPI document of the whole API. */
class AssetApiTest {
    @TempDir
    static Path root;

    private static ApiServer server;
    /** The older run: merged, every check passed. */
    private static final String MERGED = "20250101-090000-aaaa";
    /** The newer run: kept, the unique check of orders failed, revenue skipped. */
    private static final String KEPT = "20250101-100000-bbbb";
    private static final Instant START = Instant.parse("2025-01-01T09:00:00Z");

    @BeforeAll
    static void start() {
        server = ApiServer.start(root);
        SeededRuns runs = new SeededRuns(server.store);
        runs.started(MERGED, START, RunRequest.CLI);
        runs.assetEvent(MERGED, 1, START.plusSeconds(1), "orders", "RUNNING");
        runs.assetEvent(MERGED, 2, START.plusSeconds(3), "orders", "SUCCESS");
        runs.finished(MERGED, RunResult.Outcome.MERGED, List.of(built("orders", Materialization.TABLE, 2, 2000,
                check("not_null_orders_id", "orders", CheckOutcome.PASS, 0), check("unique_orders_id", "orders", CheckOutcome.PASS, 0))));
        Instant later = START.plus(1, ChronoUnit.HOURS);
        runs.started(KEPT, later, RunRequest.API);
        runs.assetEvent(KEPT, 1, later.plusSeconds(1), "orders", "RUNNING");
        runs.assetEvent(KEPT, 2, later.plusSeconds(2), "orders", "CHECK_FAILED");
        runs.assetEvent(KEPT, 3, later.plusSeconds(2), "revenue", "SKIPPED");
        runs.finished(KEPT, RunResult.Outcome.KEPT, List.of(
                built("orders", Materialization.TABLE, 3, 1000, check("not_null_orders_id", "orders", CheckOutcome.PASS, 0),
                        check("unique_orders_id", "orders", CheckOutcome.FAIL, 1)),
                skipped("revenue", Materialization.VIEW, "orders failed a check")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theProjectSaysItsNameProfileEngineAndSize() throws Exception {
        server.mvc.perform(get("/api/project"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("shop"))
                .andExpect(jsonPath("$.root").value(root.toRealPath().toString()))
                .andExpect(jsonPath("$.profile").value("local"))
                .andExpect(jsonPath("$.engine").value("trino"))
                .andExpect(jsonPath("$.assets").value(4));
    }

    @Test
    void theAssetsComeWithTheirNeighboursAndLatestStatus() throws Exception {
        server.mvc.perform(get("/api/assets"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].key", containsInAnyOrder("erp/customers", "stg_customers", "orders", "revenue")))
                .andExpect(jsonPath("$[?(@.key == 'orders')].kind", contains("model")))
                .andExpect(jsonPath("$[?(@.key == 'orders')].layer", contains("silver")))
                .andExpect(jsonPath("$[?(@.key == 'orders')].materialization", contains("table")))
                .andExpect(jsonPath("$[?(@.key == 'orders')].description", contains("One row per order.")))
                .andExpect(jsonPath("$[?(@.key == 'orders')].downstream[*]", contains("revenue")))
                .andExpect(jsonPath("$[?(@.key == 'orders')].status.status", contains("CHECK_FAILED")))
                .andExpect(jsonPath("$[?(@.key == 'orders')].status.runId", contains(KEPT)))
                .andExpect(jsonPath("$[?(@.key == 'orders')].status.at", contains("2025-01-01T10:00:02Z")))
                .andExpect(jsonPath("$[?(@.key == 'revenue')].tags[*]", contains("finance")))
                .andExpect(jsonPath("$[?(@.key == 'revenue')].upstream[*]", contains("orders", "stg_customers")))
                .andExpect(jsonPath("$[?(@.key == 'revenue')].status.status", contains("SKIPPED")))
                .andExpect(jsonPath("$[?(@.key == 'erp/customers')].kind", contains("source")))
                .andExpect(jsonPath("$[?(@.key == 'erp/customers')].name", contains("customers")))
                .andExpect(jsonPath("$[?(@.key == 'erp/customers')].layer", contains(nullValue())))
                .andExpect(jsonPath("$[?(@.key == 'erp/customers')].status", contains(nullValue())));
    }

    @Test
    void aSelectionNarrowsTheAssetsAsTheCommandLineDoes() throws Exception {
        server.mvc.perform(get("/api/assets").param("select", "+revenue").param("exclude", "kind:source"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].key", containsInAnyOrder("stg_customers", "orders", "revenue")));
        server.mvc.perform(get("/api/assets").param("select", "tag:finance orders"))
                .andExpect(jsonPath("$[*].key", containsInAnyOrder("orders", "revenue")));
    }

    @Test
    void aBadSelectionIsA400PointingAtTheBadTerm() throws Exception {
        server.mvc.perform(get("/api/assets").param("select", "orders colour:red"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("selection"))
                .andExpect(jsonPath("$.message").value(startsWith("unknown selector method 'colour' in 'colour:red'")))
                .andExpect(jsonPath("$.location").value("select:8"));
        server.mvc.perform(get("/api/assets").param("exclude", "tag:"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.location").value("exclude:5"));
    }

    @Test
    void anAssetShowsItsDefinitionSqlColumnsChecksAndHistory() throws Exception {
        server.mvc.perform(get("/api/assets/orders"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.key").value("orders"))
                .andExpect(jsonPath("$.kind").value("model"))
                .andExpect(jsonPath("$.upstream", empty()))
                .andExpect(jsonPath("$.status.status").value("CHECK_FAILED"))
                .andExpect(jsonPath("$.relation").value("silver.orders"))
                .andExpect(jsonPath("$.file").value("models/silver/orders.sql"))
                .andExpect(jsonPath("$.sourceSql").value(Files.readString(root.resolve("models/silver/orders.sql"))))
                .andExpect(jsonPath("$.compiledSql").value(containsString("select 1 as id, 7 as customer_id")))
                .andExpect(jsonPath("$.compiledSql").value(not(containsString("config("))))
                .andExpect(jsonPath("$.columns[*].name", contains("id", "customer_id")))
                .andExpect(jsonPath("$.columns[0].type").value("bigint"))
                .andExpect(jsonPath("$.columns[0].description").value("The order's number."))
                .andExpect(jsonPath("$.columns[1].type").value(nullValue()))
                .andExpect(jsonPath("$.checks[*].name", contains("not_null_orders_id", "unique_orders_id")))
                .andExpect(jsonPath("$.checks[*].severity", contains("error", "error")))
                .andExpect(jsonPath("$.checks[*].lastResult.outcome", contains("PASS", "FAIL")))
                .andExpect(jsonPath("$.checks[1].lastResult.failures").value(1))
                .andExpect(jsonPath("$.checks[1].lastResult.sample").value(containsString("id=1")))
                .andExpect(jsonPath("$.checks[1].lastResult.error").value(nullValue()))
                .andExpect(jsonPath("$.checks[1].lastResult.runId").value(KEPT))
                .andExpect(jsonPath("$.history[*].runId", contains(KEPT, MERGED)))
                .andExpect(jsonPath("$.history[*].runStatus", contains("KEPT", "MERGED")))
                .andExpect(jsonPath("$.history[*].trigger", contains("api", "cli")))
                .andExpect(jsonPath("$.history[*].status", contains("SUCCESS", "SUCCESS")))
                .andExpect(jsonPath("$.history[*].rows", contains(3, 2)))
                .andExpect(jsonPath("$.history[*].durationMs", contains(1000, 2000)))
                .andExpect(jsonPath("$.history[0].startedAt").value("2025-01-01T10:00:00Z"))
                .andExpect(jsonPath("$.history[0].error").value(nullValue()));
    }

    @Test
    void aSourceTableIsFoundByItsTwoSegmentKey() throws Exception {
        server.mvc.perform(get("/api/assets/erp/customers"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.key").value("erp/customers"))
                .andExpect(jsonPath("$.kind").value("source"))
                .andExpect(jsonPath("$.downstream[*]", contains("stg_customers")))
                .andExpect(jsonPath("$.sourceSql").value(nullValue()))
                .andExpect(jsonPath("$.compiledSql").value(nullValue()))
                .andExpect(jsonPath("$.history", empty()))
                .andExpect(jsonPath("$.checks", empty()));
    }

    @Test
    void anUnknownAssetIsA404() throws Exception {
        server.mvc.perform(get("/api/assets/no_such_model"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("not_found"))
                .andExpect(jsonPath("$.message").value(containsString("no asset 'no_such_model'")));
    }

    @Test
    void theLiveStatusHoldsEveryAssetsLatestStatusAndTheRunsGoing() throws Exception {
        server.mvc.perform(get("/api/status"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.assets.orders.status").value("CHECK_FAILED"))
                .andExpect(jsonPath("$.assets.orders.runId").value(KEPT))
                .andExpect(jsonPath("$.assets.revenue.status").value("SKIPPED"))
                .andExpect(jsonPath("$.assets", not(hasKey("stg_customers"))))
                .andExpect(jsonPath("$.running", empty()));
    }

    @Test
    void aProjectThatDoesNotCompileIsA422WithTheFileLineAndColumn() throws Exception {
        Path broken = root.resolve("models/broken.sql");
        Files.writeString(broken, "select *\nfrom {{ ref('missing_model') }}");
        try {
            server.mvc.perform(get("/api/assets"))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.error").value("project"))
                    .andExpect(jsonPath("$.message").value(containsString("missing_model")))
                    .andExpect(jsonPath("$.location").value(startsWith("models/broken.sql:2")));
            server.mvc.perform(get("/api/project")).andExpect(status().isUnprocessableContent());
        }
        finally {
            Files.delete(broken);
        }
        server.mvc.perform(get("/api/project")).andExpect(status().isOk());
    }

    @Test
    void theOpenApiDocumentListsEveryEndpointWithASummary() throws Exception {
        server.mvc.perform(get("/api/openapi.json"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths", hasKey("/api/project")))
                .andExpect(jsonPath("$.paths", hasKey("/api/assets")))
                .andExpect(jsonPath("$.paths", hasKey("/api/assets/{key}")))
                .andExpect(jsonPath("$.paths", hasKey("/api/status")))
                .andExpect(jsonPath("$.paths", hasKey("/api/runs")))
                .andExpect(jsonPath("$.paths", hasKey("/api/runs/{id}")))
                .andExpect(jsonPath("$.paths", hasKey("/api/runs/{id}/events")))
                .andExpect(jsonPath("$.paths", hasKey("/api/runs/{id}/stream")))
                .andExpect(jsonPath("$.paths", hasKey("/api/runs/{id}/cancel")))
                .andExpect(jsonPath("$.paths", hasKey("/api/branches")))
                .andExpect(jsonPath("$.paths", hasKey("/api/branches/{name}/diff")))
                .andExpect(jsonPath("$.paths", hasKey("/api/branches/{name}/merge")))
                .andExpect(jsonPath("$.paths", hasKey("/api/branches/{name}")))
                .andExpect(jsonPath("$.paths", hasKey("/api/assets/{key}/partitions")))
                .andExpect(jsonPath("$.paths['/api/assets/{key}/partitions'].get.responses", hasKey("400")))
                .andExpect(jsonPath("$.paths['/api/runs'].post.summary").value(startsWith("Starts a run")))
                .andExpect(jsonPath("$.paths['/api/runs'].post.responses", hasKey("202")))
                .andExpect(jsonPath("$.paths['/api/runs'].post.responses", hasKey("422")))
                .andExpect(jsonPath("$.paths['/api/runs'].post.parameters[*].name", contains("X-Strata-Request")))
                .andExpect(jsonPath("$.paths['/api/branches/{name}/merge'].post.responses", hasKey("409")))
                .andExpect(jsonPath("$.paths['/api/runs/{id}'].get.responses", hasKey("404")))
                .andExpect(jsonPath("$.paths['/api/project'].get.tags[*]", contains("Project")));
    }

    @Test
    void swaggerUiLoadsWithoutTheRequestHeader() throws Exception {
        String page = server.mvc.perform(get("/api/docs"))
                .andExpect(status().is3xxRedirection())
                .andReturn().getResponse().getRedirectedUrl();
        server.mvc.perform(get(page))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", startsWith("text/html")));
        server.mvc.perform(get("/api/openapi.json/swagger-config"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.url").value("/api/openapi.json"));
    }
}
