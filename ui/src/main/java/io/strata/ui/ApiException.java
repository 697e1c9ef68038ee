package io.strata.ui;

import org.springframework.http.HttpStatus;

import static java.util.Objects.requireNonNull;

/**
 * A request the REST API refuses on its own account, before or after the workspace answered (a parameter out of range,
 * a selection that picks nothing, a merge its checks refused): answered with {@code status} and {@code error}.
 */
public final class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final ApiError error;

    public ApiException(HttpStatus status, ApiError error) {
        super(error.message());
        this.status = requireNonNull(status, "status");
        this.error = requireNonNull(error, "error");
    }

    /** A request that is wrong: 400 with {@code bad_request}. */
    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, new ApiError("bad_request", message, null));
    }

    public HttpStatus status() {
        return status;
    }

    public ApiError error() {
        return error;
    }
}
