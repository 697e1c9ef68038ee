package io.strata.project;

import java.nio.file.Path;

/** No {@code strata.yml} or {@code dbt_project.yml} where the project should be. */
public final class ProjectNotFoundException extends StrataException {
    public ProjectNotFoundException(Path directory) {
        super(Kind.PROJECT, "no strata.yml or dbt_project.yml in " + directory.toAbsolutePath().normalize()
                + ": run from the project's folder or pass --project DIR");
    }
}
