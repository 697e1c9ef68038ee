package io.strata.template;

import io.strata.project.Profile;
import io.strata.project.Relation;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What templates can see of the project beyond their own text.
 *
 * @param projectName the name {@code ref('project', 'model')} may use
 * @param vars project variables overlaid by command-line {@code --vars}
 * @param target the profile, shown as {@code target}
 * @param sources each source table, keyed by (source name, table name)
 * @param assetRelations where each ref-able asset lives as far as is known before rendering (for
 *        {@code ref('x').schema} and friends; the text of a ref is resolved after rendering)
 * @param existingAssets the assets whose table already exists where the run writes ({@code is_incremental()})
 * @param fullRefresh whether incremental models are rebuilt from scratch
 * @param docs the text of each docs block ({@code {% docs name %}…{% enddocs %}}) by name, for {@code doc('name')}
 * @param invocation this compilation, for {@code invocation_id} and {@code run_started_at}
 * @param columns the columns of relations known at compile time, for {@code adapter.get_columns_in_relation}
 * @param envVars environment variables {@code env_var()} reads before the process's own (a unit test's {@code overrides})
 */
public record TemplateInputs(String projectName, Map<String, Object> vars, Profile target,
                             Map<List<String>, Relation> sources, Map<String, Relation> assetRelations,
                             Set<String> existingAssets, boolean fullRefresh, Map<String, String> docs, Invocation invocation,
                             RelationColumns columns, Map<String, String> envVars) {
    /** Inputs that read environment variables from the process only. */
    public TemplateInputs(String projectName, Map<String, Object> vars, Profile target, Map<List<String>, Relation> sources,
                          Map<String, Relation> assetRelations, Set<String> existingAssets, boolean fullRefresh, Map<String, String> docs,
                          Invocation invocation, RelationColumns columns) {
        this(projectName, vars, target, sources, assetRelations, existingAssets, fullRefresh, docs, invocation, columns, Map.of());
    }

    /** Inputs without docs blocks, for a new invocation. */
    public TemplateInputs(String projectName, Map<String, Object> vars, Profile target, Map<List<String>, Relation> sources,
                          Map<String, Relation> assetRelations, Set<String> existingAssets, boolean fullRefresh) {
        this(projectName, vars, target, sources, assetRelations, existingAssets, fullRefresh, Map.of(), Invocation.start(), RelationColumns.NONE);
    }

    public TemplateInputs {
        requireNonNull(projectName, "projectName");
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        requireNonNull(target, "target");
        sources = Map.copyOf(sources);
        assetRelations = Map.copyOf(assetRelations);
        existingAssets = Set.copyOf(existingAssets);
        docs = Map.copyOf(docs);
        requireNonNull(invocation, "invocation");
        requireNonNull(columns, "columns");
        envVars = Map.copyOf(envVars);
    }
}
