package io.strata.run;

import io.strata.lake.LakeEndpoints;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Makes an {@link AssetBuilder} for a lake; found with {@link ServiceLoader}
 * ({@code META-INF/services/io.strata.run.AssetBuilderProvider}), so a module that builds assets that are not
 * SQL (ingestion, Java assets) joins every run by being on the class path.
 */
public interface AssetBuilderProvider {
    AssetBuilder open(LakeEndpoints endpoints);

    /** A builder from each provider on the class path. */
    static List<AssetBuilder> all(LakeEndpoints endpoints) {
        return ServiceLoader.load(AssetBuilderProvider.class, AssetBuilderProvider.class.getClassLoader()).stream()
                .map(provider -> provider.get().open(endpoints)).toList();
    }
}
