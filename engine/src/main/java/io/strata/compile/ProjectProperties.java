package io.strata.compile;

import io.strata.project.AssetProperties;
import io.strata.project.DeclaredAsset;
import io.strata.project.ProjectScanner.ProjectPath;
import io.strata.project.SnapshotProperties;
import io.strata.project.SourceDefinition;
import io.strata.project.UnitTestDefinition;

import java.util.List;
import java.util.Map;

/**
 * What the project's YAML files (and the declaration readers' code) describe, each name once.
 *
 * @param models model descriptions by model name
 * @param seeds seed descriptions by seed name
 * @param sourceTables declared source tables by {@code [source, table]}, in declaration order
 * @param declared assets declared through a reader (the ingestion module's {@code ingest:})
 * @param snapshots snapshots declared or described under {@code snapshots:}, by name
 * @param unitTests the unit tests of every file, in file order
 */
record ProjectProperties(Map<String, AssetProperties> models, Map<String, AssetProperties> seeds,
                         Map<List<String>, SourceTable> sourceTables, List<Declared> declared, Map<String, Snapshot> snapshots,
                         List<UnitTestDefinition> unitTests) {
    record SourceTable(SourceDefinition source, SourceDefinition.Table table, List<String> folders) {
    }

    record Declared(DeclaredAsset asset, List<String> folders) {
    }

    /** A snapshot under {@code snapshots:} and the YAML file that holds it. */
    record Snapshot(SnapshotProperties snapshot, ProjectPath file) {
    }
}
