package io.strata.compile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static io.strata.compile.TestProject.sql;
import static org.assertj.core.api.Assertions.assertThat;

class RecompileTest {
    @TempDir
    Path root;

    private TestProject project() {
        TestProject project = TestProject.in(root).file("macros/m.sql", "{% macro one() %}1{% endmacro %}");
        for (int i = 0; i < 5; i++) {
            project.file("models/m" + i + ".sql", "select {{ one() }} as x" + (i > 0 ? " from {{ ref('m" + (i - 1) + "') }}" : ""));
        }
        return project;
    }

    private void touch(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    }

    @Test
    void aSecondCompileRendersOnlyTheChangedModel() throws IOException {
        try (Compiler compiler = project().compiler()) {
            CompiledProject first = compiler.compile();
            assertThat(first.reused()).isZero();

            touch("models/m2.sql", "select 2 as x from {{ ref('m1') }}");
            CompiledProject second = compiler.compile();

            assertThat(second.reused()).isEqualTo(4);
            assertThat(sql(second, "m2")).isEqualTo("select 2 as x from analytics.m1");
            assertThat(sql(second, "m3")).isEqualTo(sql(first, "m3"));
        }
    }

    @Test
    void aChangedMacroRendersEveryModelAgain() throws IOException {
        try (Compiler compiler = project().compiler()) {
            compiler.compile();
            touch("macros/m.sql", "{% macro one() %}42{% endmacro %}");

            CompiledProject second = compiler.compile();

            assertThat(second.reused()).isZero();
            assertThat(sql(second, "m0")).isEqualTo("select 42 as x");
        }
    }

    @Test
    void addedAndDeletedFilesAreSeen() throws IOException {
        try (Compiler compiler = project().compiler()) {
            compiler.compile();
            Files.delete(root.resolve("models/m4.sql"));
            touch("models/extra.sql", "select * from {{ ref('m3') }}");

            CompiledProject second = compiler.compile();

            assertThat(second.graph().assets()).extracting(asset -> asset.name())
                    .contains("extra").doesNotContain("m4");
        }
    }

    @Test
    void aChangeThatBreaksTheProjectIsReportedAndAFixRecovers() throws IOException {
        try (Compiler compiler = project().compiler()) {
            compiler.compile();
            touch("models/m1.sql", "select * from {{ ref('nope') }}");
            assertThat(new TestProjectErrors(compiler).errors()).singleElement().asString().startsWith("models/m1.sql:1");

            touch("models/m1.sql", "select 1 as x");
            assertThat(sql(compiler.compile(), "m1")).isEqualTo("select 1 as x");
        }
    }

    private record TestProjectErrors(Compiler compiler) {
        java.util.List<String> errors() {
            try {
                compiler.compile();
                throw new AssertionError("expected the compilation to fail");
            }
            catch (io.strata.project.ProjectException e) {
                return e.errors().stream().map(Object::toString).toList();
            }
        }
    }
}
