package io.strata.project;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * An asset's configuration after merging every level that sets it. Merging follows dbt: a more specific
 * level overrides a less specific one, except {@code tags} (added up), {@code meta} (merged key by key)
 * and hooks (concatenated). Precedence, most specific first: in-file {@code config()}, the YAML
 * {@code config:} of the model, the folder configs of the project file.
 */
public record ModelConfig(Map<String, Object> values) {
    public static final ModelConfig EMPTY = new ModelConfig(Map.of());

    private static final Set<String> ADDITIVE_LISTS = Set.of("tags", "pre-hook", "post-hook");

    public ModelConfig {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(values, "values")));
    }

    /** This configuration overlaid by a more specific one. */
    public ModelConfig with(Map<String, ?> moreSpecific) {
        if (moreSpecific.isEmpty()) {
            return this;
        }
        Map<String, Object> merged = new LinkedHashMap<>(values);
        moreSpecific.forEach((rawKey, value) -> {
            String key = canonical(rawKey.startsWith("+") ? rawKey.substring(1) : rawKey);
            Object previous = merged.get(key);
            if (ADDITIVE_LISTS.contains(key) && previous != null) {
                List<Object> combined = new ArrayList<>(asList(previous));
                for (Object item : asList(value)) {
                    if (!combined.contains(item)) {
                        combined.add(item);
                    }
                }
                merged.put(key, combined);
            }
            else if (key.equals("meta") && previous instanceof Map<?, ?> before && value instanceof Map<?, ?> after) {
                Map<Object, Object> combined = new LinkedHashMap<>(before);
                combined.putAll(after);
                merged.put(key, combined);
            }
            else {
                merged.put(key, value);
            }
        });
        return new ModelConfig(merged);
    }

    public ModelConfig with(ModelConfig moreSpecific) {
        return with(moreSpecific.values);
    }

    public Optional<String> string(String key) {
        Object value = values.get(key);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    /** {@code materialized} as written. */
    public Optional<String> materialized() {
        return string("materialized");
    }

    /**
     * The materialization a model asks for, {@code view} when it says nothing; empty when {@code materialized}
     * names none a model may have (compilation reports that at the model's file).
     */
    public Optional<Materialization> modelMaterialization() {
        return Materialization.ofModel(materialized().orElse(Materialization.VIEW.label()));
    }

    /** {@code schema}, or a snapshot's legacy {@code target_schema}. */
    public Optional<String> schema() {
        return string("schema").or(() -> string("target_schema"));
    }

    public Optional<String> alias() {
        return string("alias");
    }

    public Optional<String> layer() {
        return string("layer");
    }

    /**
     * {@code incremental_strategy}, {@code append} when unset. Compilation refuses an incremental model whose
     * strategy is none of {@link IncrementalStrategy}, so only a configuration that was not compiled can fail here.
     */
    public IncrementalStrategy incrementalStrategy() {
        String written = string("incremental_strategy").orElse(IncrementalStrategy.APPEND.label());
        return IncrementalStrategy.of(written)
                .orElseThrow(() -> new IllegalStateException("incremental_strategy='" + written + "' is not a strategy"));
    }

    public boolean enabled() {
        Object value = values.get("enabled");
        return value == null || !(Boolean.FALSE.equals(value) || "false".equalsIgnoreCase(value.toString()));
    }

    public Set<String> tags() {
        Set<String> tags = new LinkedHashSet<>();
        Object value = values.get("tags");
        if (value != null) {
            for (Object tag : asList(value)) {
                tags.add(tag.toString());
            }
        }
        return tags;
    }

    /** {@code unique_key} as a list of columns: dbt accepts a column name or a list. */
    public List<String> uniqueKey() {
        Object value = values.get("unique_key");
        if (value == null) {
            return List.of();
        }
        return asList(value).stream().map(Object::toString).toList();
    }

    /**
     * The hooks of one phase as written, in the order they run: the less specific levels' first (the project file's
     * folders, then the YAML, then {@code config()}). A hook written as a mapping gives its {@code sql}.
     */
    public List<String> hooks(HookPhase phase) {
        List<String> hooks = new ArrayList<>();
        for (Object hook : asList(values.get(phase.key()))) {
            Object sql = hook instanceof Map<?, ?> map ? map.get("sql") : hook;
            if (sql != null && !sql.toString().isBlank()) {
                hooks.add(sql.toString());
            }
        }
        return List.copyOf(hooks);
    }

    /**
     * {@code on_schema_change}, {@code ignore} when unset. Compilation refuses an incremental model whose value is none of
     * {@link OnSchemaChange}, so only a configuration that was not compiled can fail here.
     */
    public OnSchemaChange onSchemaChange() {
        String written = string("on_schema_change").orElse(OnSchemaChange.IGNORE.label());
        return OnSchemaChange.of(written)
                .orElseThrow(() -> new IllegalStateException("on_schema_change='" + written + "' is not a choice"));
    }

    /** dbt accepts {@code pre_hook} and {@code pre-hook} alike (kwargs cannot hold a dash): one key, so levels add up. */
    private static String canonical(String key) {
        return switch (key) {
            case "pre_hook" -> HookPhase.PRE.key();
            case "post_hook" -> HookPhase.POST.key();
            default -> key;
        };
    }

    private static List<?> asList(Object value) {
        if (value instanceof Collection<?> collection) {
            return List.copyOf(collection.stream().filter(java.util.Objects::nonNull).toList());
        }
        return value == null ? List.of() : List.of(value);
    }
}
