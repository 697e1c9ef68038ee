package io.strata.ui.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A run that has started.
 *
 * @param location where to follow it: {@code /api/runs/ID} (and {@code /api/runs/ID/stream} for its live log)
 */
@Schema(description = "A run that has started.")
public record RunStarted(String id, String location) {
}
