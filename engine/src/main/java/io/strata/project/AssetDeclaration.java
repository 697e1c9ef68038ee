package io.strata.project;

/**
 * An {@link AssetDeclarationReader}'s own parsed form of one asset it declared (the ingestion module's
 * {@code IngestDeclaration}, for one). The engine only carries it from compilation to the builder of the
 * asset's kind, which knows what it holds.
 */
public interface AssetDeclaration {
    /** The declared asset's name. */
    String name();

    /** Where it is declared: the YAML entry, or the class that declares it in code. */
    Location location();

    /** The columns that identify a row of the asset, if the declaration names them; by default none. */
    default java.util.List<String> uniqueKey() {
        return java.util.List.of();
    }

    /**
     * The columns of the table the asset writes, in order, when the declaration alone says (for column lineage at
     * compile time); by default unknown.
     */
    default java.util.Optional<java.util.List<String>> tableColumns() {
        return java.util.Optional.empty();
    }

    /** The SQL types of the table's columns that the declaration says, by column name; by default none. */
    default java.util.Map<String, String> tableColumnTypes() {
        return java.util.Map.of();
    }
}
