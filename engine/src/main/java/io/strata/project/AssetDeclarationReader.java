package io.strata.project;

import java.util.List;

/**
 * Reads one top-level key of the project's YAML files into assets, for kinds of asset that are declared
 * rather than written as SQL. Implementations are found with {@link java.util.ServiceLoader}; the
 * ingestion module reads {@code ingest:} this way.
 */
public interface AssetDeclarationReader {
    /** The top-level YAML key this reader owns, such as {@code ingest}. */
    String key();

    /**
     * Reads the value under {@link #key()}; throws {@link ProjectException} naming the line of a bad entry.
     */
    List<DeclaredAsset> read(YamlNode value);

    /** Assets of this reader's kind that code on the class path declares for the named project; none by default. */
    default List<CodeDeclared> declaredInCode(String project) {
        return List.of();
    }

    /**
     * An asset declared in code.
     *
     * @param layer the layer it belongs to, as the first folder under {@code models/} gives a YAML-declared asset its layer
     */
    record CodeDeclared(DeclaredAsset asset, String layer) {
    }
}
