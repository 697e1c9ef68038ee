package io.strata.ui.api;

import io.strata.service.Workspace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/project}: the project the server serves. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Project", description = "The project the server serves")
class ProjectController {
    private final Workspace workspace;

    ProjectController(Workspace workspace) {
        this.workspace = workspace;
    }

    @GetMapping("/api/project")
    @Operation(summary = "The project: its name, folder, profile, engine and how many assets it has",
            description = "Compiles the project (again only when a file changed): a project with errors answers 422 with the file, line and column.")
    @ApiErrorResponses.ProjectErrors
    @ApiResponse(responseCode = "200", description = "The project")
    ProjectSummary project() {
        return ProjectSummary.of(workspace.root(), workspace.profile(), workspace.compile());
    }
}
