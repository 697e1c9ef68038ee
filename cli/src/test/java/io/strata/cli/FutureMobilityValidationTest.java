package io.strata.cli;

import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.project.Diagnostic;
import io.strata.project.ProjectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The column names of every FutureMobility model at the repository root check clean, and a misspelling in one is caught. */
class FutureMobilityValidationTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path project;

    private void copyProject() throws IOException {
        assertThat(REPOSITORY.resolve("strata.yml")).as("the test runs from the cli module of the repository").exists();
        for (String path : List.of("strata.yml", "models", "macros", "tests")) {
            copy(REPOSITORY.resolve(path), project.resolve(path));
        }
    }

    private CompiledProject compile() {
        try (Compiler compiler = Compiler.forProject(project, CompileOptions.defaults())) {
            return compiler.compile();
        }
    }

    @Test
    void everyModelChecksCleanAndWhatIsNotCheckedIsAWarning() throws IOException {
        copyProject();

        CompiledProject compiled = compile();

        List<String> notChecked = compiled.warnings().stream().map(Diagnostic::toString).filter(text -> text.contains("not checked")).toList();
        notChecked.forEach(System.out::println);
        assertThat(compiled.models()).isNotEmpty();
    }

    @Test
    void aMisspelledColumnInAGoldModelFailsCompilationAtItsPlace() throws IOException {
        copyProject();
        Path model;
        try (Stream<Path> files = Files.walk(project.resolve("models"))) {
            model = files.filter(file -> file.getFileName().toString().equals("sales_monthly.sql")).findFirst().orElseThrow();
        }
        String sql = Files.readString(model);
        assertThat(sql).contains("price_eur");
        Files.writeString(model, sql.replaceFirst("price_eur", "price_euro"));
        int at = sql.indexOf("price_eur");
        long line = sql.substring(0, at).chars().filter(character -> character == '\n').count() + 1;
        int column = at - sql.lastIndexOf('\n', at);

        String expected = project.relativize(model).toString().replace('\\', '/') + ":" + line + ":" + column + ": error: ";
        assertThatThrownBy(this::compile).isInstanceOfSatisfying(ProjectException.class, e -> assertThat(e.errors())
                .anySatisfy(error -> assertThat(error.toString()).startsWith(expected).contains("'price_euro'").contains("did you mean 'price_eur'?")));
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
