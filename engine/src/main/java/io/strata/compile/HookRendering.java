package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.EphemeralCte;
import io.strata.graph.Hooks;
import io.strata.project.Diagnostic;
import io.strata.project.HookPhase;
import io.strata.project.Location;
import io.strata.project.ModelConfig;
import io.strata.project.Relation;
import io.strata.template.Placeholders;
import io.strata.template.RenderedTemplate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Renders a model's pre- and post-hooks at compile time with the model's context, where dbt renders them when they run:
 * {@code {{ this }}} and {@code {{ ref('x') }}} become the relations the model's SQL names ({@code analytics.orders}),
 * never a catalog, so a hook runs on whichever branch builds the model. What a hook refs is read before the model is built.
 */
final class HookRendering {
    /**
     * @param hooks the statements, rendered and resolved
     * @param deps the models the hooks ref
     */
    record Compiled(Hooks hooks, Set<AssetKey> deps) {
    }

    private final Rendering rendering;
    private final References references;

    HookRendering(Rendering rendering, References references) {
        this.rendering = rendering;
        this.references = references;
    }

    Compiled render(String model, String path, ModelConfig config, Memory.ResolutionContext context, Consumer<Diagnostic> found) {
        Map<HookPhase, List<String>> statements = new EnumMap<>(HookPhase.class);
        Set<AssetKey> deps = new LinkedHashSet<>();
        for (HookPhase phase : HookPhase.values()) {
            List<String> rendered = new ArrayList<>();
            for (String hook : config.hooks(phase)) {
                String text = hook.contains("{{") || hook.contains("{%") ? render(model, path, config, context, phase, hook, deps, found) : hook;
                if (!text.isBlank()) {
                    rendered.add(text.strip());
                }
            }
            statements.put(phase, rendered);
        }
        return new Compiled(new Hooks(statements.get(HookPhase.PRE), statements.get(HookPhase.POST)), deps);
    }

    private String render(String model, String path, ModelConfig config, Memory.ResolutionContext context, HookPhase phase, String hook,
                          Set<AssetKey> deps, Consumer<Diagnostic> found) {
        RenderedTemplate result = rendering.renderHook(path, hook, model, config);
        // The hook's own line numbers mean nothing in the model's file: its text says which hook it is.
        Consumer<Diagnostic> inHook = diagnostic -> found.accept(new Diagnostic(diagnostic.severity(), Location.of(path),
                "in " + phase.key() + " '" + hook.strip() + "': " + diagnostic.message()));
        result.diagnostics().forEach(inHook);
        for (RenderedTemplate.RefCall ref : result.refs()) {
            references.ref(ref, path, context.disabled(), inHook).ifPresent(deps::add);
        }
        return Placeholders.resolve(result.text(), name -> {
            if (context.ephemeral().contains(name)) {
                inHook.accept(Diagnostic.error(Location.of(path), "ref('" + name + "') names an ephemeral model, which has no relation a hook"
                        + " could use; make it a view or a table"));
                return EphemeralCte.name(name);
            }
            Relation relation = context.relations().get(name);
            return relation == null ? name : relation.render();
        });
    }
}
