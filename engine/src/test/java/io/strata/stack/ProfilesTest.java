package io.strata.stack;

import io.strata.lake.LakeEndpoints;
import io.strata.project.Profile;
import io.strata.project.ProjectException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfilesTest {
    private static final Map<String, String> ENVIRONMENT = Map.of("S3_KEY", "key", "S3_SECRET", "secret", "TRINO_PASSWORD", "pw");

    private static LakeEndpoints endpoints(Map<String, Object> settings) {
        Profile profile = new Profile("prod", "trino", "analytics", settings);
        return Profiles.endpoints(profile, Path.of("."), System.err, ENVIRONMENT::get);
    }

    @Test
    void aTrinoProfileNamingItsServersIsRemoteWithSecretsFromTheEnvironment() {
        LakeEndpoints endpoints = endpoints(Map.of("type", "trino", "trino", "https://trino.example.com", "nessie", "http://nessie:19120",
                "s3", "http://minio:9000", "user", "etl", "password_env", "TRINO_PASSWORD",
                "s3_access_key_env", "S3_KEY", "s3_secret_key_env", "S3_SECRET"));

        assertThat(endpoints.trinoJdbcUrl()).isEqualTo("jdbc:trino://trino.example.com:443?SSL=true");
        assertThat(endpoints.icebergCatalog("run-7")).isEqualTo(URI.create("http://nessie:19120/iceberg/run-7"));
        assertThat(endpoints.accessKey()).isEqualTo("key");
        assertThat(endpoints.secretKey()).isEqualTo("secret");
        assertThat(endpoints.trinoUser()).isEqualTo("etl");
        assertThat(endpoints.trinoPassword()).isEqualTo(Optional.of("pw"));
    }

    @Test
    void aMissingSecretOrAddressIsAClearError() {
        assertThatThrownBy(() -> endpoints(Map.of("trino", "http://t:8080", "nessie", "http://n:19120", "s3", "http://s:9000")))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("reads its secret from the environment variable STRATA_S3_ACCESS_KEY, which is not set");
        assertThatThrownBy(() -> endpoints(Map.of("trino", "http://t:8080", "s3", "http://s:9000")))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("remote profile 'prod' needs 'nessie:'");
        assertThatThrownBy(() -> endpoints(Map.of("trino", "not a url", "nessie", "http://n", "s3", "http://s")))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("is not a URL");
    }

    @Test
    void aDremioProfileIsRemoteWithItsFlightAddressAsTheEngine() {
        Profile profile = new Profile("lake", "dremio", "analytics", Map.of("type", "dremio", "dremio", "grpc+tls://dremio.example.com:32010",
                "nessie", "http://nessie:19120", "s3", "http://minio:9000", "nessie_source", "lakehouse",
                "s3_access_key_env", "S3_KEY", "s3_secret_key_env", "S3_SECRET"));

        LakeEndpoints endpoints = Profiles.endpoints(profile, Path.of("."), System.err, ENVIRONMENT::get);

        assertThat(endpoints.trino()).isEqualTo(URI.create("grpc+tls://dremio.example.com:32010"));
        assertThat(endpoints.icebergCatalog("run-7")).isEqualTo(URI.create("http://nessie:19120/iceberg/run-7"));
        assertThat(endpoints.trinoPassword()).as("Dremio's credentials are the Dremio engine's to read").isEmpty();
    }

    @Test
    void aDremioProfileWithoutItsAddressSaysWhichKeyIsMissing() {
        Profile profile = new Profile("lake", "dremio", "analytics", Map.of("nessie", "http://n:19120", "s3", "http://s:9000"));

        assertThatThrownBy(() -> Profiles.endpoints(profile, Path.of("."), System.err, ENVIRONMENT::get))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("remote profile 'lake' needs 'dremio:'");
    }
}
