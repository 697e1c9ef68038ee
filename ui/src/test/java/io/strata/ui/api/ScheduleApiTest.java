package io.strata.ui.api;

import com.jayway.jsonpath.JsonPath;
import io.strata.run.RunResult;
import io.strata.ui.AccessFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The schedules and sensors of the project file as the API lists them, pausing and resuming them in the schedules'
 * store (the run store's database in the project's .strata), and the refusals of triggering one; with the lake down.
 */
class ScheduleApiTest {
    private static final String SCHEDULES = """
            name: shop
            schedules:
              - {name: revenue_hourly, cron: "0 0 * * * ?", timezone: UTC, select: "+revenue"}
              - {name: nightly_full, cron: "0 0 2 * * ?", timezone: Europe/Berlin, full_refresh: true}
              - {name: orders_weekly, cron: "0 0 3 ? * MON", select: "orders", enabled: false}
            sensors:
              - {name: new_order_files, watch: "ingest:raw_orders", every: 60s, select: "raw_orders+"}
            """;
    /** A run of revenue_hourly that merged. */
    private static final String HOURLY_RUN = "20250301-080000-aaaa";
    /** A run of orders_weekly that goes, started in this process. */
    private static final String WEEKLY_GOING = "20250301-090000-bbbb";

    @TempDir
    static Path root;

    private static ApiServer server;

