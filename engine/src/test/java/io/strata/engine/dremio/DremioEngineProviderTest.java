package io.strata.engine.dremio;

import io.strata.engine.EngineProvider;
import io.strata.lake.LakeEndpoints;
import io.strata.project.Profile;
import io.strata.project.ProjectException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A {@code type: dremio} profile finds the Dremio engine on the class path, and the engine reads its secret from the environment. */
class DremioEngineProviderTest {
    private final LakeEndpoints endpoints = new LakeEndpoints(URI.create("http://127.0.0.1:1"), URI.create("grpc://127.0.0.1:2"),
            URI.create("http://127.0.0.1:3"), "k", "s", "strata", Optional.empty());

    @Test
    void aDremioProfileGetsTheDremioEngine() {
        // Any variable that is set will do as the password: nothing connects here.
        Profile profile = new Profile("lake", "dremio", "analytics", Map.of("dremio", "grpc://127.0.0.1:2", "password_env", "PATH"));

        EngineProvider provider = EngineProvider.forProfile(profile);

        assertThat(provider).isInstanceOf(DremioEngineProvider.class);
        try (var engine = provider.open(profile, endpoints)) {
            assertThat(engine.description()).isEqualTo("Dremio at grpc://127.0.0.1:2 (Nessie source nessie)");
            assertThat(engine.lake()).contains(endpoints);
        }
    }

    @Test
    void anUnsetSecretIsAProjectErrorNamingTheVariable() {
        Profile profile = new Profile("lake", "dremio", "analytics", Map.of("dremio", "grpc://127.0.0.1:2", "token_env", "STRATA_TEST_UNSET_DREMIO_TOKEN"));

        assertThatThrownBy(() -> EngineProvider.forProfile(profile).open(profile, endpoints))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("STRATA_TEST_UNSET_DREMIO_TOKEN, which is not set");
    }
}
