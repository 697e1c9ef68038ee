package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.project.CheckDefinition;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.template.RenderedTemplate;
import io.strata.template.Suggestions;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Checks what a template or a data test refers to against the project's names and declared source tables. */
final class References {
    private final String projectName;
    private final Names names;
    private final Set<List<String>> sourceTables;
    private final Set<String> sourceNames = new TreeSet<>();

    References(String projectName, Names names, Set<List<String>> sourceTables) {
        this.projectName = projectName;
        this.names = names;
        this.sourceTables = Set.copyOf(sourceTables);
        sourceTables.forEach(key -> sourceNames.add(key.get(0) + "." + key.get(1)));
    }

    /** What a rendered model reads through {@code ref()} and {@code source()}; a wrong name is an error with a "did you mean". */
    Set<AssetKey> modelDependencies(RenderedTemplate rendered, String path, Set<String> disabled, Consumer<Diagnostic> found) {
        return dependencies(rendered, path, disabled, found, true);
    }

    /** What a rendered singular test reads through {@code ref()} and {@code source()}. */
    Set<AssetKey> testDependencies(RenderedTemplate rendered, String path, Consumer<Diagnostic> found) {
        return dependencies(rendered, path, Set.of(), found, false);
    }

    private Set<AssetKey> dependencies(RenderedTemplate rendered, String path, Set<String> disabled, Consumer<Diagnostic> found,
                                       boolean explainSources) {
        Set<AssetKey> deps = new LinkedHashSet<>();
        for (RenderedTemplate.RefCall ref : rendered.refs()) {
            ref(ref, path, disabled, found).ifPresent(deps::add);
        }
        for (RenderedTemplate.SourceCall call : rendered.sources()) {
            if (sourceTables.contains(List.of(call.source(), call.table()))) {
                deps.add(AssetKey.of(call.source(), call.table()));
            }
            else {
                String message = "source('" + call.source() + "', '" + call.table() + "') is not declared";
                found.accept(Diagnostic.error(new Location(path, call.line(), 0), explainSources
                        ? message + " under 'sources:' in any YAML file" + Suggestions.didYouMean(call.source() + "." + call.table(), sourceNames)
                        : message));
            }
        }
        return deps;
    }

    Optional<AssetKey> ref(RenderedTemplate.RefCall ref, String path, Set<String> disabled, Consumer<Diagnostic> found) {
        Location location = new Location(path, ref.line(), 0);
        if (ref.packageName().isPresent() && !ref.packageName().get().equals(projectName)) {
            found.accept(Diagnostic.error(location, "ref('" + ref.packageName().get() + "', '" + ref.name()
                    + "') names package '" + ref.packageName().get() + "', but this project is '" + projectName
                    + "' and has no installed packages"));
            return Optional.empty();
        }
        if (disabled.contains(ref.name())) {
            found.accept(Diagnostic.error(location, "ref('" + ref.name() + "') points at a model that is disabled (enabled=false)"));
            return Optional.empty();
        }
        if (!names.contains(ref.name())) {
            found.accept(Diagnostic.error(location, "ref('" + ref.name() + "') names no model, seed or asset of this project"
                    + Suggestions.didYouMean(ref.name(), names.all())));
            return Optional.empty();
        }
        return Optional.of(AssetKey.of(ref.name()));
    }

    /** A data test's {@code ref()} and {@code source()} arguments must name what exists. */
    void checkTest(CheckDefinition check, Consumer<Diagnostic> found) {
        for (String name : check.referencedModels()) {
            if (!names.contains(name)) {
                found.accept(Diagnostic.error(check.location(), "test '" + check.test() + "' refers to ref('" + name
                        + "'), which names no model, seed or asset" + Suggestions.didYouMean(name, names.all())));
            }
        }
        for (List<String> table : check.referencedSources()) {
            if (!sourceTables.contains(table)) {
                found.accept(Diagnostic.error(check.location(), "test '" + check.test() + "' refers to source('"
                        + table.get(0) + "', '" + table.get(1) + "'), which is not declared"));
            }
        }
    }
}
