package io.strata.cli;

import io.strata.api.AssetDefinitions;
import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.engine.dremio.DremioPlacement;
import io.strata.engine.dremio.DremioProjectStatements;
import io.strata.project.AssetDeclarationReader;
import io.strata.project.Relation;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FutureMobility project of the repository root (with its {@code dremio} profile) and the quickstart compiled for
 * Dremio: every statement a run would send to Dremio for their seeds, models and checks puts {@code AT BRANCH} where
 * Dremio needs it and nowhere else. This checks placement only; whether Dremio accepts the model SQL itself (the
 * projects' Trino functions) is not proven here.
 */
class DremioProjectPlacementTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final String BRANCH = "run-20261202-0001";

    @Test
    void everyStatementOfARunReadsAndWritesTheRunsBranch() {
        CompiledProject project = compile(false);
        List<DremioProjectStatements.Statement> statements = new ArrayList<>(DremioProjectStatements.of(project, "nessie", BRANCH));
        // Incremental models once more with is_incremental() true: their filters read the model's own table.
        statements.addAll(DremioProjectStatements.of(compile(true), "nessie", BRANCH));
        DremioPlacement placement = new DremioPlacement("nessie", DremioProjectStatements.allRelations(project.graph()));

        assertThat(project.target().type()).isEqualTo("dremio");
        assertThat(statements).as("models, increments and checks of FutureMobility").hasSizeGreaterThan(40);
        assertThat(statements).anyMatch(DremioProjectStatements.Statement::view);
        List<String> problems = new ArrayList<>();
        for (DremioProjectStatements.Statement statement : statements) {
            List<String> found = statement.view() ? placement.view(statement.sql(), BRANCH) : placement.onBranch(statement.sql(), BRANCH);
            found.forEach(problem -> problems.add(statement.asset() + ": " + problem));
            for (Relation read : statement.reads()) {
                if (!statement.view()) {
                    assertThat(statement.sql()).as(statement.asset() + " reads " + read + " on the branch")
                            .containsPattern("nessie\\." + java.util.regex.Pattern.quote(read.render()) + " AT BRANCH \"" + BRANCH + "\"");
                }
            }
        }
        assertThat(problems).isEmpty();
        // Two statements read where it matters most: an increment's filter reads the model's own table on the branch,
        // and a gold view's body names its silver tables with no AT.
        assertThat(statements).anyMatch(statement -> statement.sql().startsWith("MERGE INTO nessie.silver.vehicle_health AT BRANCH \"" + BRANCH + "\"")
                && statement.sql().contains("(select max(ingested_at) from nessie.silver.vehicle_health AT BRANCH \"" + BRANCH + "\")"));
        // A partitioned model's window: deleted on the branch, by its date column.
        assertThat(statements).anyMatch(statement -> statement.sql().startsWith("DELETE FROM nessie.silver.charging_sessions AT BRANCH \"" + BRANCH + "\"")
                && statement.sql().contains("\"started_on\" >= DATE '2025-01-01'"));
        assertThat(statements).anyMatch(statement -> statement.view()
                && statement.sql().startsWith("CREATE OR REPLACE VIEW nessie.gold.customer_lifetime_value AT BRANCH \"" + BRANCH + "\" AS")
                && statement.sql().contains("join nessie.silver.sales as sales on"));
    }

    @Test
    void everyStatementOfTheQuickstartSeedsModelsAndChecksReadsAndWritesTheRunsBranch(@org.junit.jupiter.api.io.TempDir Path copy) throws Exception {
        Path quickstart = REPOSITORY.resolve("examples/quickstart");
        try (var files = java.nio.file.Files.walk(quickstart)) {
            for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                Path target = copy.resolve(quickstart.relativize(file).toString());
                java.nio.file.Files.createDirectories(target.getParent());
                java.nio.file.Files.copy(file, target);
            }
        }
        java.nio.file.Files.writeString(copy.resolve("strata.yml"), java.nio.file.Files.readString(copy.resolve("strata.yml")).replace("profiles:\n",
                "profiles:\n  dremio: {type: dremio, schema: analytics, dremio: \"grpc://localhost:32010\", token_env: DREMIO_TOKEN}\n"));
        CompiledProject project;
        try (Compiler compiler = new Compiler(copy, CompileOptions.defaults().withProfile(Optional.of("dremio")), List.of(), List.of())) {
            project = compiler.compile();
        }
        List<DremioProjectStatements.Statement> statements = DremioProjectStatements.of(project, "nessie", BRANCH);
        DremioPlacement placement = new DremioPlacement("nessie", DremioProjectStatements.allRelations(project.graph()));

        assertThat(statements).anyMatch(statement -> statement.sql().startsWith("INSERT INTO nessie.") && statement.sql().contains(" VALUES ("));
        assertThat(statements).anyMatch(DremioProjectStatements.Statement::view);
        List<String> problems = new ArrayList<>();
        for (DremioProjectStatements.Statement statement : statements) {
            List<String> found = statement.view() ? placement.view(statement.sql(), BRANCH) : placement.onBranch(statement.sql(), BRANCH);
            found.forEach(problem -> problems.add(statement.asset() + ": " + problem));
        }
        assertThat(problems).isEmpty();
    }

    private static CompiledProject compile(boolean incremental) {
        List<AssetDeclarationReader> readers = ServiceLoader.load(AssetDeclarationReader.class).stream().map(ServiceLoader.Provider::get).toList();
        List<AssetDefinitions> definitions = ServiceLoader.load(AssetDefinitions.class).stream().map(ServiceLoader.Provider::get).toList();
        CompileOptions options = CompileOptions.defaults().withProfile(Optional.of("dremio"));
        if (incremental) {
            try (Compiler first = new Compiler(REPOSITORY, options, readers, definitions)) {
                Set<String> models = new java.util.HashSet<>();
                first.compile().models().forEach(model -> models.add(model.name()));
                options = new CompileOptions(options.profile(), options.vars(), models, false, options.threads());
            }
        }
        try (Compiler compiler = new Compiler(REPOSITORY, options, readers, definitions)) {
            return compiler.compile();
        }
    }
}
