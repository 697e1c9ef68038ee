package io.strata.ui.api;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.run.RunHandle;
import io.strata.run.RunListener;
import io.strata.run.RunRequest;
import io.strata.run.RunStatus;
import io.strata.run.RunStore;
import io.strata.select.Selector;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code /api/runs}: the run history, one run with its timeline and log, starting a run and cancelling one. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Runs", description = "The run history, starting and cancelling runs, and their logs")
class RunController {
    static final int MAX_RUNS = 1000;
    static final int MAX_EVENTS = 5000;

    private final Workspace workspace;

    RunController(Workspace workspace) {
        this.workspace = workspace;
    }

    @GetMapping("/api/runs")
    @Operation(summary = "The run history, newest first, of every process (CLI, schedules, servers)",
            description = "Page back with before = the startedAt of the last run of a page.")
    @ApiErrorResponses.BadRequest
    @ApiResponse(responseCode = "200", description = "The runs")
    List<RunSummary> runs(
            @Parameter(description = "Only runs with this status", schema = @Schema(allowableValues = {"RUNNING", "MERGED", "BUILT_ON_DEV_BRANCH",
                    "KEPT", "FAILED", "ABANDONED", "CANCELLED"})) @RequestParam(name = "status", required = false) String status,
            @Parameter(description = "At most this many runs, 1 to 1000") @RequestParam(name = "limit", defaultValue = "50") int limit,
            @Parameter(description = "Only runs started before this instant (ISO-8601)", example = "2025-06-01T12:00:00Z")
            @RequestParam(name = "before", required = false) String before,
            @Parameter(description = "Only runs started by this trigger", example = "schedule:gold_every_10m")
            @RequestParam(name = "trigger", required = false) String trigger) {
        if (limit < 1 || limit > MAX_RUNS) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_RUNS + ", not " + limit);
        }
        RunStore.RunQuery query = new RunStore.RunQuery(Optional.ofNullable(status).map(RunController::status),
                Optional.ofNullable(before).map(RunController::instant), Optional.ofNullable(trigger), limit);
        return workspace.runs(query).stream().map(RunSummary::of).toList();
    }

    private static RunStatus status(String text) {
        try {
            return RunStatus.valueOf(text.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status must be one of " + Arrays.toString(RunStatus.values()) + ", not '" + text + "'");
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        }
        catch (DateTimeParseException e) {
            throw ApiException.badRequest("before must be an ISO-8601 instant such as 2025-06-01T12:00:00Z, not '" + text + "'");
        }
    }

    @GetMapping("/api/runs/{id}")
    @Operation(summary = "One run: its summary, each asset timed from its events (a timeline), and each check",
            description = "While the run goes, assets that have started and not finished are RUNNING.")
    @ApiErrorResponses.NotFound
    @ApiResponse(responseCode = "200", description = "The run")
    RunDetail run(@PathVariable("id") String id) {
        io.strata.service.RunDetail detail = workspace.run(id);
        return RunDetail.of(detail, new Materializations(workspace)::of, Instant.now());
    }

    @GetMapping("/api/runs/{id}/events")
    @Operation(summary = "A page of a run's log: the events after sequence number 'after'",
            description = "Ask for the next page with after = next; for a live log use /api/runs/{id}/stream.")
    @ApiErrorResponses.NotFound
    @ApiErrorResponses.BadRequest
    @ApiResponse(responseCode = "200", description = "A page of the log")
    EventPage events(@PathVariable("id") String id,
                     @Parameter(description = "The last sequence number already read (0 for the start)")
                     @RequestParam(name = "after", defaultValue = "0") long after,
                     @Parameter(description = "At most this many events, 1 to 5000")
                     @RequestParam(name = "limit", defaultValue = "500") int limit) {
        if (limit < 1 || limit > MAX_EVENTS) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_EVENTS + ", not " + limit);
        }
        if (after < 0) {
            throw ApiException.badRequest("after must not be negative, not " + after);
        }
        return EventPage.of(workspace.events(id, after, limit).stream().map(RunEvent::of).toList());
    }

    @PostMapping("/api/runs")
    @Operation(summary = "Starts a run: builds the selection on its own branch and merges it into main only when every error check passed",
            description = "Answers 202 as soon as the run is recorded (before it builds anything) with its id and where to follow it. "
                    + "The run is triggered by 'ui' when X-Strata-Request is 'ui', by 'api' otherwise.",
            parameters = @Parameter(in = ParameterIn.HEADER, name = AccessFilter.CSRF_HEADER, required = true,
                    description = "Any value (ui for the web pages): a defence against cross-site requests",
                    schema = @Schema(type = "string", example = "1")))
    @ApiResponse(responseCode = "202", description = "The run has started")
    @ApiErrorResponses.BadRequest
    @ApiErrorResponses.ProjectErrors
    @ApiErrorResponses.Unavailable
    ResponseEntity<RunStarted> start(@RequestBody(required = false) RunStart body,
                                     @Parameter(hidden = true) @RequestHeader(AccessFilter.CSRF_HEADER) String requestedBy) {
        RunStart start = body == null ? RunStart.EVERYTHING : body;
        Selector selector = Selector.parse(start.select(), start.exclude());
        // Compiled and selected here, so a project with errors or a selection of nothing is answered now, not in a run that fails.
        List<Asset> selected = workspace.assets(selector);
        if (selected.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, new ApiError("selection", "the selection picks no asset of the project"
                    + " (select '" + Optional.ofNullable(start.select()).orElse("") + "', exclude '" + Optional.ofNullable(start.exclude()).orElse("")
                    + "'); GET /api/assets lists them", null));
        }
        Optional<String> devBranch = Optional.ofNullable(start.devBranch()).filter(name -> !name.isBlank());
        io.strata.partition.PartitionSelection partitions;
        try {
            partitions = start.partitions();
        }
        catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, new ApiError("partition", e.getMessage(), null));
        }
        Optional<String> resume = Optional.ofNullable(start.resume()).filter(id -> !id.isBlank());
        if (resume.isPresent() && devBranch.isPresent()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, new ApiError("resume", "resume builds on the kept run's branch; devBranch names a dev"
                    + " branch: give one or the other", null));
        }
        RunRequest request = RunRequest.builder(selector)
                .devBranch(devBranch)
                .resume(resume.map(workspace::branchToResume))
                .fullRefresh(start.fullRefresh())
                .rebuild(start.rebuild())
                .partitions(partitions)
                .trigger(RunRequest.UI.equals(requestedBy) ? RunRequest.UI : RunRequest.API)
                .build();
        RunHandle handle = workspace.launch(request, RunListener.SILENT);
        return RunStarted.accepted(handle);
    }

    @PostMapping("/api/runs/{id}/cancel")
    @Operation(summary = "Asks a run this server started to stop: it starts no more assets and ends as CANCELLED, its branch kept",
            description = "A run going in another process (the CLI, another server) is cancelled there: 409; so is a run that has ended.",
            parameters = @Parameter(in = ParameterIn.HEADER, name = AccessFilter.CSRF_HEADER, required = true,
                    description = "Any value: a defence against cross-site requests",
                    schema = @Schema(type = "string", example = "1")))
    @ApiResponse(responseCode = "202", description = "The run is stopping")
    @ApiErrorResponses.NotFound
    @ApiErrorResponses.Conflict
    ResponseEntity<Cancelling> cancel(@PathVariable("id") String id) {
        workspace.cancel(id);
        return ResponseEntity.accepted().body(new Cancelling(id, true));
    }

    /** The materialization of an asset of the project, for a run's assets it has not recorded yet; compiled once per request, if at all. */
    private static final class Materializations {
        private final Workspace workspace;
        private Optional<io.strata.graph.AssetGraph> graph;

        Materializations(Workspace workspace) {
            this.workspace = workspace;
        }

        Optional<String> of(String key) {
            if (graph == null) {
                try {
                    graph = Optional.of(workspace.compile().graph());
                }
                catch (io.strata.project.StrataException e) {
                    // The project being edited does not compile now: the run's record says it once the asset is built.
                    graph = Optional.empty();
                }
            }
            return graph.flatMap(assets -> assets.asset(AssetKey.parse(key))).map(asset -> asset.materialization().label());
        }
    }
}
