package io.strata.compile;

import io.strata.project.AssetDeclarationReader;
import io.strata.project.AssetProperties;
import io.strata.project.Diagnostic;
import io.strata.project.ProjectException;
import io.strata.project.ProjectScanner.ProjectPath;
import io.strata.project.PropertiesFile;
import io.strata.project.SourceDefinition;
import io.strata.project.UnitTestDefinition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Parses the project's YAML property files (in parallel, each again only when it changed) into {@link ProjectProperties}. */
final class YamlLoading {
    private final Map<String, AssetDeclarationReader> readers;
    private final FileTexts texts;
    private final Parallel parallel;
    private final FileCache<Outcome<PropertiesFile>> parsed = new FileCache<>();

    YamlLoading(Map<String, AssetDeclarationReader> readers, FileTexts texts, Parallel parallel) {
        this.readers = readers;
        this.texts = texts;
        this.parallel = parallel;
    }

    /** Forgets files that are gone from the project. */
    void retain(Set<String> paths) {
        parsed.retain(paths);
    }

    ProjectProperties load(List<ProjectPath> files, String projectName, CompileCache cache, Diagnostics diagnostics) {
        List<Outcome<PropertiesFile>> outcomes = parallel.map(files, file -> parsed.get(file, version -> parse(version, cache)));
        Map<String, AssetProperties> models = new HashMap<>();
        Map<String, AssetProperties> seeds = new HashMap<>();
        Map<List<String>, ProjectProperties.SourceTable> sourceTables = new LinkedHashMap<>();
        List<ProjectProperties.Declared> declared = new ArrayList<>();
        Map<String, ProjectProperties.Snapshot> snapshots = new LinkedHashMap<>();
        List<UnitTestDefinition> unitTests = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Outcome<PropertiesFile> outcome = outcomes.get(i);
            diagnostics.addAll(outcome.errors());
            if (outcome.value() == null) {
                continue;
            }
            PropertiesFile file = outcome.value();
            List<String> folders = files.get(i).folders();
            diagnostics.addAll(file.warnings());
            file.models().forEach(model -> describeOnce(models, model, "model", diagnostics));
            file.seeds().forEach(seed -> describeOnce(seeds, seed, "seed", diagnostics));
            for (io.strata.project.SnapshotProperties snapshot : file.snapshots()) {
                ProjectProperties.Snapshot previous = snapshots.putIfAbsent(snapshot.name(), new ProjectProperties.Snapshot(snapshot, files.get(i)));
                if (previous != null) {
                    diagnostics.add(Diagnostic.error(snapshot.properties().location(), "snapshot '" + snapshot.name()
                            + "' is described twice: here and at " + previous.snapshot().properties().location() + "; keep one entry"));
                }
            }
            for (SourceDefinition source : file.sources()) {
                for (SourceDefinition.Table table : source.tables()) {
                    ProjectProperties.SourceTable previous = sourceTables.putIfAbsent(List.of(source.name(), table.name()),
                            new ProjectProperties.SourceTable(source, table, folders));
                    if (previous != null) {
                        diagnostics.add(Diagnostic.error(table.location(), "source table '" + source.name() + "." + table.name()
                                + "' is declared twice: here and at " + previous.table().location()));
                    }
                }
            }
            file.declaredAssets().forEach(asset -> declared.add(new ProjectProperties.Declared(asset, folders)));
            unitTests.addAll(file.unitTests());
        }
        for (AssetDeclarationReader reader : readers.values()) {
            try {
                reader.declaredInCode(projectName).forEach(code -> declared.add(new ProjectProperties.Declared(code.asset(), List.of(code.layer()))));
            }
            catch (ProjectException e) {
                diagnostics.addAll(e.diagnostics());
            }
        }
        return new ProjectProperties(models, seeds, sourceTables, declared, snapshots, unitTests);
    }

    private Outcome<PropertiesFile> parse(ProjectPath file, CompileCache cache) {
        Optional<PropertiesFile> known = cache.properties(file);
        if (known.isPresent()) {
            return Outcome.of(known.get());
        }
        Outcome<String> text = texts.read(file);
        if (text.value() == null) {
            return Outcome.failed(text.errors());
        }
        try {
            PropertiesFile parsedFile = PropertiesFile.parse(file.path(), text.value(), readers);
            // The cache keeps what dbt's YAML describes; declared assets, snapshots and unit tests are parsed again.
            if (parsedFile.declaredAssets().isEmpty() && parsedFile.snapshots().isEmpty() && parsedFile.unitTests().isEmpty()) {
                cache.keepProperties(file, parsedFile);
            }
            return Outcome.of(parsedFile);
        }
        catch (ProjectException e) {
            return Outcome.failed(e.diagnostics());
        }
    }

    private static void describeOnce(Map<String, AssetProperties> described, AssetProperties entry, String kind, Diagnostics diagnostics) {
        AssetProperties previous = described.putIfAbsent(entry.name(), entry);
        if (previous != null) {
            diagnostics.add(Diagnostic.error(entry.location(), kind + " '" + entry.name()
                    + "' is described twice: here and at " + previous.location() + "; keep one entry"));
        }
    }
}
