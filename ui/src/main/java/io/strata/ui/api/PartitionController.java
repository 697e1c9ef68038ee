package io.strata.ui.api;

import io.strata.api.AssetKey;
import io.strata.run.PartitionStates;
import io.strata.service.Workspace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code /api/assets/{key}/partitions}: a partitioned asset's partitions on a branch, as {@code strata partitions} shows them. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Assets")
class PartitionController {
    private final Workspace workspace;

    PartitionController(Workspace workspace) {
        this.workspace = workspace;
    }

    /**
     * @param partitions every partition there is now, in order, with its state
     * @param ranges the same as ranges of consecutive partitions of one state
     */
    @Schema(description = "A partitioned asset's partitions on a branch: built (up to date), stale or missing.")
    record Partitions(String asset, String ref, List<PartitionStates.State> partitions, List<PartitionStates.Range> ranges) {
    }

    @GetMapping("/api/assets/{key}/partitions")
    @Operation(summary = "Which partitions of a partitioned asset are built, stale or missing on main (or a branch)",
            description = "The state kept with the table on the branch: a partition is stale when its SQL or an input partition it maps to"
                    + " changed since it was built. An asset that is not partitioned is a 400.")
    @ApiErrorResponses.BadRequest
    @ApiErrorResponses.NotFound
    @ApiErrorResponses.ProjectErrors
    @ApiResponse(responseCode = "200", description = "The asset's partitions")
    Partitions partitions(@Parameter(description = "The asset's key", example = "daily_sales") @PathVariable("key") String key,
                          @Parameter(description = "The branch to read") @RequestParam(name = "ref", defaultValue = "main") String ref) {
        List<PartitionStates.State> states = workspace.partitions(AssetKey.of(key), ref);
        return new Partitions(key, ref, states, PartitionStates.ranges(states));
    }
}
