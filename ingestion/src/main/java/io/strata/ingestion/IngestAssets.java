package io.strata.ingestion;

import java.util.List;

/**
 * The entry point of Java code that declares ingest assets: list the implementing class in
 * {@code META-INF/services/io.strata.ingestion.IngestAssets}, and its assets join the project's graph beside
 * those declared in YAML, built by the same ingestion on the run's branch.
 */
public interface IngestAssets {
    /** The name of the project (its strata.yml {@code name}) these assets belong to; other projects do not see them. */
    String project();

    List<IngestAsset> assets();
}
