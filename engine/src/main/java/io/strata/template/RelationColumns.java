package io.strata.template;

import java.util.List;
import java.util.Optional;

/**
 * The columns of the relations a template may ask about ({@code adapter.get_columns_in_relation}), as far as they are
 * known when the project compiles: a seed's from its file, a source table's from its YAML, a model's from main as the
 * last merged run left it.
 */
public interface RelationColumns {
    /** Nothing known. */
    RelationColumns NONE = new RelationColumns() {
        @Override
        public Optional<List<Column>> ofAsset(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<List<Column>> ofSource(String source, String table) {
            return Optional.empty();
        }
    };

    /** One column: its name and its SQL type, empty when unknown. */
    record Column(String name, String type) {
    }

    /** The columns of the project's asset of that name (a model, seed, snapshot or ingest asset). */
    Optional<List<Column>> ofAsset(String name);

    /** The columns of a source table. */
    Optional<List<Column>> ofSource(String source, String table);
}
