package io.strata.graph;

/** The kinds of node in the asset graph. */
public enum AssetKind {
    /** A table that exists before the project runs, declared under {@code sources:}. */
    SOURCE,
    /** A CSV file under the seed paths, loaded as a table. */
    SEED,
    /** A SQL model under the model paths. */
    MODEL,
    /** A bronze ingest asset declared under {@code ingest:} in YAML. */
    INGEST,
    /** A Java asset from an {@link io.strata.api.AssetDefinitions}. */
    CODE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
