package io.strata.ui.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A run that has started.
 *
 * @param location where to follow it: {@code /api/runs/ID} (and {@code /api/runs/ID/stream} for its live log)
 */
@Schema(description = "A run that has started.")
public record RunStarted(String id, String location) {
    /** The answer to a request that started a run: 202, its location, and this body. */
    static org.springframework.http.ResponseEntity<RunStarted> accepted(io.strata.run.RunHandle handle) {
        String location = "/api/runs/" + handle.id();
        return org.springframework.http.ResponseEntity.accepted().location(java.net.URI.create(location)).body(new RunStarted(handle.id(), location));
    }
}
