package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.project.Location;
import io.strata.project.UnitTestDefinition;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A unit test after compilation: the tested model's SQL, rendered with the test's overrides, reading each of its
 * inputs from a relation of the given rows instead of a table. {@link UnitTestSql} writes the queries the engine runs.
 *
 * @param sql the model's SQL, in the engine's dialect, naming each input by its {@link Input#relation()}
 * @param inputs the given rows of each input the model reads, in the order the test gives them
 * @param expect the rows the model must return
 */
public record UnitTest(String name, AssetKey model, Location location, Optional<String> description, List<String> tags,
                       String sql, List<Input> inputs, UnitTestDefinition.Rows expect) {
    public UnitTest {
        requireNonNull(name, "name");
        requireNonNull(model, "model");
        requireNonNull(location, "location");
        requireNonNull(description, "description");
        tags = List.copyOf(tags);
        requireNonNull(sql, "sql");
        inputs = List.copyOf(inputs);
        requireNonNull(expect, "expect");
    }

    /**
     * One given input.
     *
     * @param relation the name the model's SQL reads it by (a common table expression)
     * @param asset the asset it stands for, whose columns and their types the given rows take when they are known
     * @param label how the test names it: {@code ref('orders')}, {@code source('shop', 'orders')} or {@code this}
     */
    public record Input(String relation, AssetKey asset, String label, UnitTestDefinition.Rows rows) {
        public Input {
            requireNonNull(relation, "relation");
            requireNonNull(asset, "asset");
            requireNonNull(label, "label");
            requireNonNull(rows, "rows");
        }
    }

    /** {@code model.name}, as dbt names a unit test in its output. */
    public String qualifiedName() {
        return model + "." + name;
    }
}
