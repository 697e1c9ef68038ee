package io.strata.project;

import java.util.List;
import java.util.Optional;

/**
 * How an asset exists in the engine. A model asks for one of {@link #ofModels()} with {@code materialized=…}
 * ({@code view} when it says nothing); a Java asset has the one its code writes; every other kind of asset has its own.
 */
public enum Materialization {
    /** A model built as a view over its SQL. */
    VIEW("view"),
    /** A model built as a table, replaced on each build. */
    TABLE("table"),
    /** A model built as a table that each build adds to, as its {@link IncrementalStrategy} says. */
    INCREMENTAL("incremental"),
    /** A model that is never built: it is inlined as a CTE into the models that read it. */
    EPHEMERAL("ephemeral"),
    /** A snapshot: a table that keeps every version of its query's rows (dbt's type 2 slowly changing dimension). */
    SNAPSHOT("snapshot"),
    /** A CSV file loaded as a table. */
    SEED("seed"),
    /** A table that exists before the project runs. */
    SOURCE("source"),
    /** A bronze table written by the ingestion module. */
    INGEST("ingest"),
    /** A Java asset that leaves no table or view, only side effects (a Java asset's table or view is a {@link #TABLE} or {@link #VIEW}). */
    CODE("code");

    private static final List<Materialization> OF_MODELS = List.of(VIEW, TABLE, INCREMENTAL, EPHEMERAL);

    private final String label;

    Materialization(String label) {
        this.label = label;
    }

    /** The word a model author writes and reads: in {@code materialized=…}, the CLI's output, the run store. */
    public String label() {
        return label;
    }

    /** The materializations a model may ask for. */
    public static List<Materialization> ofModels() {
        return OF_MODELS;
    }

    /** The materialization a model asks for with {@code materialized='label'}; empty when a model cannot ask for it. */
    public static Optional<Materialization> ofModel(String label) {
        return OF_MODELS.stream().filter(materialization -> materialization.label.equals(label)).findFirst();
    }
}
