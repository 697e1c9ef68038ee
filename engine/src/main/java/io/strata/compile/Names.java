package io.strata.compile;

import io.strata.api.AssetDefinitions;
import io.strata.api.AssetSpec;
import io.strata.graph.Asset;
import io.strata.project.Diagnostic;
import io.strata.project.Location;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every name a {@code ref()} can point at (models, seeds, ingest and Java assets), each unique across kinds. */
final class Names {
    private final Map<String, Location> definedAt = new HashMap<>();
    private final Diagnostics diagnostics;

    private Names(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    static Names define(BaseConfigs configs, List<ProjectProperties.Declared> declared, List<AssetDefinitions> codeAssets,
                        Diagnostics diagnostics) {
        Names names = new Names(diagnostics);
        for (BaseConfigs.ModelDraft model : configs.models()) {
            names.definedAt.putIfAbsent(model.name(), Location.of(model.file().path()));
        }
        for (Asset seed : configs.seeds()) {
            names.define(seed.name(), seed.location(), "seed");
        }
        for (ProjectProperties.Declared entry : declared) {
            names.define(entry.asset().name(), entry.asset().location(), "asset");
        }
        for (AssetDefinitions definitions : codeAssets) {
            for (AssetSpec spec : definitions.assets()) {
                if (spec.key().path().size() == 1) {
                    names.define(spec.key().name(), codeLocation(definitions), "Java asset");
                }
                for (String produced : spec.alsoProduces()) {
                    names.define(produced, codeLocation(definitions), "Java asset");
                }
            }
        }
        return names;
    }

    /** Where Java assets are said to be defined: their class. */
    static Location codeLocation(AssetDefinitions definitions) {
        // A lambda's class is named after the class that wrote it.
        Class<?> type = definitions instanceof Compiler.LoadedDefinitions loaded ? loaded.source().getClass() : definitions.getClass();
        return Location.of("java:" + type.getName().replaceAll("\\$\\$Lambda.*$", ""));
    }

    boolean contains(String name) {
        return definedAt.containsKey(name);
    }

    /** Every defined name, as a view. */
    Set<String> all() {
        return Collections.unmodifiableSet(definedAt.keySet());
    }

    private void define(String name, Location location, String kind) {
        Location previous = definedAt.putIfAbsent(name, location);
        if (previous != null) {
            diagnostics.add(Diagnostic.error(location, kind + " '" + name + "' has the same name as the asset defined at "
                    + previous + "; names must be unique across models, seeds and assets"));
        }
    }
}
