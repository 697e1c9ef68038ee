package io.strata.compile;

import io.strata.api.AssetDefinitions;
import io.strata.api.AssetKey;
import io.strata.api.AssetSpec;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CodeAssetTest {
    @TempDir
    Path root;

    private static AssetDefinitions definitions(AssetSpec... specs) {
        return () -> List.of(specs);
    }

    @Test
    void aJavaAssetJoinsTheGraphNextToSqlModels() {
        AssetSpec forecast = new AssetSpec(AssetKey.of("demand_forecast"), Set.of(AssetKey.of("orders")),
                "Demand forecast from a Java model", Optional.of("gold"), Set.of("ml"));
        CompiledProject project = TestProject.in(root)
                .file("models/silver/orders.sql", "select 1 as id")
                .with(definitions(forecast))
                .compile();

        Asset asset = project.graph().require(AssetKey.of("demand_forecast"));
        assertThat(asset.kind()).isEqualTo(AssetKind.CODE);
        assertThat(asset.layer()).contains("gold");
        assertThat(project.graph().parents(asset.key())).containsExactly(AssetKey.of("orders"));
        assertThat(project.graph().children(AssetKey.of("orders"))).contains(AssetKey.of("demand_forecast"));
    }

    @Test
    void aJavaAssetWithAnUnknownDependencyIsAnError() {
        var errors = TestProject.in(root).with(definitions(AssetSpec.of("score", AssetKey.of("ordrs")))).errors();

        assertThat(errors).singleElement().asString().contains("Java asset 'score' depends on 'ordrs', which is not an asset of this project");
    }

    @Test
    void javaAssetsOfAnotherProjectStayOutOfTheGraph() {
        AssetDefinitions theirs = new AssetDefinitions() {
            @Override
            public List<AssetSpec> assets() {
                return List.of(AssetSpec.of("their_score", AssetKey.of("their_orders")));
            }

            @Override
            public Optional<String> project() {
                return Optional.of("someone_else");
            }
        };
        CompiledProject project = TestProject.in(root).file("models/silver/orders.sql", "select 1 as id").with(theirs).compile();

        assertThat(project.graph().asset(AssetKey.of("their_score"))).isEmpty();
    }

    @Test
    void theCompiledProjectCarriesTheProjectVariablesOverlaidByTheCommandLines() {
        CompiledProject project = TestProject.in(root)
                .file("strata.yml", "name: shop\nvars:\n  horizon_days: 90\n  region: eu\n")
                .file("models/silver/orders.sql", "select 1 as id")
                .options(CompileOptions.defaults().withVars(java.util.Map.of("horizon_days", 30)))
                .compile();

        assertThat(project.vars()).containsEntry("horizon_days", 30).containsEntry("region", "eu");
    }

    @Test
    void aJarsJavaAssetsAreAskedForOncePerCompilationAndKeepTheirClassAsLocation() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        AssetDefinitions counted = () -> {
            asked.incrementAndGet();
            return List.of(AssetSpec.builder("score").deps("orders").alsoProduces("score_bands").build());
        };
        CompiledProject project = TestProject.in(root).file("models/silver/orders.sql", "select 1 as id").with(counted).compile();

        assertThat(asked).hasValue(1);
        assertThat(project.graph().require(AssetKey.of("score")).location().toString()).startsWith("java:io.strata.compile.CodeAssetTest");
    }
}
