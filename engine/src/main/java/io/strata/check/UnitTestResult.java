package io.strata.check;

import io.strata.api.AssetKey;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A unit test's result.
 *
 * @param name the test's name
 * @param model the model it tests
 * @param diff the compared rows; empty when a query failed
 * @param error the engine's message when a query of the test failed
 * @param sql the query of the model over the given rows, for the report
 */
public record UnitTestResult(String name, AssetKey model, Optional<RowDiff> diff, Optional<String> error, String sql) {
    public UnitTestResult {
        requireNonNull(name, "name");
        requireNonNull(model, "model");
        requireNonNull(diff, "diff");
        requireNonNull(error, "error");
        requireNonNull(sql, "sql");
    }

    public boolean passed() {
        return error.isEmpty() && diff.map(RowDiff::matches).orElse(false);
    }

    /** What a person reads when the test fails: the table of differing rows, or the engine's error. */
    public String report() {
        return error.map(message -> "the unit test's query failed: " + message).orElseGet(() -> diff.orElseThrow().table());
    }
}
