package io.strata.ui.api;

import io.strata.run.RunStore;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * One line of a run's log.
 *
 * @param seq its place in the run's log, from 1: ask for the events after the last one seen
 * @param level INFO, WARN or ERROR
 * @param asset the key of the asset it is about, if any
 * @param assetStatus where that asset stands from this event on (RUNNING when it starts, then how it ended), if the event says
 */
@Schema(description = "One line of a run's log.")
public record RunEvent(long seq, Instant at, String level, String asset, String assetStatus, String message) {
    static RunEvent of(RunStore.EventRecord event) {
        return new RunEvent(event.sequence(), event.at(), event.level(), event.assetKey().orElse(null), event.assetStatus().orElse(null),
                event.message());
    }
}
