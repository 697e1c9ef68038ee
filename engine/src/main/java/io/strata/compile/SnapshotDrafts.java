package io.strata.compile;

import io.strata.project.AssetProperties;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.Materialization;
import io.strata.project.ModelConfig;
import io.strata.project.ProjectFile;
import io.strata.project.ProjectScanner.ProjectPath;
import io.strata.project.Relation;
import io.strata.project.SnapshotBlocks;
import io.strata.project.SnapshotProperties;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static io.strata.compile.AssetNaming.layerOf;

/**
 * The project's snapshots as drafts of models to render: each {@code {% snapshot %}} block of the files under the
 * snapshot paths, and each YAML snapshot with a {@code relation:} (rendered as {@code select * from} that relation).
 * Their base config is the project file's {@code snapshots:} folder configs, then their YAML {@code config:}.
 */
final class SnapshotDrafts {
    private static final Pattern RELATION = Pattern.compile("(ref|source)\\s*\\(.*\\)", Pattern.DOTALL);

    private final ProjectFile projectFile;
    private final AssetNaming naming;
    private final Map<String, ProjectProperties.Snapshot> described;
    private final FileTexts texts;
    private final Diagnostics diagnostics;

    SnapshotDrafts(ProjectFile projectFile, AssetNaming naming, Map<String, ProjectProperties.Snapshot> described, FileTexts texts,
                   Diagnostics diagnostics) {
        this.projectFile = projectFile;
        this.naming = naming;
        this.described = described;
        this.texts = texts;
        this.diagnostics = diagnostics;
    }

    /** The snapshots, each name once and none named as a model; their relations go into {@code relations}. */
    List<BaseConfigs.ModelDraft> collect(List<ProjectPath> files, List<BaseConfigs.ModelDraft> models, Map<String, Relation> relations) {
        Map<String, Location> taken = new HashMap<>();
        models.forEach(model -> taken.put(model.name(), model.location()));
        List<BaseConfigs.ModelDraft> snapshots = new ArrayList<>();
        Set<String> fromBlocks = new HashSet<>();
        for (ProjectPath file : files) {
            Outcome<String> text = texts.read(file);
            if (text.value() == null) {
                diagnostics.addAll(text.errors());
                continue;
            }
            SnapshotBlocks blocks = SnapshotBlocks.read(file.path(), text.value());
            blocks.errors().forEach(diagnostics::add);
            for (SnapshotBlocks.Block block : blocks.blocks()) {
                ProjectProperties.Snapshot yaml = described.get(block.name());
                if (yaml != null && yaml.snapshot().relation().isPresent()) {
                    diagnostics.add(Diagnostic.error(block.location(), "snapshot '" + block.name() + "' is defined twice: by this block and by"
                            + " the relation at " + yaml.snapshot().properties().location() + "; keep one"));
                    continue;
                }
                if (unique(block.name(), block.location(), taken)) {
                    fromBlocks.add(block.name());
                    snapshots.add(draft(file, block.name(), block.location(), block.template(), Optional.ofNullable(yaml), relations));
                }
            }
        }
        for (ProjectProperties.Snapshot yaml : described.values()) {
            SnapshotProperties snapshot = yaml.snapshot();
            Location location = snapshot.properties().location();
            if (snapshot.relation().isEmpty()) {
                if (!fromBlocks.contains(snapshot.name())) {
                    diagnostics.add(Diagnostic.warning(location, "snapshot '" + snapshot.name() + "' has no relation: add relation: ref('model')"
                            + " or source('source', 'table'), or a {% snapshot " + snapshot.name() + " %} block under "
                            + String.join(", ", projectFile.snapshotPaths())));
                }
                continue;
            }
            String relation = snapshot.relation().get();
            if (!RELATION.matcher(relation).matches()) {
                diagnostics.add(Diagnostic.error(location, "snapshot '" + snapshot.name() + "': relation '" + relation
                        + "' must be ref('model') or source('source', 'table')"));
                continue;
            }
            if (unique(snapshot.name(), location, taken)) {
                // The query at the entry's line, so that an error in the relation is reported there.
                String template = "\n".repeat(Math.max(0, location.line() - 1)) + "select * from {{ " + relation + " }}";
                snapshots.add(draft(yaml.file(), snapshot.name(), location, template, Optional.of(yaml), relations));
            }
        }
        return snapshots;
    }

    private boolean unique(String name, Location location, Map<String, Location> taken) {
        Location previous = taken.putIfAbsent(name, location);
        if (previous != null) {
            diagnostics.add(Diagnostic.error(location, "snapshot '" + name + "' has the same name as the one defined at " + previous
                    + "; names must be unique across models and snapshots"));
            return false;
        }
        return true;
    }

    private BaseConfigs.ModelDraft draft(ProjectPath file, String name, Location location, String template,
                                         Optional<ProjectProperties.Snapshot> yaml, Map<String, Relation> relations) {
        Optional<AssetProperties> properties = yaml.map(entry -> entry.snapshot().properties());
        ModelConfig config = projectFile.snapshotConfigs().configFor(projectFile.name(), file.folders(), name)
                .with(properties.map(AssetProperties::config).orElse(ModelConfig.EMPTY))
                .with(Map.of("materialized", Materialization.SNAPSHOT.label()));
        relations.put(name, naming.relationOf(config, layerOf(config, file.folders()), name));
        return new BaseConfigs.ModelDraft(file, name, config, properties, Optional.of(new BaseConfigs.Snapshot(location, template)));
    }
}
