package io.strata.project;

import io.strata.project.ProjectScanner.ProjectPath;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A dbt package installed under {@code dbt_packages/} (as {@code dbt deps} or {@code strata deps} leaves it): its
 * project file (name, vars) and its macro files, custom generic tests among them.
 *
 * @param folder its folder, relative to the project root
 */
public record InstalledPackage(String folder, ProjectFile project, List<ProjectPath> macroFiles) {
    public InstalledPackage {
        requireNonNull(folder, "folder");
        requireNonNull(project, "project");
        macroFiles = List.copyOf(macroFiles);
    }

    public String name() {
        return project.name();
    }
}
