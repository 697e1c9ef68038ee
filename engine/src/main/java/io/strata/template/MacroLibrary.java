package io.strata.template;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Every macro a project's templates may call: the project's own, those of its installed packages, and dbt's built-in
 * macros ({@link BuiltInMacros}).
 *
 * @param projectName the root project's name, searched first by {@code adapter.dispatch(name, namespace)}
 * @param projectMacros the project's macro files, callable everywhere without a prefix
 * @param packages installed packages, each callable under its name
 * @param dispatch the project's {@code dispatch:} config: for a macro namespace, the packages to search in order
 */
public record MacroLibrary(String projectName, List<SourceText> projectMacros, List<MacroPackage> packages,
                           Map<String, List<String>> dispatch) {
    public MacroLibrary {
        requireNonNull(projectName, "projectName");
        projectMacros = List.copyOf(projectMacros);
        packages = List.copyOf(packages);
        dispatch = Map.copyOf(dispatch);
    }

    /** A project with its own macros only. */
    public static MacroLibrary of(List<SourceText> projectMacros) {
        return new MacroLibrary("", projectMacros, List.of(), Map.of());
    }
}