    @BeforeAll
    static void start() {
        ApiServer.writeProject(root)
                .file("strata.yml", SCHEDULES)
                .file("models/bronze/raw_orders.yml", "ingest:\n  - name: raw_orders\n    source: {path: \"data/orders-*.csv\"}\n");
        server = ApiServer.serve(root, Optional.empty(), ApiServer.LAKE_DOWN);
        SeededRuns runs = new SeededRuns(server.store);
        runs.started(HOURLY_RUN, Instant.parse("2025-03-01T08:00:00Z"), "schedule:revenue_hourly");
        runs.finished(HOURLY_RUN, RunResult.Outcome.MERGED, List.of());
        runs.started(WEEKLY_GOING, Instant.parse("2025-03-01T09:00:00Z"), "schedule:orders_weekly");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theScheduleAndSensorsOfTheProjectFileAreListedWithWhenTheyFireAndTheirLastRun() throws Exception {
        Instant before = Instant.now();
        String body = server.mvc.perform(get("/api/schedules"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].name", contains("revenue_hourly", "nightly_full", "orders_weekly", "new_order_files")))
                .andExpect(jsonPath("$[*].kind", contains("SCHEDULE", "SCHEDULE", "SCHEDULE", "SENSOR")))
                .andExpect(jsonPath("$[*].trigger", contains("schedule:revenue_hourly", "schedule:nightly_full", "schedule:orders_weekly",
                        "sensor:new_order_files")))
                .andExpect(jsonPath("$[*].paused", contains(false, false, false, false)))
                .andExpect(jsonPath("$[*].enabled", contains(true, true, false, true)))
                .andExpect(jsonPath("$[0].timing").value("cron 0 0 * * * ? UTC"))
                .andExpect(jsonPath("$[0].select").value("+revenue"))
                .andExpect(jsonPath("$[1].timing").value("cron 0 0 2 * * ? Europe/Berlin"))
                .andExpect(jsonPath("$[3].timing").value("every 1m, watching raw_orders"))
                .andExpect(jsonPath("$[3].select").value("raw_orders+"))
                .andExpect(jsonPath("$[2].nextFire").value(nullValue()))
                .andExpect(jsonPath("$[0].lastRun.id").value(HOURLY_RUN))
                .andExpect(jsonPath("$[0].lastRun.status").value("MERGED"))
                .andExpect(jsonPath("$[0].lastRun.trigger").value("schedule:revenue_hourly"))
                .andExpect(jsonPath("$[1].lastRun").value(nullValue()))
                .andExpect(jsonPath("$[2].lastRun.status").value("RUNNING"))
                .andExpect(jsonPath("$[0].lastTick").value(nullValue()))
                .andReturn().getResponse().getContentAsString();
        Instant hourly = Instant.parse(JsonPath.read(body, "$[0].nextFire"));
        assertThat(hourly).as("the next full hour").isAfter(before).isBeforeOrEqualTo(before.plusSeconds(3600));
        assertThat(hourly.getEpochSecond() % 3600).isZero();
        assertThat(Instant.parse(JsonPath.read(body, "$[1].nextFire"))).isAfter(before);
    }

    @Test
    void aPausedScheduleHasNoNextFireUntilItIsResumed() throws Exception {
        server.mvc.perform(post("/api/schedules/nightly_full/pause").header(AccessFilter.CSRF_HEADER, "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("nightly_full"))
                .andExpect(jsonPath("$.paused").value(true))
                .andExpect(jsonPath("$.nextFire").value(nullValue()));
        server.mvc.perform(get("/api/schedules"))
                .andExpect(jsonPath("$[*].paused", contains(false, true, false, false)))
                .andExpect(jsonPath("$[1].nextFire").value(nullValue()));

        server.mvc.perform(post("/api/schedules/nightly_full/resume").header(AccessFilter.CSRF_HEADER, "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paused").value(false))
                .andExpect(jsonPath("$.nextFire").value(startsWith("20")));
        server.mvc.perform(get("/api/schedules"))
                .andExpect(jsonPath("$[*].paused", contains(false, false, false, false)));
    }

    @Test
    void aSensorIsPausedAndResumedAsASchedule() throws Exception {
        server.mvc.perform(post("/api/schedules/new_order_files/pause").header(AccessFilter.CSRF_HEADER, "ui"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("SENSOR"))
                .andExpect(jsonPath("$.paused").value(true));
        server.mvc.perform(post("/api/schedules/new_order_files/resume").header(AccessFilter.CSRF_HEADER, "ui"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paused").value(false));
    }

    @Test
    void aNameThatIsNoScheduleOrSensorIsA404() throws Exception {
        for (String action : List.of("pause", "resume", "trigger")) {
            server.mvc.perform(post("/api/schedules/hourly_revenue/" + action).header(AccessFilter.CSRF_HEADER, "1"))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.error").value("not_found"))
                    .andExpect(jsonPath("$.message").value(containsString("no schedule or sensor 'hourly_revenue'")));
        }
    }

    @Test
    void aScheduleWhoseRunGoesIsNotTriggeredAgain() throws Exception {
        server.mvc.perform(post("/api/schedules/orders_weekly/trigger").header(AccessFilter.CSRF_HEADER, "1"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value("conflict"))
                .andExpect(jsonPath("$.message").value(containsString(WEEKLY_GOING)));
    }

    @Test
    void theCallsThatChangeAScheduleNeedTheRequestHeader() throws Exception {
        for (String action : List.of("pause", "resume", "trigger")) {
            server.mvc.perform(post("/api/schedules/nightly_full/" + action))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.error").value("forbidden"));
        }
        server.mvc.perform(get("/api/schedules")).andExpect(jsonPath("$[1].paused").value(false));
    }

    @Test
    void theOpenApiDocumentDescribesTheScheduleCallsAndTheirHeader() throws Exception {
        server.mvc.perform(get("/api/openapi.json"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/schedules'].get.tags[*]", contains("Schedules")))
                .andExpect(jsonPath("$.paths['/api/schedules'].get.responses", hasKey("422")))
                .andExpect(jsonPath("$.paths['/api/schedules/{name}/trigger'].post.responses", hasKey("202")))
                .andExpect(jsonPath("$.paths['/api/schedules/{name}/trigger'].post.responses", hasKey("409")))
                .andExpect(jsonPath("$.paths['/api/schedules/{name}/pause'].post.responses", hasKey("404")))
                .andExpect(jsonPath("$.paths['/api/schedules/{name}/resume'].post.parameters[*].name", hasItem("X-Strata-Request")))
                .andExpect(jsonPath("$.components.schemas", hasKey("ScheduleTick")))
                .andExpect(jsonPath("$.components.schemas.ScheduleStatus.properties", hasKey("nextFire")));
    }

    @Test
    void aMalformedScheduleIsA422NamingItsLineInTheProjectFile() throws Exception {
        Path file = root.resolve("strata.yml");
        Files.writeString(file, SCHEDULES.replace("\"0 0 2 * * ?\"", "\"every night\""));
        try {
            server.mvc.perform(get("/api/schedules"))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.error").value("project"))
                    .andExpect(jsonPath("$.message").value(containsString("not a Quartz cron expression")))
                    .andExpect(jsonPath("$.location").value(startsWith("strata.yml:4:")));
            server.mvc.perform(post("/api/schedules/nightly_full/pause").header(AccessFilter.CSRF_HEADER, "1"))
                    .andExpect(status().isUnprocessableContent());
        }
        finally {
            Files.writeString(file, SCHEDULES);
        }
        server.mvc.perform(get("/api/schedules")).andExpect(status().isOk()).andExpect(jsonPath("$[1].paused").value(false));
    }
}
