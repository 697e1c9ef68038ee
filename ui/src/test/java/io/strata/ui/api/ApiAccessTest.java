package io.strata.ui.api;

import io.strata.ui.AccessFilter;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A server with a token: every call needs it, as a bearer token or as the cookie a page opened once with ?token= gets. */
class ApiAccessTest {
    private static final String TOKEN = "correct-horse-battery-staple";

    @TempDir
    static Path root;

    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = ApiServer.start(root, Optional.of(TOKEN));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aCallWithoutTheTokenIsA401() throws Exception {
        server.mvc.perform(get("/api/project"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("unauthorized"));
        server.mvc.perform(get("/api/project").header("Authorization", "Bearer not-" + TOKEN)).andExpect(status().isUnauthorized());
        server.mvc.perform(get("/api/openapi.json")).andExpect(status().isUnauthorized());
    }

    @Test
    void aBearerTokenOpensEveryCall() throws Exception {
        server.mvc.perform(get("/api/project").header("Authorization", "Bearer " + TOKEN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("shop"));
        server.mvc.perform(get("/api/openapi.json").header("Authorization", "Bearer " + TOKEN)).andExpect(status().isOk());
    }

    @Test
    void aPageOpenedOnceWithTheTokenGetsACookieThatOpensTheRest() throws Exception {
        Cookie cookie = server.mvc.perform(get("/api/status").param("token", TOKEN))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/api/status"))
                .andReturn().getResponse().getCookie("strata_token");
        assertThat(cookie).isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getAttribute("SameSite")).isEqualTo("Strict");

        server.mvc.perform(get("/api/status").cookie(cookie)).andExpect(status().isOk());
        server.mvc.perform(get("/api/status").param("token", "wrong")).andExpect(status().isUnauthorized());
    }

    @Test
    void theTokenDoesNotReplaceTheRequestHeader() throws Exception {
        server.mvc.perform(post("/api/runs").header("Authorization", "Bearer " + TOKEN))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("forbidden"));
        server.mvc.perform(post("/api/runs").header("Authorization", "Bearer " + TOKEN).header(AccessFilter.CSRF_HEADER, "1"))
                .andExpect(status().isServiceUnavailable());
    }
}
