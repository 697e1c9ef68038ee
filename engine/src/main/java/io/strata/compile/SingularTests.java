package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.project.Location;
import io.strata.project.ModelConfig;
import io.strata.project.ProjectScanner.ProjectPath;
import io.strata.project.Relation;
import io.strata.template.Placeholders;
import io.strata.template.RenderedTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders the singular tests, in the engine's dialect, and attaches each to the assets it reads. */
final class SingularTests {
    private SingularTests() {
    }

    static List<SingularTest> compile(List<ProjectPath> files, Rendering rendering, References references,
                                      Map<AssetKey, Asset> assets, DialectRewriting dialect, List<DialectRewrite> rewrites,
                                      Diagnostics diagnostics) {
        List<SingularTest> tests = new ArrayList<>();
        for (ProjectPath file : files) {
            RenderedTemplate result = rendering.renderTest(file);
            diagnostics.addAll(result.diagnostics());
            Set<AssetKey> deps = references.testDependencies(result, file.path(), diagnostics::add);
            String sql = Placeholders.resolve(result.text(), name -> assets.containsKey(AssetKey.of(name))
                    ? assets.get(AssetKey.of(name)).relation().map(Relation::render).orElse(name) : name);
            DialectRewriting.Result bridged = dialect.rewrite(file, sql);
            diagnostics.addAll(bridged.warnings());
            rewrites.addAll(bridged.rewrites());
            tests.add(new SingularTest(file.stem(), Location.of(file.path()), bridged.sql(), deps, new ModelConfig(result.config())));
        }
        return tests;
    }
}
