package io.strata.project;

import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.graph.Asset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.strata.compile.TestProject.asset;
import static org.assertj.core.api.Assertions.assertThat;

class ConfigPrecedenceTest {
    @TempDir
    Path root;

    private TestProject project() {
        return TestProject.empty(root)
                .file("strata.yml", """
                        name: shop
                        models:
                          +tags: [everything]
                          silver:
                            +materialized: table
                            +tags: [silver]
                            finance:
                              +schema: finance
                        """);
    }

    @Test
    void theDefaultMaterializationIsView() {
        CompiledProject compiled = project().file("models/m.sql", "select 1").compile();

        assertThat(asset(compiled, "m").materialization()).isEqualTo(Materialization.VIEW);
    }

    @Test
    void folderConfigAppliesToEverythingBelowTheFolder() {
        CompiledProject compiled = project().file("models/silver/finance/invoices.sql", "select 1").compile();

        Asset invoices = asset(compiled, "invoices");
        assertThat(invoices.materialization()).isEqualTo(Materialization.TABLE);
        assertThat(invoices.relation().orElseThrow().render()).isEqualTo("finance.invoices");
        assertThat(invoices.tags()).containsExactlyInAnyOrder("everything", "silver");
    }

    @Test
    void yamlConfigOverridesFolderConfigAndInFileConfigOverridesBoth() {
        CompiledProject compiled = project()
                .file("models/silver/a.sql", "select 1")
                .file("models/silver/b.sql", "{{ config(materialized='incremental', tags=['hourly']) }}\nselect 1")
                .file("models/silver/schema.yml", """
                        version: 2
                        models:
                          - name: a
                            config: {materialized: view}
                          - name: b
                            config: {materialized: ephemeral, tags: [yaml]}
                        """)
                .compile();

        assertThat(asset(compiled, "a").materialization()).isEqualTo(Materialization.VIEW);
        assertThat(asset(compiled, "b").materialization()).isEqualTo(Materialization.INCREMENTAL);
        assertThat(asset(compiled, "b").tags()).containsExactlyInAnyOrder("everything", "silver", "yaml", "hourly");
    }

    @Test
    void theLayerIsTheFirstFolderUnlessConfigNamesOne() {
        CompiledProject compiled = project()
                .file("models/silver/finance/invoices.sql", "select 1")
                .file("models/marts/kpis.sql", "{{ config(layer='gold') }}\nselect 1")
                .file("models/top.sql", "select 1")
                .compile();

        assertThat(asset(compiled, "invoices").layer()).contains("silver");
        assertThat(asset(compiled, "kpis").layer()).contains("gold");
        assertThat(asset(compiled, "kpis").relation().orElseThrow().schema()).isEqualTo("gold");
        assertThat(asset(compiled, "top").layer()).isEmpty();
        assertThat(asset(compiled, "top").relation().orElseThrow().schema()).isEqualTo(Profile.DEFAULT_SCHEMA);
    }

    @Test
    void aDisabledModelIsLeftOutOfTheGraph() {
        CompiledProject compiled = project()
                .file("models/old.sql", "{{ config(enabled=false) }}\nselect 1")
                .file("models/new.sql", "select 1")
                .compile();

        assertThat(compiled.graph().assets()).extracting(Asset::name).containsExactly("new");
    }
}
