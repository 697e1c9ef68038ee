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
}
