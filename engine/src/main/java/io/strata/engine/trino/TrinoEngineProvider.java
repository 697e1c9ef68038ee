package io.strata.engine.trino;

import io.strata.engine.Engine;
import io.strata.engine.EngineProvider;
import io.strata.lake.LakeEndpoints;
import io.strata.project.Profile;

/** Profiles of {@code type: trino}: the local stack's Trino or a remote cluster. */
public final class TrinoEngineProvider implements EngineProvider {
    @Override
    public String type() {
        return "trino";
    }

    @Override
    public Engine open(Profile profile, LakeEndpoints endpoints) {
        return new TrinoEngine(endpoints);
    }
}
