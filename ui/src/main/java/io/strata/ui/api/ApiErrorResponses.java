package io.strata.ui.api;

import io.strata.ui.ApiError;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The error answers of the endpoints, for the OpenAPI document: each body is an {@link ApiError}. */
final class ApiErrorResponses {
    private ApiErrorResponses() {
    }

    /** The call compiles the project: 422 when it does not compile. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "422", description = "The project does not compile: location is file:line:column",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
    @interface ProjectErrors {
    }

    /** The call takes a selection: 400 when it cannot be read. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "400", description = "A bad parameter or selection (error 'selection', location 'select:POS' or 'exclude:POS')",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
    @interface BadRequest {
    }

    /** What the call names may not exist: 404. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "404", description = "No such asset, column, run, branch or schedule",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
    @interface NotFound {
    }

    /** The call needs the lake's servers: 503 when they cannot be reached. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "503", description = "The engine, Nessie, the object store or the run store cannot be reached",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
    @interface Unavailable {
    }

    /** The call may be refused in the state things are in: 409. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "409", description = "Refused in the state things are in",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
    @interface Conflict {
    }
}
