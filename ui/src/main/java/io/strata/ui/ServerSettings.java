package io.strata.ui;

import io.strata.compile.CompileOptions;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What {@code strata serve} was started with.
 *
 * @param token the access token every request must carry; empty only when bound to the loopback address
 * @param schedules whether the server fires the project's schedules and sensors
 */
public record ServerSettings(Path project, CompileOptions options, String host, int port, Optional<String> token, Schedules schedules) {
    /** What the server does with the schedules and sensors of the project file. */
    public enum Schedules {
        /** Fires none (a server for the UI and the API only; another server fires them). */
        OFF,
        /** Fires them; the server does not start while one is invalid. */
        ON,
        /** Fires the valid ones and says which were left out ({@code --ignore-invalid-schedules}). */
        IGNORE_INVALID
    }

    public ServerSettings {
        requireNonNull(project, "project");
        requireNonNull(options, "options");
        requireNonNull(host, "host");
        requireNonNull(token, "token");
        requireNonNull(schedules, "schedules");
    }

    /** The same settings with the schedules fired as {@code mode} says. */
    public ServerSettings withSchedules(Schedules mode) {
        return new ServerSettings(project, options, host, port, token, mode);
    }

    /**
     * Settings checked as the server needs them: bound beyond the loopback address, a token is required. The schedules
     * are {@link Schedules#OFF off} until {@link #withSchedules} turns them on.
     */
    public static ServerSettings of(Path project, CompileOptions options, String host, int port, Optional<String> token) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, not " + port);
        }
        if (!isLoopback(host) && token.isEmpty()) {
            throw new IllegalArgumentException("bound to " + host + ", every request needs a token: set " + ServeCommand.TOKEN_VARIABLE
                    + " (or bind 127.0.0.1)");
        }
        return new ServerSettings(project, options, host, port, token, Schedules.OFF);
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + host + " is not an address of this machine", e);
        }
    }
}
