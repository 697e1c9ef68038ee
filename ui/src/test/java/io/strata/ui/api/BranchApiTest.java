package io.strata.ui.api;

import io.strata.ui.AccessFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The refusals of the branch calls that the server can give without the lake, and the 503 of those that need it. */
class BranchApiTest {
    @TempDir
    static Path root;

    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = ApiServer.start(root);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void listingTheBranchesNeedsTheLakeAndSaysSoWhenItIsDown() throws Exception {
        server.mvc.perform(get("/api/branches"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.error").value("environment"))
                .andExpect(jsonPath("$.message").value(containsString("Nessie cannot be reached")));
        server.mvc.perform(get("/api/branches/dev/diff")).andExpect(status().isServiceUnavailable());
        server.mvc.perform(post("/api/branches/dev/merge").header(AccessFilter.CSRF_HEADER, "1")).andExpect(status().isServiceUnavailable());
        server.mvc.perform(delete("/api/branches/dev").header(AccessFilter.CSRF_HEADER, "1")).andExpect(status().isServiceUnavailable());
    }

    @Test
    void mainCannotBeDiffedMergedOrDropped() throws Exception {
        server.mvc.perform(get("/api/branches/main/diff"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("project"))
                .andExpect(jsonPath("$.message").value(containsString("name a branch other than main")));
        server.mvc.perform(post("/api/branches/main/merge").header(AccessFilter.CSRF_HEADER, "1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value("main cannot be merged into itself"));
        server.mvc.perform(delete("/api/branches/main").header(AccessFilter.CSRF_HEADER, "1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value("main cannot be dropped"));
    }

    @Test
    void aDiffTakesABoundedSampleAndAReadableSelection() throws Exception {
        server.mvc.perform(get("/api/branches/dev/diff").param("limit", "101"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("bad_request"));
        server.mvc.perform(get("/api/branches/dev/diff").param("limit", "-1")).andExpect(status().isBadRequest());
        server.mvc.perform(get("/api/branches/dev/diff").param("select", "orders+ ,revenue"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("selection"))
                .andExpect(jsonPath("$.location").value("select:9"));
    }

    @Test
    void droppingOrMergingWithoutTheRequestHeaderIsA403() throws Exception {
        server.mvc.perform(delete("/api/branches/dev")).andExpect(status().isForbidden());
        server.mvc.perform(post("/api/branches/dev/merge")).andExpect(status().isForbidden());
    }
}
