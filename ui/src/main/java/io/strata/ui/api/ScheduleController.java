package io.strata.ui.api;

import io.strata.run.RunListener;
import io.strata.service.Workspace;
import io.strata.ui.AccessFilter;
import io.strata.ui.ApiError;
import io.strata.ui.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code /api/schedules}: the schedules and sensors of the project file with where each stands; triggering, pausing and resuming one. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Schedules", description = "The schedules and sensors of the project file: their state, triggering one now, pausing and resuming")
class ScheduleController {
    private final Workspace workspace;

    ScheduleController(Workspace workspace) {
        this.workspace = workspace;
    }

    @GetMapping("/api/schedules")
    @Operation(summary = "Each schedule, then each sensor, of the project file: its timing and selection, paused or not, its next fire,"
            + " its last run (from any process) and its last tick in this server",
            description = "Their runs: GET /api/runs?trigger=schedule:NAME (or sensor:NAME).")
    @ApiErrorResponses.ProjectErrors
    @ApiErrorResponses.Unavailable
    @ApiResponse(responseCode = "200", description = "The schedules and sensors")
    List<ScheduleStatus> schedules() {
        return workspace.scheduleStatuses().stream().map(ScheduleStatus::of).toList();
    }

    @PostMapping("/api/schedules/{name}/trigger")
    @Operation(summary = "Starts a run of a schedule's or sensor's selection now, recorded with its trigger (schedule:NAME, sensor:NAME)",
            description = "Answers 202 as soon as the run is recorded, with its id and where to follow it, as POST /api/runs does. "
                    + "Refused (409) while a run of it goes, in any process; a paused one may be triggered.",
            parameters = @Parameter(in = ParameterIn.HEADER, name = AccessFilter.CSRF_HEADER, required = true,
                    description = "Any value (ui for the web pages): a defence against cross-site requests",
                    schema = @Schema(type = "string", example = "1")))
    @ApiResponse(responseCode = "202", description = "The run has started")
    @ApiErrorResponses.NotFound
    @ApiErrorResponses.Conflict
    @ApiErrorResponses.ProjectErrors
    @ApiErrorResponses.Unavailable
    ResponseEntity<RunStarted> trigger(@PathVariable("name") String name) {
        return RunStarted.accepted(workspace.triggerSchedule(name, RunListener.SILENT));
    }

    @PostMapping("/api/schedules/{name}/pause")
    @Operation(summary = "Pauses a schedule or sensor: no server fires it until it is resumed, also after restarts",
            description = "Answers with its new status (paused, no next fire).",
            parameters = @Parameter(in = ParameterIn.HEADER, name = AccessFilter.CSRF_HEADER, required = true,
                    description = "Any value: a defence against cross-site requests",
                    schema = @Schema(type = "string", example = "1")))
    @ApiResponse(responseCode = "200", description = "Paused")
    @ApiErrorResponses.NotFound
    @ApiErrorResponses.ProjectErrors
    @ApiErrorResponses.Unavailable
    ScheduleStatus pause(@PathVariable("name") String name) {
        workspace.pauseSchedule(name);
        return status(name);
    }

    @PostMapping("/api/schedules/{name}/resume")
    @Operation(summary = "Resumes a paused schedule or sensor; a tick it missed while paused is handled by its misfire policy",
            description = "Answers with its new status (with its next fire, when it is enabled).",
            parameters = @Parameter(in = ParameterIn.HEADER, name = AccessFilter.CSRF_HEADER, required = true,
                    description = "Any value: a defence against cross-site requests",
                    schema = @Schema(type = "string", example = "1")))
    @ApiResponse(responseCode = "200", description = "Resumed")
    @ApiErrorResponses.NotFound
    @ApiErrorResponses.ProjectErrors
    @ApiErrorResponses.Unavailable
    ScheduleStatus resume(@PathVariable("name") String name) {
        workspace.resumeSchedule(name);
        return status(name);
    }

    private ScheduleStatus status(String name) {
        return workspace.scheduleStatuses().stream().filter(status -> status.name().equals(name)).findFirst().map(ScheduleStatus::of)
                // Removed from the project file between the two calls.
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, new ApiError("not_found",
                        "no schedule or sensor '" + name + "' in the project file any more", null)));
    }
}
