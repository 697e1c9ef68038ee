package io.strata.cli;

import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.ProjectException;
import io.strata.project.YamlNode;
import io.strata.project.YamlReader;
import io.strata.service.Workspace;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The options every command that reads a project takes. */
final class ProjectOptions {
    @Option(names = "--project", paramLabel = "DIR", description = "The project folder (holding strata.yml or dbt_project.yml). Default: the current folder.")
    Path project = Path.of(".");

    @Option(names = "--profile", paramLabel = "NAME", description = "The profile to use (default: the project's 'profile:', else 'local').")
    String profile;

    @Option(names = "--vars", paramLabel = "YAML", description = "Variables for var(), as a YAML mapping: --vars '{start_date: 2024-01-01}'.")
    String vars;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for compilation (default: the number of cores).")
    Integer threads;

    @Option(names = "--no-validate", description = "Do not check the column names of the models' SQL (see docs/lineage.md).")
    boolean noValidate;

    CompileOptions compileOptions() {
        CompileOptions options = CompileOptions.defaults().withProfile(Optional.ofNullable(profile)).withVars(parsedVars())
                .withValidation(!noValidate);
        if (threads != null) {
            options = new CompileOptions(options.profile(), options.vars(), options.existingAssets(), options.fullRefresh(), threads,
                    options.validate());
        }
        return options;
    }

    /** The project opened with these options; the command closes it. */
    Workspace open(PrintWriter err) {
        return ProjectPlace.open(project, compileOptions(), err);
    }

    /** Compiles the workspace's project and prints its warnings; errors are thrown for the command's error handler. */
    static CompiledProject compile(Workspace workspace, PrintWriter err) {
        CompiledProject compiled = workspace.compile();
        Console.printDiagnostics(err, compiled.warnings());
        return compiled;
    }

    private Map<String, Object> parsedVars() {
        if (vars == null || vars.isBlank()) {
            return Map.of();
        }
        Optional<YamlNode> node = YamlReader.read("--vars", vars);
        if (node.isPresent() && node.get() instanceof YamlNode.Mapping mapping) {
            return mapping.toPlain();
        }
        throw new ProjectException(Diagnostic.error(Location.of("--vars"), "--vars must be a YAML mapping, such as '{start_date: 2024-01-01}'"));
    }
}
