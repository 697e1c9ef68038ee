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
 */
public record ServerSettings(Path project, CompileOptions options, String host, int port, Optional<String> token) {
    public ServerSettings {
        requireNonNull(project, "project");
        requireNonNull(options, "options");
        requireNonNull(host, "host");
        requireNonNull(token, "token");
    }

    /** Settings checked as the server needs them: bound beyond the loopback address, a token is required. */
    public static ServerSettings of(Path project, CompileOptions options, String host, int port, Optional<String> token) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, not " + port);
        }
        if (!isLoopback(host) && token.isEmpty()) {
            throw new IllegalArgumentException("bound to " + host + ", every request needs a token: set " + ServeCommand.TOKEN_VARIABLE
                    + " (or bind 127.0.0.1)");
        }
        return new ServerSettings(project, options, host, port, token);
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
