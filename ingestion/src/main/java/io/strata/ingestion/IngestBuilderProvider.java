package io.strata.ingestion;

import io.strata.lake.LakeEndpoints;
import io.strata.run.AssetBuilder;
import io.strata.run.AssetBuilderProvider;

/** Puts bronze ingestion into every run of a workspace that has this module on its class path. */
public final class IngestBuilderProvider implements AssetBuilderProvider {
    @Override
    public AssetBuilder open(LakeEndpoints endpoints) {
        return new IngestBuilder(endpoints);
    }
}
