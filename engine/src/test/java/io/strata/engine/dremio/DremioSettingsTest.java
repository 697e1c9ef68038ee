package io.strata.engine.dremio;

import io.strata.project.Profile;
import io.strata.project.ProjectException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A {@code type: dremio} profile read into the settings the engine connects with; every mistake names the key to fix. */
class DremioSettingsTest {
    private static final Map<String, String> ENVIRONMENT = Map.of("DREMIO_PASSWORD", "pw", "DREMIO_TOKEN", "pat");

    private static DremioSettings settings(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(Map.of("type", "dremio"));
        all.putAll(values);
        return DremioSettings.from(new Profile("lake", "dremio", "analytics", all), ENVIRONMENT::get);
    }

    @Test
    void aPasswordLoginOverTls() {
        DremioSettings settings = settings(Map.of("dremio", "grpc+tls://dremio.example.com:32010", "user", "etl", "password_env", "DREMIO_PASSWORD",
                "nessie_source", "lakehouse"));

        assertThat(settings.address()).isEqualTo(URI.create("grpc+tls://dremio.example.com:32010"));
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:arrow-flight-sql://dremio.example.com:32010/?useEncryption=true");
        assertThat(settings.connectionProperties()).containsEntry("user", "etl").containsEntry("password", "pw").doesNotContainKey("token");
        assertThat(settings.source()).isEqualTo("lakehouse");
        assertThat(settings.toString()).as("no secret in messages").doesNotContain("pw");
    }

    @Test
    void aTokenLoginInPlainTextOnTheDefaultPort() {
        DremioSettings settings = settings(Map.of("dremio", "grpc://dremio", "token_env", "DREMIO_TOKEN"));

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:arrow-flight-sql://dremio:32010/?useEncryption=false");
        assertThat(settings.connectionProperties()).containsEntry("token", "pat").doesNotContainKey("password");
        assertThat(settings.source()).isEqualTo("nessie");
    }

    @Test
    void mistakesSayWhatToWrite() {
        assertThatThrownBy(() -> settings(Map.of("password_env", "DREMIO_PASSWORD")))
                .isInstanceOf(ProjectException.class).hasMessageContaining("needs 'dremio:'");
        assertThatThrownBy(() -> settings(Map.of("dremio", "https://dremio:9047", "password_env", "DREMIO_PASSWORD")))
                .isInstanceOf(ProjectException.class).hasMessageContaining("not an Arrow Flight address; write grpc+tls://host:32010");
        assertThatThrownBy(() -> settings(Map.of("dremio", "grpc://d:32010", "password_env", "DREMIO_PASSWORD", "token_env", "DREMIO_TOKEN")))
                .isInstanceOf(ProjectException.class).hasMessageContaining("exactly one of 'password_env:'");
        assertThatThrownBy(() -> settings(Map.of("dremio", "grpc://d:32010", "password_env", "UNSET_VARIABLE")))
                .isInstanceOf(ProjectException.class).hasMessageContaining("environment variable UNSET_VARIABLE, which is not set");
    }
}
