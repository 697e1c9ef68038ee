package io.strata.ui.api;

import io.strata.run.RunStore;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * Where an asset stands after its latest event in the recent runs.
 *
 * @param status RUNNING, SUCCESS, UP_TO_DATE, FAILED, SKIPPED or CHECK_FAILED
 * @param runId the run that said so
 * @param at when
 */
@Schema(description = "Where an asset stands after its latest event in the recent runs.")
public record AssetStatus(
        @Schema(allowableValues = {"RUNNING", "SUCCESS", "UP_TO_DATE", "FAILED", "SKIPPED", "CHECK_FAILED"}) String status,
        String runId,
        Instant at) {
    static AssetStatus of(RunStore.AssetStatusRecord record) {
        return new AssetStatus(record.status(), record.runId(), record.at());
    }
}
