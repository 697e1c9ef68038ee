package io.strata.ui.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A run asked to stop: it starts no more assets, lets those building finish, and ends as CANCELLED with its branch kept.
 *
 * @param cancelling always true
 */
@Schema(description = "A run asked to stop; it ends as CANCELLED once the assets building now finish.")
public record Cancelling(String id, boolean cancelling) {
}
