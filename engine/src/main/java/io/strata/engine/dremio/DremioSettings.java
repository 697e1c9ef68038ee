package io.strata.engine.dremio;

import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.Profile;
import io.strata.project.ProjectException;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * How Strata reaches a Dremio: its Arrow Flight address, who it logs in as and the Nessie source it writes.
 * Secrets come from the environment variable the profile names ({@code password_env}, or {@code token_env} for a
 * personal access token), never from the file.
 *
 * @param address {@code grpc+tls://host:32010} (TLS) or {@code grpc://host:32010}
 * @param user the user of a password login (ignored with a token)
 * @param secret the password or the personal access token
 * @param token whether {@code secret} is a personal access token
 * @param source the Nessie source as Dremio names it ({@code nessie_source}, default {@code nessie})
 */
public record DremioSettings(URI address, String user, String secret, boolean token, String source) {
    public static final String DEFAULT_SOURCE = "nessie";
    private static final int DEFAULT_PORT = 32010;

    public DremioSettings {
        requireNonNull(address, "address");
        requireNonNull(user, "user");
        requireNonNull(secret, "secret");
        requireNonNull(source, "source");
    }

    /** The settings of a {@code type: dremio} profile, or a project error saying which key to fix in strata.yml. */
    public static DremioSettings from(Profile profile, Function<String, String> environment) {
        Map<String, Object> settings = profile.settings();
        Object address = settings.get("dremio");
        if (address == null) {
            throw problem("Dremio profile '" + profile.name() + "' needs 'dremio:' (the Arrow Flight address, like grpc+tls://dremio.example.com:32010)");
        }
        URI uri;
        try {
            uri = URI.create(address.toString());
        }
        catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getScheme() == null
                || !java.util.Set.of("grpc", "grpc+tcp", "grpc+tls").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw problem("'dremio: " + address + "' of profile '" + profile.name()
                    + "' is not an Arrow Flight address; write grpc+tls://host:32010 (TLS) or grpc://host:32010");
        }
        boolean hasPassword = settings.containsKey("password_env");
        boolean hasToken = settings.containsKey("token_env");
        if (hasPassword == hasToken) {
            throw problem("Dremio profile '" + profile.name() + "' needs exactly one of 'password_env:' (with 'user:') or 'token_env:'"
                    + " (a personal access token), each naming an environment variable");
        }
        String variable = settings.get(hasToken ? "token_env" : "password_env").toString();
        String secret = environment.apply(variable);
        if (secret == null || secret.isEmpty()) {
            throw problem("profile '" + profile.name() + "' reads its Dremio " + (hasToken ? "token" : "password")
                    + " from the environment variable " + variable + ", which is not set");
        }
        String user = String.valueOf(settings.getOrDefault("user", "strata"));
        String source = String.valueOf(settings.getOrDefault("nessie_source", DEFAULT_SOURCE));
        return new DremioSettings(uri, user, secret, hasToken, source);
    }

    public boolean tls() {
        return address.getScheme().equalsIgnoreCase("grpc+tls");
    }

    public int port() {
        return address.getPort() > 0 ? address.getPort() : DEFAULT_PORT;
    }

    /** The Flight SQL JDBC URL; credentials travel as properties, not in the URL. */
    String jdbcUrl() {
        return "jdbc:arrow-flight-sql://" + address.getHost() + ":" + port() + "/?useEncryption=" + tls();
    }

    Properties connectionProperties() {
        Properties properties = new Properties();
        if (token) {
            properties.setProperty("token", secret);
        }
        else {
            properties.setProperty("user", user);
            properties.setProperty("password", secret);
        }
        return properties;
    }

    @Override
    public String toString() {
        return "DremioSettings[" + address + ", " + (token ? "token" : "user " + user) + ", source " + source + "]";
    }

    private static ProjectException problem(String message) {
        return new ProjectException(Diagnostic.error(Location.of("strata.yml"), message));
    }
}
