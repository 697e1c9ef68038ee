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
 * @param defaultSchema the profile's schema (dbt's {@code target.schema})
 * @param rules how a schema and an alias are chosen: Strata's, dbt's, or the project's own macros
 */
record AssetNaming(String projectName, String defaultSchema, NameRules rules) {
    AssetNaming {
        requireNonNull(projectName, "projectName");
        requireNonNull(defaultSchema, "defaultSchema");
        requireNonNull(rules, "rules");
    }

    AssetNaming(String projectName, String defaultSchema) {
        this(projectName, defaultSchema, NameRules.STRATA);
    }

    /** {@code config(layer=…)}, or else the first folder under the model (or seed) path. */
    static Optional<String> layerOf(ModelConfig config, List<String> folders) {
        return config.layer().or(() -> folders.stream().findFirst());
    }

    Relation relationOf(ModelConfig config, Optional<String> layer, String name) {
        return new Relation(rules.schema(config.schema(), layer, name, defaultSchema), rules.alias(config.alias(), name));
    }

    List<String> fqn(List<String> folders, String... names) {
        List<String> fqn = new ArrayList<>();
        fqn.add(projectName);
        fqn.addAll(folders);
        fqn.addAll(List.of(names));
        return fqn;
    }

    /** How an asset's schema and alias are chosen from its config. */
    interface NameRules {
        /** Strata's: {@code schema} as written, else the layer, else the profile's schema; the alias, else the name. */
        NameRules STRATA = new NameRules() {
            @Override
            public String schema(Optional<String> custom, Optional<String> layer, String name, String targetSchema) {
                return custom.or(() -> layer).orElse(targetSchema);
            }
        };
        /**
         * dbt's {@code generate_schema_name}, for projects loaded from {@code dbt_project.yml}: the target's schema, or
         * {@code <target schema>_<custom schema>} for a model with {@code schema} configured.
         */
        NameRules DBT = new NameRules() {
            @Override
            public String schema(Optional<String> custom, Optional<String> layer, String name, String targetSchema) {
                return custom.map(String::strip).map(schema -> targetSchema + "_" + schema).orElse(targetSchema);
            }
        };

        String schema(Optional<String> custom, Optional<String> layer, String name, String targetSchema);

        default String alias(Optional<String> custom, String name) {
            return custom.orElse(name);
        }
    }
}
