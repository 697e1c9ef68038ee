package io.strata.compile;

import io.strata.project.ProjectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.strata.compile.TestProject.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compile cache on disk: a new process reuses what an earlier one derived, and never anything stale. */
class CompileCacheTest {
    @TempDir
    Path root;

    private Path cacheFile() {
        return root.resolve(Compiler.CACHE_FILE);
    }

    /** The models name a column of no relation ({@code x}): what is cached here are renders, so column names are not checked. */
    private static final CompileOptions TEMPLATES_ONLY = CompileOptions.defaults().withValidation(false);

    private TestProject project() {
        TestProject project = TestProject.in(root)
                .file("macros/m.sql", "{% macro amount() %}{{ var('factor', 1) }} * x{% endmacro %}")
                .file("tests/no_negatives.sql", "select * from {{ ref('m0') }} where x < 0");
        for (int i = 0; i < 4; i++) {
            project.file("models/m" + i + ".sql", "select {{ amount() }} as x" + (i > 0 ? " from {{ ref('m" + (i - 1) + "') }}" : ""));
        }
        return project;
    }

    /** A compiler as a new CLI process makes it: nothing in memory, the cache file on disk. */
    private CompiledProject compileInNewProcess(CompileOptions options) {
        try (Compiler compiler = new Compiler(root, options, List.of(), List.of(), Optional.of(cacheFile()))) {
            return compiler.compile();
        }
    }

    private CompiledProject compileInNewProcess() {
        return compileInNewProcess(TEMPLATES_ONLY);
    }

    private void edit(String path, String text) throws IOException {
        Files.writeString(root.resolve(path), text);
        Files.setLastModifiedTime(root.resolve(path), FileTime.from(Instant.now().plusSeconds(10)));
    }

    @Test
    void aModelsExportsComeBackFromTheCacheAsWritten() {
        project().file("models/m0.yml", """
                models:
                  - name: m0
                    exports:
                      - jdbc: {url: "jdbc:postgresql://db:5432/dash", user: dash, password: "${DASH_PASSWORD}"}
                        table: public.m0
                        mode: upsert
                        key: [x]
                """);
        List<io.strata.project.Export> written = compileInNewProcess().graph().require(io.strata.api.AssetKey.of("m0")).exports();

        CompiledProject cached = compileInNewProcess();

        assertThat(cached.reused()).isPositive();
        assertThat(written).singleElement().extracting(io.strata.project.Export::password).isEqualTo("${DASH_PASSWORD}");
        assertThat(cached.graph().require(io.strata.api.AssetKey.of("m0")).exports()).isEqualTo(written);
    }

    @Test
    void aNewProcessReusesEveryRenderOfAnUnchangedProject() {
        project();
        CompiledProject first = compileInNewProcess();
        assertThat(first.reused()).isZero();
        assertThat(cacheFile()).exists();

        CompiledProject second = compileInNewProcess();

        assertThat(second.reused()).isEqualTo(4);
        assertThat(sql(second, "m3")).isEqualTo(sql(first, "m3"));
        assertThat(second.singularTests().getFirst().sql()).isEqualTo(first.singularTests().getFirst().sql());
    }

    @Test
    void aModelThatPrintsTheRunsStartOrInvocationIsRenderedAnewEachCompilation() {
        project();
        project().file("macros/stamp.sql", "{% macro stamp() %}'{{ invocation_id }}'{% endmacro %}")
                .file("models/started.sql", "select '{{ run_started_at }}' as started")
                .file("models/stamped.sql", "select {{ stamp() }} as invocation");
        CompiledProject first = compileInNewProcess();

        CompiledProject second = compileInNewProcess();

        assertThat(second.reused()).isEqualTo(4);
        assertThat(sql(second, "started")).isNotEqualTo(sql(first, "started"));
        assertThat(sql(second, "stamped")).isNotEqualTo(sql(first, "stamped"));
    }

    @Test
    void anEditedDocsBlockRendersTheModelsThatReadItAgain() throws IOException {
        project().file("models/orders.md", "{% docs orders %}One row per order.{% enddocs %}")
                .file("models/orders.sql", "select 1 as x -- {{ doc('orders') }}");
        compileInNewProcess();
        edit("models/orders.md", "{% docs orders %}One row per placed order.{% enddocs %}");

        CompiledProject second = compileInNewProcess();

        assertThat(sql(second, "orders")).isEqualTo("select 1 as x -- One row per placed order.");
    }

    @Test
    void anEditedModelIsRenderedAgainAndTheOthersAreReused() throws IOException {
        project();
        compileInNewProcess();
        edit("models/m2.sql", "select 2 as x from {{ ref('m1') }}");

        CompiledProject second = compileInNewProcess();

        assertThat(second.reused()).isEqualTo(3);
        assertThat(sql(second, "m2")).isEqualTo("select 2 as x from analytics.m1");
    }

    @Test
    void changedVarsOrMacrosInvalidateEveryRender() throws IOException {
        project();
        compileInNewProcess();

        CompiledProject withVars = compileInNewProcess(TEMPLATES_ONLY.withVars(Map.of("factor", 3)));
        assertThat(withVars.reused()).isZero();
        assertThat(sql(withVars, "m0")).isEqualTo("select 3 * x as x");

        edit("macros/m.sql", "{% macro amount() %}2 * x{% endmacro %}");
        CompiledProject withMacro = compileInNewProcess();
        assertThat(withMacro.reused()).isZero();
        assertThat(sql(withMacro, "m0")).isEqualTo("select 2 * x as x");
    }

    @Test
    void aChangedSchemaElsewhereChangesTheCompiledRefEvenForAnUnchangedModel() throws IOException {
        project();
        compileInNewProcess();
        edit("models/m0.sql", "{{ config(schema='finance') }}\nselect 1 as x");

        CompiledProject second = compileInNewProcess();

        assertThat(sql(second, "m1")).isEqualTo("select 1 * x as x from finance.m0");
    }

    @Test
    void aCorruptCacheIsIgnored() throws IOException {
        project();
        compileInNewProcess();
        Files.write(cacheFile(), new byte[] {1, 2, 3, 4});

        CompiledProject second = compileInNewProcess();

        assertThat(second.reused()).isZero();
        assertThat(sql(second, "m0")).isEqualTo("select 1 * x as x");
    }

    @Test
    void aFailedCompilationWritesNoCache() {
        project().file("models/broken.sql", "select * from {{ ref('nope') }}");

        assertThatThrownBy(this::compileInNewProcess).isInstanceOf(ProjectException.class);

        assertThat(root.resolve("target")).doesNotExist();
    }

    @Test
    void warningsAreReportedAgainFromTheCache() {
        project().file("models/direct.sql", "select * from crm.accounts");
        CompiledProject first = compileInNewProcess();

        CompiledProject second = compileInNewProcess();

        assertThat(first.warnings()).hasSize(1);
        assertThat(second.warnings()).isEqualTo(first.warnings());
    }
}
