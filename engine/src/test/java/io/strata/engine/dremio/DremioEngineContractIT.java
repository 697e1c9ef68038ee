package io.strata.engine.dremio;

import io.strata.branch.Branches;
import io.strata.branch.NessieBranches;
import io.strata.engine.Engine;
import io.strata.engine.EngineContract;
import io.strata.lake.LakeEndpoints;
import io.strata.project.Profile;
import io.strata.stack.Profiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The engine contract that Trino passes, on a real Dremio when one is given in the environment (the variables of
 * {@link DremioLiveIT}); skipped otherwise, with a line saying so, since CI has no Dremio. Each test runs on a Nessie
 * branch of its own, deleted afterwards.
 */
class DremioEngineContractIT extends EngineContract {
    private static Profile profile;
    private static LakeEndpoints endpoints;
    private DremioEngine engine;
    private NessieBranches branches;
    private String branch;

    @BeforeAll
    static void requireADremio() {
        DremioLiveIT.requireADremio("DremioEngineContractIT");
        profile = DremioLiveIT.profile();
        endpoints = Profiles.endpoints(profile, Path.of("."), System.err);
    }

    @BeforeEach
    void onItsOwnBranch() {
        engine = new DremioEngine(DremioSettings.from(profile, System::getenv), endpoints);
        branches = new NessieBranches(endpoints.nessieApi());
        branch = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        branches.create(branch);
    }

    @AfterEach
    void dropTheBranch() {
        branches.find(branch).ifPresent(found -> branches.delete(branch));
        branches.close();
        engine.close();
    }

    @Override
    protected Engine engine() {
        return engine;
    }

    @Override
    protected Branches branches() {
        return branches;
    }

    @Override
    protected String branch() {
        return branch;
    }

    @Override
    protected Engine unreachableEngine() {
        Map<String, Object> settings = new HashMap<>(profile.settings());
        settings.put("dremio", "grpc://127.0.0.1:1");
        Profile nowhere = new Profile(profile.name(), profile.type(), profile.schema(), settings);
        return new DremioEngine(DremioSettings.from(nowhere, System::getenv), endpoints);
    }
}
