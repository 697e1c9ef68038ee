package io.strata.check;

import io.strata.project.CheckDefinition;

/**
 * Where a test of a partitioned model runs when a run builds some of its partitions.
 * <ul>
 * <li>{@link #PARTITION}: a test whose failing rows are rows of the model, each failing on its own ({@code not_null},
 * {@code accepted_values}, {@code expression_is_true}, {@code relationships}: a row's own key missing from the parent).
 * It runs on the rows of the partitions built, so a bad partition fails by itself and the partitions left as they
 * were are not read again.</li>
 * <li>{@link #TABLE}: a test that compares rows with each other ({@code unique}: a duplicate may sit in two
 * partitions), and a custom generic test, which may read anything. It runs once over the whole table, after the
 * per-partition tests, as singular tests do.</li>
 * </ul>
 * A model that is not partitioned runs every test over its table.
 */
public enum CheckScope {
    PARTITION, TABLE;

    /**
     * @param readsRebuilt a model the asset's tests read was rebuilt in the run: a test that reads another model
     *                     ({@code relationships}) then runs over the table, since rows left as they were may fail it now
     */
    public static CheckScope of(CheckDefinition check, boolean readsRebuilt) {
        return readsRebuilt && !check.referencedModels().isEmpty() ? TABLE : of(check);
    }

    public static CheckScope of(CheckDefinition check) {
        return switch (check.test()) {
            case "not_null", "accepted_values", "expression_is_true", "relationships" -> PARTITION;
            default -> TABLE;
        };
    }
}
