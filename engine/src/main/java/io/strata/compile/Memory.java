package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.project.AssetProperties;
import io.strata.project.Diagnostic;
import io.strata.project.ModelConfig;
import io.strata.project.Relation;
import io.strata.template.RenderedTemplate;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the last successful compilation derived, for reuse when its inputs are unchanged. */
record Memory(ResolutionContext context, Map<String, ModelMemo> models, AssetGraph graph, Map<AssetKey, LintMemo> lints) {
    static final Memory EMPTY = new Memory(null, Map.of(), null, Map.of());

    /** Everything outside a model's own files that its resolution depends on. */
    record ResolutionContext(Map<String, Relation> relations, Set<String> disabled, Set<String> ephemeral,
                             Set<String> names, Set<List<String>> sourceTables) {
    }

    record ModelMemo(RenderedTemplate rendered, ModelConfig baseConfig, Optional<AssetProperties> properties,
                     Asset asset, List<Diagnostic> diagnostics, List<DialectRewrite> rewrites) {
    }

    record LintMemo(Asset asset, String analysisKey, List<Diagnostic> diagnostics) {
    }
}
