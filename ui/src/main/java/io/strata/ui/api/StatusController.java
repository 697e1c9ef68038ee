package io.strata.ui.api;

import io.strata.run.RunStatus;
import io.strata.run.RunStore;
import io.strata.service.Workspace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code /api/status}: what the lineage page polls to colour the graph live; reads the run store only, compiles nothing. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Assets")
class StatusController {
    /** More runs going at once than any one server or team starts. */
    private static final int RUNNING_LIMIT = 1000;

    private final Workspace workspace;

    StatusController(Workspace workspace) {
        this.workspace = workspace;
    }

    @GetMapping("/api/status")
    @Operation(summary = "Every asset's latest status and the runs going now",
            description = "Reads the run store only (runs of every process: CLI, schedules, this server): cheap enough to poll every second or two.")
    @ApiResponse(responseCode = "200", description = "The live status")
    LiveStatus status() {
        Map<String, AssetStatus> assets = new LinkedHashMap<>();
        workspace.assetStatuses().forEach((key, record) -> assets.put(key, AssetStatus.of(record)));
        return new LiveStatus(assets, workspace.runs(new RunStore.RunQuery(Optional.of(RunStatus.RUNNING), Optional.empty(), Optional.empty(), RUNNING_LIMIT))
                .stream().map(RunStore.RunSummary::id).toList());
    }
}
