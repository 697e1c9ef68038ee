package io.strata.compile;

import io.strata.project.ModelConfig;
import io.strata.project.Profile;
import io.strata.project.InstalledPackage;
import io.strata.project.ProjectFile;
import io.strata.project.ProjectScanner.ProjectPath;
import io.strata.project.Relation;
import io.strata.template.Invocation;
import io.strata.template.RelationColumns;
import io.strata.template.RenderedTemplate;
import io.strata.template.TemplateInputs;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Renders one compilation's templates with Jinja, taking a file's cached render instead while the file, its
 * base config, the macros and everything templates can see are unchanged.
 */
final class Rendering {
    private final TemplateInputs inputs;
    private final String inputsFingerprint;
    private final Macros macros;
    private final Macros.MacroFiles macroFiles;
    private final FileTexts texts;
    private final CompileCache cache;
    private final AtomicInteger reused = new AtomicInteger();

    Rendering(TemplateInputs inputs, Macros macros, Macros.MacroFiles macroFiles, FileTexts texts, CompileCache cache) {
        this.inputs = inputs;
        this.inputsFingerprint = Fingerprint.of(inputs);
        this.macros = macros;
        this.macroFiles = macroFiles;
        this.texts = texts;
        this.cache = cache;
    }

    /** Renders every model and snapshot once, in parallel; the render's diagnostics go to {@code diagnostics}. */
    Map<String, RenderedTemplate> renderModels(List<BaseConfigs.ModelDraft> models, Parallel parallel, Diagnostics diagnostics) {
        List<RenderedTemplate> results = parallel.map(models, draft -> {
            if (draft.snapshot().isPresent()) {
                // The cache keeps one render per file, and a file may hold several snapshots: they are rendered each time.
                return macros.environment(macroFiles).render(inputs, draft.file().path(), draft.snapshot().get().template(),
                        Optional.of(draft.name()), draft.baseConfig());
            }
            Optional<RenderedTemplate> cached = cache.render(draft.file(), draft.baseConfig(), inputsFingerprint, macroFiles.stamp());
            if (cached.isPresent()) {
                reused.incrementAndGet();
                return cached.get();
            }
            return render(draft.file(), Optional.of(draft.name()), draft.baseConfig());
        });
        Map<String, RenderedTemplate> rendered = new HashMap<>();
        for (int i = 0; i < models.size(); i++) {
            RenderedTemplate result = results.get(i);
            rendered.put(models.get(i).name(), result);
            diagnostics.addAll(result.diagnostics());
        }
        return rendered;
    }

    /** Renders a singular test (no asset of its own, no base config). */
    RenderedTemplate renderTest(ProjectPath file) {
        return cache.render(file, ModelConfig.EMPTY, inputsFingerprint, macroFiles.stamp())
                .orElseGet(() -> render(file, Optional.empty(), ModelConfig.EMPTY));
    }

    /** Renders a template that no file holds (a generic test's call), with extra variables; never cached. */
    RenderedTemplate renderText(String path, String text, Map<String, Object> variables) {
        return macros.environment(macroFiles).render(inputs, path, text, Optional.empty(), ModelConfig.EMPTY, variables);
    }

    /**
     * Renders a model's hook with the model's context ({@code this}, its config), as dbt renders it when it runs; never
     * cached (the model's memo keeps the result).
     */
    RenderedTemplate renderHook(String path, String text, String modelName, ModelConfig config) {
        return macros.environment(macroFiles).render(inputs, path, text, Optional.of(modelName), config);
    }

    /** Whether the project or a package defines that custom generic test ({@code name} or {@code package.name}). */
    boolean hasGenericTest(String name) {
        return macros.environment(macroFiles).hasGenericTest(name);
    }

    /**
     * Renders a model once more with what {@code changeInputs} makes of the inputs and {@code changeText} of its text (a
     * unit test's overrides), never from or into the cache.
     */
    RenderedTemplate renderModel(BaseConfigs.ModelDraft draft, java.util.function.UnaryOperator<TemplateInputs> changeInputs,
                                 java.util.function.UnaryOperator<String> changeText) {
        Outcome<String> text = texts.read(draft.file());
        if (text.value() == null) {
            return new RenderedTemplate("", List.of(), List.of(), Map.of(), text.errors());
        }
        return macros.environment(macroFiles).render(changeInputs.apply(inputs), draft.file().path(), changeText.apply(text.value()),
                Optional.of(draft.name()), draft.baseConfig());
    }

    /** How many models were taken from the cache rather than rendered. */
    int reused() {
        return reused.get();
    }

    private RenderedTemplate render(ProjectPath file, Optional<String> assetName, ModelConfig baseConfig) {
        Outcome<String> text = texts.read(file);
        if (text.value() == null) {
            return new RenderedTemplate("", List.of(), List.of(), Map.of(), text.errors());
        }
        RenderedTemplate result = macros.environment(macroFiles).render(inputs, file.path(), text.value(), assetName, baseConfig);
        if (result.reusable()) {
            // A render that printed invocation_id or the time is made anew each compilation, as dbt's is.
            cache.keepRender(file, baseConfig, inputsFingerprint, macroFiles.stamp(), result);
        }
        return result;
    }

    /** The variables templates see: the installed packages', overlaid by the project file's, overlaid by {@code --vars}. */
    Map<String, Object> vars() {
        return inputs.vars();
    }

    /** Everything a template sees besides its own text and config. */
    static TemplateInputs inputs(ProjectFile projectFile, List<InstalledPackage> packages, Profile target, Map<String, Object> vars,
                                 Map<List<String>, ProjectProperties.SourceTable> sourceTables, Map<String, Relation> relations,
                                 Set<String> existingAssets, boolean fullRefresh, Map<String, String> docs, Invocation invocation,
                                 RelationColumns columns) {
        Map<String, Object> allVars = new LinkedHashMap<>();
        packages.forEach(installed -> allVars.putAll(installed.project().vars()));
        allVars.putAll(projectFile.vars());
        allVars.putAll(vars);
        Map<List<String>, Relation> sources = new HashMap<>();
        sourceTables.forEach((key, entry) -> sources.put(key, new Relation(entry.source().schema(), entry.table().identifier())));
        return new TemplateInputs(projectFile.name(), allVars, target, sources, relations, existingAssets, fullRefresh, docs, invocation, columns);
    }
}
