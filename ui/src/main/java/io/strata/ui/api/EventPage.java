package io.strata.ui.api;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * A page of a run's log.
 *
 * @param next the last sequence number of this page, to pass as {@code after} for the next one; null when the page is empty
 */
@Schema(description = "A page of a run's log; ask for the next with after=next.")
public record EventPage(List<RunEvent> events, Long next) {
    static EventPage of(List<RunEvent> events) {
        return new EventPage(events, events.isEmpty() ? null : events.getLast().seq());
    }
}
