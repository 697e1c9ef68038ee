package io.strata.compile;

import io.strata.project.ModelConfig;
import io.strata.project.Relation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where an asset of this project lives: its layer, its relation (schema and alias) and its fully qualified name.
 *
 * @param projectName the project's name, first in every fully qualified name
 * @param defaultSchema the profile's schema, for assets with neither a schema nor a layer
 */
record AssetNaming(String projectName, String defaultSchema) {
    AssetNaming {
        requireNonNull(projectName, "projectName");
        requireNonNull(defaultSchema, "defaultSchema");
    }

    /** {@code config(layer=…)}, or else the first folder under the model (or seed) path. */
    static Optional<String> layerOf(ModelConfig config, List<String> folders) {
        return config.layer().or(() -> folders.stream().findFirst());
    }

    Relation relationOf(ModelConfig config, Optional<String> layer, String name) {
        return new Relation(config.schema().or(() -> layer).orElse(defaultSchema), config.alias().orElse(name));
    }

    List<String> fqn(List<String> folders, String... names) {
        List<String> fqn = new ArrayList<>();
        fqn.add(projectName);
        fqn.addAll(folders);
        fqn.addAll(List.of(names));
        return fqn;
    }
}
