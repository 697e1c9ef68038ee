package io.strata.ui.api;

import io.strata.compile.CompiledProject;
import io.strata.project.Profile;
import io.swagger.v3.oas.annotations.media.Schema;

import java.nio.file.Path;

/**
 * The project the server serves.
 *
 * @param engine the profile's type: the engine its models run on ({@code trino}, {@code dremio})
 * @param assets how many assets the project has
 */
@Schema(description = "The project the server serves.")
public record ProjectSummary(String name, String root, String profile, String engine, int assets) {
    static ProjectSummary of(Path root, Profile profile, CompiledProject project) {
        return new ProjectSummary(project.projectFile().name(), root.toString(), profile.name(), profile.type(), project.graph().size());
    }
}
