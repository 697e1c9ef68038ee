package io.strata.project;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The folder-level configuration of the project file ({@code models:} or {@code seeds:}), as in
 * {@code dbt_project.yml}: nested keys are folders, {@code +key} (or a known config name) is a config that
 * applies to everything below. The first level may name the project, as dbt requires; in
 * {@code strata.yml} folders may also start at the first level.
 */
public final class ConfigTree {
    /** Config names dbt accepts without {@code +}; any other plain key holding a mapping is a folder. */
    private static final Set<String> CONFIG_NAMES = Set.of(
            "materialized", "enabled", "tags", "schema", "alias", "database", "meta", "docs", "persist_docs",
            "pre-hook", "post-hook", "pre_hook", "post_hook", "unique_key", "incremental_strategy", "on_schema_change", "full_refresh",
            "layer", "contract", "grants", "sql_header", "quoting", "column_types", "delimiter",
            "quote_columns", "group", "access", "description");

    /** Config names whose value is itself a mapping, so a mapping under them is not a folder. */
    private static final Set<String> MAP_VALUED_CONFIGS = Set.of(
            "meta", "docs", "persist_docs", "grants", "contract", "quoting", "column_types");

    public static final ConfigTree EMPTY = new ConfigTree(Map.of());

    private final Map<String, Object> root;
    private final Map<List<String>, ModelConfig> byFolder = new java.util.concurrent.ConcurrentHashMap<>();

    public ConfigTree(Map<String, Object> root) {
        this.root = Map.copyOf(root);
    }

    /** The tree as the project file gives it. */
    public Map<String, Object> values() {
        return root;
    }

    /**
     * The merged configuration for a node of the given project at the given folders (relative to its
     * resource path) and name.
     */
    public ModelConfig configFor(String projectName, List<String> folders, String name) {
        // Every node in a folder shares the folder's config; only a key naming the node itself adds to it.
        ModelConfig config = byFolder.computeIfAbsent(List.copyOf(folders), key -> folderConfig(projectName, key));
        config = config.with(nodeLevel(root, folders, name));
        if (root.get(projectName) instanceof Map<?, ?> projectLevel) {
            config = config.with(nodeLevel(cast(projectLevel), folders, name));
        }
        return config;
    }

    private ModelConfig folderConfig(String projectName, List<String> folders) {
        ModelConfig config = ModelConfig.EMPTY.with(configsAt(root));
        config = walk(config, root, folders);
        if (root.get(projectName) instanceof Map<?, ?> projectLevel) {
            Map<String, Object> scoped = cast(projectLevel);
            config = config.with(configsAt(scoped));
            config = walk(config, scoped, folders);
        }
        return config;
    }

    /** The configs under the node's own name in its deepest folder, if the project file has any. */
    private static Map<String, Object> nodeLevel(Map<String, Object> start, List<String> folders, String name) {
        Map<String, Object> level = start;
        for (String folder : folders) {
            if (!(level.get(folder) instanceof Map<?, ?> next) || MAP_VALUED_CONFIGS.contains(folder)) {
                return Map.of();
            }
            level = cast(next);
        }
        if (level.get(name) instanceof Map<?, ?> nodeLevel && !MAP_VALUED_CONFIGS.contains(name)) {
            return configsAt(cast(nodeLevel));
        }
        return Map.of();
    }

    private static ModelConfig walk(ModelConfig config, Map<String, Object> start, List<String> folders) {
        Map<String, Object> level = start;
        for (String folder : folders) {
            if (!(level.get(folder) instanceof Map<?, ?> next) || MAP_VALUED_CONFIGS.contains(folder)) {
                return config;
            }
            level = cast(next);
            config = config.with(configsAt(level));
        }
        return config;
    }

    private static Map<String, Object> configsAt(Map<String, Object> level) {
        Map<String, Object> configs = new LinkedHashMap<>();
        level.forEach((key, value) -> {
            if (key.startsWith("+")) {
                configs.put(key.substring(1), value);
            }
            else if (isConfig(key) && (!(value instanceof Map<?, ?>) || MAP_VALUED_CONFIGS.contains(key))) {
                configs.put(key, value);
            }
        });
        return configs;
    }

    private static boolean isConfig(String key) {
        return CONFIG_NAMES.contains(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
