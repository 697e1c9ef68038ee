package io.strata.ui;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer.
 *
 * @param error what kind of error, in lower case: {@code project}, {@code selection}, {@code not_found},
 *        {@code environment}, {@code conflict}, {@code checks_failed}, {@code cancelled}, {@code internal},
 *        {@code bad_request}, {@code unauthorized}, {@code forbidden}
 * @param message what went wrong and what to do, as the CLI says it
 * @param location where: a file with line and column for a project error ({@code models/x.sql:3:7}), the
 *        option and the 1-based character position in its argument for a selection ({@code select:4}, {@code exclude:1})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String message, String location) {
}
