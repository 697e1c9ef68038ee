package io.strata.lake;

import io.strata.project.StrataException;

/** The lake's catalog or store failed a request or cannot be reached (Nessie down, a branch gone, the object store refusing). */
public final class LakeException extends StrataException {
    public LakeException(String message) {
        super(Kind.ENVIRONMENT, message);
    }

    public LakeException(String message, Throwable cause) {
        super(Kind.ENVIRONMENT, message, cause);
    }

    /**
     * The message of a lost or refused connection among an error's causes (a service died under a command or a
     * request), which is the environment's failure, not Strata's; empty for any other error.
     */
    public static java.util.Optional<String> lostConnection(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException || cause instanceof java.net.http.HttpConnectTimeoutException
                    || cause instanceof java.net.NoRouteToHostException || cause.getClass().getName().equals("org.apache.hc.core5.http.NoHttpResponseException")) {
                String where = error.getMessage() == null ? "" : error.getMessage();
                return java.util.Optional.of(where.isBlank() || where.equals(cause.getMessage()) ? String.valueOf(cause.getMessage())
                        : where + ": " + cause.getMessage());
            }
        }
        return java.util.Optional.empty();
    }
}
