package io.strata.cli;

import io.strata.compile.CompiledOutput;
import io.strata.compile.CompiledProject;
import io.strata.service.Workspace;
import io.strata.graph.Asset;
import io.strata.api.AssetKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code strata compile}: renders every model, checks its SQL, writes the SQL Strata would run to {@code target/compiled/},
 * and warns of what a changed model would break downstream on main.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Render models with Jinja, resolve refs and sources, check the graph, and write the SQL to target/compiled/.")
final class CompileCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions project;

    @Mixin
    SelectionOptions selection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        CompiledProject compiled;
        try (Workspace workspace = project.open(spec.commandLine().getErr())) {
            compiled = ProjectOptions.compile(workspace, spec.commandLine().getErr());
            // What the change breaks downstream on main, column by column (nothing before a run has merged).
            Console.printDiagnostics(spec.commandLine().getErr(), workspace.impact());
        }
        List<AssetKey> selected = selection.selector().select(compiled.graph());
        List<Asset> models = selected.stream().map(compiled.graph()::require).filter(asset -> asset.sql().isPresent()).toList();
        long writeStart = System.nanoTime();
        int written = CompiledOutput.write(compiled, models, selection.selector().isAll());
        if (spec.commandLine().getParseResult().originalArgs().contains("--debug")) {
            StringBuilder phases = new StringBuilder("phases (ms):");
            compiled.phases().forEach((phase, ms) -> phases.append(String.format(" %s %.0f", phase, ms)));
            phases.append(String.format(" write %.0f (%d files changed); %d of %d models reused from the cache",
                    (System.nanoTime() - writeStart) / 1e6, written, compiled.reused(), compiled.models().size()));
            spec.commandLine().getErr().println(phases);
            // What compilation changed in the SQL as written: PostgreSQL-style casts the engine does not read.
            compiled.rewrites().forEach(rewrite -> spec.commandLine().getErr().println("rewritten: " + rewrite));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        spec.commandLine().getOut().println("Compiled " + selected.size() + (selected.size() == 1 ? " asset" : " assets") + " in " + millis + " ms");
        return 0;
    }
}
