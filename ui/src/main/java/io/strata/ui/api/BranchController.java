package io.strata.ui.api;

import io.strata.service.MergeResult;
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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code /api/branches}: the branches other than main, the review of one against main, merging one on purpose, dropping one. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Branches", description = "Kept run branches and dev branches: review against main, merge, drop")
class BranchController {
    static final int MAX_SAMPLES = 100;

    private final Workspace workspace;

    BranchController(Workspace workspace) {
        this.workspace = workspace;
    }

    @GetMapping("/api/branches")
    @Operation(summary = "The branches other than main, with the run that last used each")
    @ApiErrorResponses.Unavailable
    @ApiResponse(responseCode = "200", description = "The branches")
    List<BranchSummary> branches() {
        return workspace.branches().stream().map(BranchSummary::of).toList();
    }

    @GetMapping("/api/branches/{name}/diff")
    @Operation(summary = "What a branch changed against main, per asset: columns, row counts, rows added, removed and changed (with samples), checks",
            description = "Computed by the engine, read-only; assets the branch did not change are left out.")
    @ApiErrorResponses.BadRequest
    @ApiErrorResponses.NotFound
    @ApiErrorResponses.ProjectErrors
    @ApiErrorResponses.Unavailable
    @ApiResponse(responseCode = "200", description = "The review")
    BranchDiff diff(@PathVariable("name") String name,
                    @Parameter(description = "Only these assets, in the selector syntax of strata -s")
                    @RequestParam(name = "select", required = false) String select,
                    @Parameter(description = "At most this many sample rows of each change, 0 to 100")
                    @RequestParam(name = "limit", defaultValue = "10") int limit) {
        if (limit < 0 || limit > MAX_SAMPLES) {
            throw ApiException.badRequest("limit must be between 0 and " + MAX_SAMPLES + ", not " + limit);
        }
        return BranchDiff.of(workspace.diff(name, Selector.parse(select, null), limit));
    }

    @PostMapping("/api/branches/{name}/merge")
    @Operation(summary = "Merges a branch into main on purpose, once every error check of the project passes on it; the branch is kept",
            description = "409 with error 'checks_failed' naming each failing check when one fails; main is then untouched.",
            parameters = @Parameter(in = ParameterIn.HEADER, name = AccessFilter.CSRF_HEADER, required = true,
                    description = "Any value: a defence against cross-site requests",
                    schema = @Schema(type = "string", example = "1")))
    @ApiErrorResponses.BadRequest
    @ApiErrorResponses.NotFound
    @ApiErrorResponses.Conflict
    @ApiErrorResponses.ProjectErrors
    @ApiErrorResponses.Unavailable
    @ApiResponse(responseCode = "200", description = "Merged into main")
    Merged merge(@PathVariable("name") String name) {
        MergeResult result = workspace.merge(name);
        if (!result.merged()) {
            throw new ApiException(HttpStatus.CONFLICT, new ApiError("checks_failed", "branch " + name + " was not merged, main is untouched:"
                    + " failing checks: " + result.failingChecks(), null));
        }
        return Merged.of(result);
    }

    @DeleteMapping("/api/branches/{name}")
    @Operation(summary = "Drops a branch and what the engine holds for it",
            parameters = @Parameter(in = ParameterIn.HEADER, name = AccessFilter.CSRF_HEADER, required = true,
                    description = "Any value: a defence against cross-site requests",
                    schema = @Schema(type = "string", example = "1")))
    @ApiResponse(responseCode = "204", description = "Dropped")
    @ApiErrorResponses.BadRequest
    @ApiErrorResponses.NotFound
    @ApiErrorResponses.Unavailable
    ResponseEntity<Void> drop(@PathVariable("name") String name) {
        workspace.drop(name);
        return ResponseEntity.noContent().build();
    }
}
