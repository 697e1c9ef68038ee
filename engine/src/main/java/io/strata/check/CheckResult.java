package io.strata.check;

import io.strata.api.AssetKey;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A data test's result on a branch.
 *
 * @param failures the number of failing rows (0 when the test errored: none were counted)
 * @param sample up to five failing rows, column by column, for the report
 * @param storedIn the table holding every failing row, when the test has {@code store_failures}
 * @param error the engine's message when the test's query itself failed
 */
public record CheckResult(String name, AssetKey asset, CheckOutcome outcome, long failures, List<Map<String, Object>> sample,
                          String sql, Optional<String> storedIn, Optional<String> error) {
    public CheckResult {
        sample = List.copyOf(sample);
        requireNonNull(storedIn, "storedIn");
        requireNonNull(error, "error");
    }

    /** A test whose query ran. */
    public CheckResult(String name, AssetKey asset, CheckOutcome outcome, long failures, List<Map<String, Object>> sample,
                       String sql, Optional<String> storedIn) {
        this(name, asset, outcome, failures, sample, sql, storedIn, Optional.empty());
    }

    /**
     * A test whose query failed. It fails whatever its severity, as in dbt: a {@code warn} test that cannot run
     * says nothing about the data, and a run that merged past it would hide the broken test.
     */
    public static CheckResult errored(String name, AssetKey asset, String sql, String error) {
        return new CheckResult(name, asset, CheckOutcome.FAIL, 0, List.of(), sql, Optional.empty(), Optional.of(error));
    }
}
