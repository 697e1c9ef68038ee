package io.strata.stack;

import io.strata.lake.LakeEndpoints;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.Profile;
import io.strata.project.ProjectException;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a profile runs. A {@code trino} profile that names its servers is remote:
 * <pre>
 * profiles:
 *   prod:
 *     type: trino
 *     trino: https://trino.example.com
 *     nessie: https://nessie.example.com
 *     s3: https://s3.example.com
 *     user: strata                          # default strata
 *     password_env: TRINO_PASSWORD          # secrets come from the environment, never the file
 *     s3_access_key_env: S3_ACCESS_KEY      # default STRATA_S3_ACCESS_KEY
 *     s3_secret_key_env: S3_SECRET_KEY      # default STRATA_S3_SECRET_KEY
 * </pre>
 * Any other {@code trino} profile (the default {@code local}) runs on the local stack, started or reused.
 *
 * <p>A {@code dremio} profile is always remote: Dremio's Arrow Flight address, the Nessie server Dremio's source
 * reads (Strata makes and merges the run branches there) and the object store; the Dremio credentials are read by
 * the Dremio engine ({@code io.strata.engine.dremio.DremioSettings}):
 * <pre>
 * profiles:
 *   dremio:
 *     type: dremio
 *     dremio: grpc+tls://dremio.example.com:32010   # or grpc://host:32010 without TLS
 *     nessie_source: nessie                        # the Nessie source as Dremio names it
 *     nessie: https://nessie.example.com
 *     s3: https://s3.example.com
 *     user: strata
 *     password_env: DREMIO_PASSWORD                # or token_env: DREMIO_TOKEN, a personal access token
 * </pre>
 */
public final class Profiles {
    private Profiles() {
    }

    public static LakeEndpoints endpoints(Profile profile, Path projectRoot, PrintStream messages) {
        return endpoints(profile, projectRoot, messages, System::getenv);
    }

    static LakeEndpoints endpoints(Profile profile, Path projectRoot, PrintStream messages, Function<String, String> environment) {
        return switch (profile.type()) {
            case "trino" -> isRemote(profile) ? remote(profile, environment) : new LocalStack(StackSettings.forProject(projectRoot, messages)).up();
            case "dremio" -> dremio(profile, environment);
            default -> throw problem(profile, "profile '" + profile.name() + "' has type '" + profile.type() + "'; use trino or dremio");
        };
    }

    public static boolean isRemote(Profile profile) {
        return profile.settings().containsKey("trino");
    }

    private static LakeEndpoints remote(Profile profile, Function<String, String> environment) {
        Map<String, Object> settings = profile.settings();
        return new LakeEndpoints(
                uri(profile, "nessie"), uri(profile, "trino"), uri(profile, "s3"),
                secret(profile, environment, "s3_access_key_env", "STRATA_S3_ACCESS_KEY"),
                secret(profile, environment, "s3_secret_key_env", "STRATA_S3_SECRET_KEY"),
                String.valueOf(settings.getOrDefault("user", "strata")),
                Optional.ofNullable(settings.get("password_env")).map(variable -> secret(profile, environment, "password_env", variable.toString())));
    }

    /** A Dremio profile's lake; the engine's address stands where a Trino profile has Trino's. */
    private static LakeEndpoints dremio(Profile profile, Function<String, String> environment) {
        return new LakeEndpoints(
                uri(profile, "nessie"), uri(profile, "dremio"), uri(profile, "s3"),
                secret(profile, environment, "s3_access_key_env", "STRATA_S3_ACCESS_KEY"),
                secret(profile, environment, "s3_secret_key_env", "STRATA_S3_SECRET_KEY"),
                String.valueOf(profile.settings().getOrDefault("user", "strata")), Optional.empty());
    }

    private static URI uri(Profile profile, String key) {
        Object value = profile.settings().get(key);
        if (value == null) {
            throw problem(profile, "remote profile '" + profile.name() + "' needs '" + key + ":' (the server's URL)");
        }
        try {
            URI uri = URI.create(value.toString());
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        }
        catch (IllegalArgumentException e) {
            throw problem(profile, "'" + key + ": " + value + "' of profile '" + profile.name() + "' is not a URL like https://host:port");
        }
    }

    private static String secret(Profile profile, Function<String, String> environment, String key, String fallbackVariable) {
        String variable = String.valueOf(profile.settings().getOrDefault(key, fallbackVariable));
        String value = environment.apply(variable);
        if (value == null || value.isEmpty()) {
            throw problem(profile, "profile '" + profile.name() + "' reads its secret from the environment variable " + variable
                    + ", which is not set");
        }
        return value;
    }

    private static ProjectException problem(Profile profile, String message) {
        return new ProjectException(Diagnostic.error(Location.of("strata.yml"), message));
    }
}
