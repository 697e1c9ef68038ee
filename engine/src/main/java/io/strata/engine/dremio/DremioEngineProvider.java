package io.strata.engine.dremio;

import io.strata.engine.Engine;
import io.strata.engine.EngineProvider;
import io.strata.lake.LakeEndpoints;
import io.strata.project.Profile;

/** Profiles of {@code type: dremio}: a Dremio cluster over a Nessie source (see {@link DremioSettings}). */
public final class DremioEngineProvider implements EngineProvider {
    @Override
    public String type() {
        return "dremio";
    }

    @Override
    public Engine open(Profile profile, LakeEndpoints endpoints) {
        return new DremioEngine(DremioSettings.from(profile, System::getenv), endpoints);
    }
}
