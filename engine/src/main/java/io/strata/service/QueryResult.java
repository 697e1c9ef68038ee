package io.strata.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of a read-only query, as the engine returned them (values are JDBC objects; null is SQL NULL).
 *
 * @param truncated more rows were there than the limit
 */
public record QueryResult(List<String> columns, List<List<Object>> rows, boolean truncated) {
    public QueryResult {
        columns = List.copyOf(columns);
        List<List<Object>> copied = new ArrayList<>();
        // Rows may hold nulls, which List.copyOf refuses.
        rows.forEach(row -> copied.add(Collections.unmodifiableList(new ArrayList<>(row))));
        rows = Collections.unmodifiableList(copied);
    }
}
