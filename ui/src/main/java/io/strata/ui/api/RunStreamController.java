package io.strata.ui.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code /api/runs/{id}/stream}: a run's log live, as server-sent events. */
@RestController
@Tag(name = "Runs")
class RunStreamController {
    private final RunStreams streams;

    RunStreamController(RunStreams streams) {
        this.streams = streams;
    }

    @GetMapping(path = "/api/runs/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "A run's log, live, as server-sent events",
            description = "Sends each event after Last-Event-ID (or ?after=) as 'event: log' (id = its sequence number, data = the event"
                    + " as JSON), and once the run has ended and every event was sent, 'event: end' with the run's summary as data; then the"
                    + " stream closes (close the EventSource on 'end', or it reconnects). Works for runs of every process: it reads the run store.")
    @ApiResponse(responseCode = "200", description = "The stream", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
            schema = @Schema(type = "string",
                    example = "event:log\nid:1\ndata:{\"seq\":1,\"level\":\"INFO\",\"message\":\"building on branch run-…\"}\n\n")))
    @ApiErrorResponses.NotFound
    SseEmitter stream(@PathVariable("id") String id,
                      @Parameter(description = "The last sequence number already seen (0 for the start)")
                      @RequestParam(name = "after", required = false) Long after,
                      @Parameter(description = "Set by EventSource when it reconnects; wins over after")
                      @RequestHeader(name = "Last-Event-ID", required = false) Long lastEventId) {
        long from = lastEventId != null ? lastEventId : after != null ? after : 0;
        return streams.open(id, from);
    }
}
