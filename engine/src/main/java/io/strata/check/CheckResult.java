package io.strata.check;

import io.strata.api.AssetKey;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A data test's result on a branch.
 *
 * @param failures the number of failing rows
 * @param sample up to five failing rows, column by column, for the report
 * @param storedIn the table holding every failing row, when the test has {@code store_failures}
 */
public record CheckResult(String name, AssetKey asset, CheckOutcome outcome, long failures, List<Map<String, Object>> sample,
                          String sql, Optional<String> storedIn) {
    public CheckResult {
        sample = List.copyOf(sample);
    }
}
