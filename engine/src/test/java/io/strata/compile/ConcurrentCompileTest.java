package io.strata.compile;

import io.strata.graph.Asset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One compiler shared by threads, as a server shares it: each compilation, however they overlap, gives the whole project. */
class ConcurrentCompileTest {
    private static final int THREADS = 6;
    /** More than the 64 that make rendering and SQL reading run on the compiler's pool. */
    private static final int MODELS = 80;
    /** The numbered models, the ephemeral {@code priced} and {@code direct}. */
    private static final int ALL_MODELS = MODELS + 2;

    @TempDir
    Path root;

    private TestProject project() {
        TestProject project = TestProject.in(root)
                .file("macros/cents.sql", "{% macro euros(column) %}{{ column }} / 100.0{% endmacro %}")
                .file("models/sources.yml", """
                        sources:
                          - name: crm
                            tables:
                              - name: orders
                        models:
                          - name: m0
                            description: the first model
                        """)
                .file("models/priced.sql", "{{ config(materialized='ephemeral') }}\nselect id, {{ euros('cents') }} as eur from {{ source('crm', 'orders') }}")
                .file("models/direct.sql", "select * from crm.accounts")
                .file("tests/no_negatives.sql", "select * from {{ ref('m" + (MODELS - 1) + "') }} where eur < 0");
        for (int i = 0; i < MODELS; i++) {
            String from = i == 0 ? "{{ ref('priced') }}" : "{{ ref('m" + (i - 1) + "') }}";
            project.file("models/layer" + i % 3 + "/m" + i + ".sql", "select id, eur + " + i + " as eur from " + from);
        }
        return project;
    }

    @Test
    void compilationsStartedTogetherFromSeveralThreadsEachGiveTheWholeProject() throws Exception {
        TestProject project = project();
        CompiledProject alone = project.compile();
        assertThat(alone.models()).hasSize(ALL_MODELS);

        try (Compiler shared = compilerWithCacheFile(); ExecutorService threads = Executors.newFixedThreadPool(THREADS)) {
            // The first round starts with nothing cached, the later ones reuse what the earlier ones kept.
            for (int round = 0; round < 3; round++) {
                CyclicBarrier start = new CyclicBarrier(THREADS);
                List<Future<CompiledProject>> compilations = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    compilations.add(threads.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return shared.compile();
                    }));
                }
                for (Future<CompiledProject> compilation : compilations) {
                    CompiledProject together = compilation.get(60, TimeUnit.SECONDS);
                    assertThat(together.models()).hasSize(ALL_MODELS);
                    assertThat(compiledSql(together)).isEqualTo(compiledSql(alone));
                    assertThat(together.singularTests()).isEqualTo(alone.singularTests());
                    assertThat(together.warnings()).isEqualTo(alone.warnings());
                }
            }
        }

        // The cache file they left is whole: a new process takes every render from it.
        try (Compiler next = compilerWithCacheFile()) {
            CompiledProject fromCache = next.compile();
            assertThat(fromCache.reused()).isEqualTo(ALL_MODELS);
            assertThat(compiledSql(fromCache)).isEqualTo(compiledSql(alone));
        }
    }

    private Compiler compilerWithCacheFile() {
        return new Compiler(root, CompileOptions.defaults(), List.of(), List.of(), Optional.of(root.resolve(Compiler.CACHE_FILE)));
    }

    private static Map<String, String> compiledSql(CompiledProject project) {
        Map<String, String> sql = new TreeMap<>();
        for (Asset model : project.models()) {
            sql.put(model.name(), model.sql().orElseThrow());
        }
        return sql;
    }
}
