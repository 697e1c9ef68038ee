package io.strata.cli;

import io.strata.api.AssetKey;
import io.strata.compile.CompiledProject;
import io.strata.service.Workspace;
import io.strata.graph.AssetKind;
import io.strata.ingestion.IngestDeclaration;
import io.strata.ingestion.SchemaInference;
import io.strata.ingestion.SourceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code strata infer-schema NAME}: the columns an ingest asset without declared columns would infer, printed or frozen into its YAML. */
@Command(name = "infer-schema", mixinStandardHelpOptions = true,
        description = "Infer an ingest asset's columns from its first source file; print them as YAML, or --write them into its declaration.")
final class InferSchemaCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions project;

    @Parameters(paramLabel = "NAME", description = "The ingest asset.")
    String name;

    @Option(names = "--write", description = "Freeze the columns: write them into the asset's YAML declaration under its name.")
    boolean write;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try (Workspace workspace = project.open(err)) {
            return infer(workspace, ProjectOptions.compile(workspace, err), err);
        }
    }

    private int infer(Workspace workspace, CompiledProject compiled, PrintWriter err) {
        var asset = compiled.graph().asset(AssetKey.of(name));
        if (asset.isEmpty() || asset.get().kind() != AssetKind.INGEST
                || !(compiled.declarations().get(asset.get().key()) instanceof IngestDeclaration declaration)) {
            err.println("strata: '" + name + "' is not an ingest asset of this project (strata ls -s kind:ingest lists them)");
            return StrataCommand.USER_ERROR;
        }
        // s3:// sources are listed in the profile's object store (the local stack starts if it is not running).
        try (SourceFiles sources = declaration.source().path().startsWith("s3://")
                ? SourceFiles.withStore(compiled.root(), workspace.endpoints()) : SourceFiles.local(compiled.root())) {
            List<IngestDeclaration.Column> columns = SchemaInference.inferFromFiles(sources, declaration);
            PrintWriter out = spec.commandLine().getOut();
            if (write) {
                SchemaInference.freeze(compiled.root(), declaration, columns);
                out.println("Wrote " + columns.size() + " columns of " + name + " into " + declaration.location().file());
            }
            else {
                out.print(SchemaInference.yaml(columns));
            }
            out.flush();
            return 0;
        }
        catch (IOException e) {
            err.println("strata: " + e.getMessage());
            return StrataCommand.USER_ERROR;
        }
    }
}
