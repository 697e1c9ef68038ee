package io.strata.api;

import java.util.List;

/**
 * The entry point of a jar of Java assets. Implementations are found with {@link java.util.ServiceLoader}
 * (list the class in {@code META-INF/services/io.strata.api.AssetDefinitions}) and join the asset graph
 * next to the project's SQL models, seeds, sources and ingest assets.
 */
public interface AssetDefinitions {
    List<AssetSpec> assets();

    /**
     * The project the assets belong to (the {@code name} of its {@code strata.yml}), so that a jar on a shared class
     * path joins only that project's graph; empty (the default) for any project compiled with it on the class path.
     */
    default java.util.Optional<String> project() {
        return java.util.Optional.empty();
    }
}
