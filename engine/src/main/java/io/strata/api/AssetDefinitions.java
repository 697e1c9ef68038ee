package io.strata.api;

import java.util.List;

/**
 * The entry point of a jar of Java assets. Implementations are found with {@link java.util.ServiceLoader}
 * (list the class in {@code META-INF/services/io.strata.api.AssetDefinitions}) and join the asset graph
 * next to the project's SQL models, seeds, sources and ingest assets.
 */
public interface AssetDefinitions {
    List<AssetSpec> assets();
}
