package io.strata.ui;

import io.strata.lake.LakeException;
import io.strata.project.Diagnostic;
import io.strata.project.ProjectException;
import io.strata.project.StrataException;
import io.strata.select.SelectionException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Errors as JSON ({@link ApiError}), each kind of {@link StrataException} with its HTTP status: the request or the
 * project wrong 400 (a project that does not compile 422, with the file and line), not found 404, a conflict, failing
 * checks or a cancelled run 409, the environment down 503, a fault of Strata 500.
 */
@RestControllerAdvice
public class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(StrataException.class)
    ResponseEntity<ApiError> strata(StrataException e) {
        if (e.kind() == StrataException.Kind.INTERNAL) {
            LOG.error("internal error", e);
        }
        return answer(status(e), error(e));
    }

    /**
     * A connection lost under a request (Nessie, the object store or the engine died) is the environment's failure:
     * 503 with what stopped answering, without a trace in the log. Anything else is a fault of Strata: 500, logged.
     */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ApiError> unexpected(RuntimeException e) {
        if (e instanceof org.springframework.web.ErrorResponse response) {
            // Spring's own answers (a status a controller raised, …) keep their status and words.
            HttpStatus status = HttpStatus.valueOf(response.getStatusCode().value());
            String error = switch (status) {
                case NOT_FOUND -> "not_found";
                case CONFLICT -> "conflict";
                default -> status.is4xxClientError() ? "bad_request" : "internal";
            };
            return answer(status, new ApiError(error, String.valueOf(response.getBody().getDetail()), null));
        }
        Optional<String> lost = LakeException.lostConnection(e);
        if (lost.isPresent()) {
            return answer(HttpStatus.SERVICE_UNAVAILABLE, new ApiError("environment", "a service of the lakehouse stopped answering ("
                    + lost.get() + "); on the local stack, the next request starts it again", null));
        }
        LOG.error("internal error", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, new ApiError("internal", "internal error: " + e, null));
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException e) {
        return answer(e.status(), e.error());
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class, IllegalArgumentException.class})
    ResponseEntity<ApiError> badRequest(Exception e) {
        return answer(HttpStatus.BAD_REQUEST, new ApiError("bad_request", e.getMessage(), null));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return answer(HttpStatus.BAD_REQUEST, new ApiError("bad_request", "the request body is not the JSON this call takes: "
                + e.getMostSpecificCause().getMessage(), null));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> noResource(NoResourceFoundException e) {
        return answer(HttpStatus.NOT_FOUND, new ApiError("not_found", "no such page or endpoint: /" + e.getResourcePath(), null));
    }

    /** JSON whatever the request accepts: an error of a live stream ({@code Accept: text/event-stream}) is still read as JSON. */
    private static ResponseEntity<ApiError> answer(HttpStatus status, ApiError error) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(error);
    }

    /** The status a kind of error answers with. */
    static HttpStatus status(StrataException e) {
        if (e instanceof ProjectException) {
            return HttpStatus.UNPROCESSABLE_CONTENT;
        }
        return switch (e.kind()) {
            case PROJECT -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ENVIRONMENT -> HttpStatus.SERVICE_UNAVAILABLE;
            case CONFLICT, CHECKS_FAILED, CANCELLED -> HttpStatus.CONFLICT;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    static ApiError error(StrataException e) {
        if (e instanceof ProjectException project) {
            Diagnostic first = project.errors().isEmpty() ? project.diagnostics().getFirst() : project.errors().getFirst();
            return new ApiError("project", e.getMessage(), first.location().toString());
        }
        if (e instanceof SelectionException selection) {
            String where = selection.option().isPresent() && selection.position().isPresent()
                    ? selection.option().get() + ":" + selection.position().getAsInt() : null;
            return new ApiError("selection", e.getMessage(), where);
        }
        return new ApiError(e.kind().name().toLowerCase(Locale.ROOT), e.getMessage(), null);
    }

    /** Writes an error answer outside Spring MVC (the access filter). */
    static void write(HttpServletResponse response, int status, String error, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"error\":\"" + error + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }
}
