package io.strata.graph;

import io.strata.api.AssetKey;
import io.strata.project.CheckDefinition;
import io.strata.project.ColumnDefinition;
import io.strata.project.Location;
import io.strata.project.Materialization;
import io.strata.project.ModelConfig;
import io.strata.project.Relation;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A node of the asset graph, whatever its kind.
 *
 * @param layer the layer ({@code bronze}, {@code silver}, {@code gold}, …): {@code config(layer=…)} or the
 *        first folder under the model path
 * @param materialization how it exists in the engine: one a model asks for, or its kind's own
 * @param location the file that defines it (the SQL file of a model, the YAML of a source or ingest asset)
 * @param relation where it lives in the engine, if it is a table or view
 * @param fqn project name, folders and name, as dbt's fully qualified name
 * @param deps the assets it reads
 * @param sql the compiled SQL of a model
 * @param hooks the compiled statements a model runs before and after its build
 * @param exports the databases its table is published to after each run that merges it
 * @see #builder()
 */
public record Asset(
        AssetKey key,
        AssetKind kind,
        Optional<String> layer,
        Materialization materialization,
        Location location,
        Optional<Relation> relation,
        ModelConfig config,
        String description,
        Set<String> tags,
        List<String> fqn,
        Set<AssetKey> deps,
        Optional<String> sql,
        List<ColumnDefinition> columns,
        List<CheckDefinition> checks,
        Hooks hooks,
        List<io.strata.project.Export> exports) {

    public Asset {
        requireNonNull(key, "key");
        requireNonNull(kind, "kind");
        requireNonNull(layer, "layer");
        requireNonNull(materialization, "materialization");
        requireNonNull(location, "location");
        requireNonNull(relation, "relation");
        requireNonNull(config, "config");
        requireNonNull(description, "description");
        tags = Set.copyOf(tags);
        fqn = List.copyOf(fqn);
        deps = Set.copyOf(deps);
        requireNonNull(sql, "sql");
        columns = List.copyOf(columns);
        checks = List.copyOf(checks);
        requireNonNull(hooks, "hooks");
        exports = List.copyOf(exports);
    }

    /**
     * Builds an asset; key, kind, materialization and location are required, the rest is empty by default:
     *
     * <pre>{@code
     * Asset.builder()
     *         .key(AssetKey.of("orders"))
     *         .kind(AssetKind.SEED)
     *         .materialization(Materialization.SEED)
     *         .location(Location.of("seeds/orders.csv"))
     *         .relation(new Relation("raw", "orders"))
     *         .build();
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return key.name();
    }

    /** The same asset reading other assets. */
    public Asset withDeps(Set<AssetKey> newDeps) {
        return new Asset(key, kind, layer, materialization, location, relation, config, description, tags, fqn, newDeps, sql, columns, checks, hooks, exports);
    }

    /** The same asset with other compiled SQL. */
    public Asset withSql(String newSql) {
        return new Asset(key, kind, layer, materialization, location, relation, config, description, tags, fqn, deps, Optional.of(newSql),
                columns, checks, hooks, exports);
    }

    /** The same asset with other checks. */
    public Asset withChecks(List<CheckDefinition> newChecks) {
        return new Asset(key, kind, layer, materialization, location, relation, config, description, tags, fqn, deps, sql, columns, newChecks, hooks, exports);
    }

    /** The same asset with other compiled hooks. */
    public Asset withHooks(Hooks newHooks) {
        return new Asset(key, kind, layer, materialization, location, relation, config, description, tags, fqn, deps, sql, columns, checks, newHooks, exports);
    }

    /** The defining file, relative to the project root. */
    public String path() {
        return location.file();
    }

    /** Builds an {@link Asset}; see {@link Asset#builder()}. */
    public static final class Builder {
        private AssetKey key;
        private AssetKind kind;
        private Optional<String> layer = Optional.empty();
        private Materialization materialization;
        private Location location;
        private Optional<Relation> relation = Optional.empty();
        private ModelConfig config = ModelConfig.EMPTY;
        private String description = "";
        private Set<String> tags = Set.of();
        private List<String> fqn = List.of();
        private Set<AssetKey> deps = Set.of();
        private Optional<String> sql = Optional.empty();
        private List<ColumnDefinition> columns = List.of();
        private List<CheckDefinition> checks = List.of();
        private Hooks hooks = Hooks.NONE;
        private List<io.strata.project.Export> exports = List.of();

        private Builder() {
        }

        public Builder key(AssetKey key) {
            this.key = key;
            return this;
        }

        public Builder kind(AssetKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder layer(Optional<String> layer) {
            this.layer = layer;
            return this;
        }

        public Builder materialization(Materialization materialization) {
            this.materialization = materialization;
            return this;
        }

        public Builder location(Location location) {
            this.location = location;
            return this;
        }

        public Builder relation(Relation relation) {
            this.relation = Optional.of(relation);
            return this;
        }

        public Builder config(ModelConfig config) {
            this.config = config;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder tags(Set<String> tags) {
            this.tags = tags;
            return this;
        }

        public Builder fqn(List<String> fqn) {
            this.fqn = fqn;
            return this;
        }

        public Builder deps(Set<AssetKey> deps) {
            this.deps = deps;
            return this;
        }

        public Builder sql(String sql) {
            this.sql = Optional.of(sql);
            return this;
        }

        public Builder columns(List<ColumnDefinition> columns) {
            this.columns = columns;
            return this;
        }

        public Builder checks(List<CheckDefinition> checks) {
            this.checks = checks;
            return this;
        }

        public Builder hooks(Hooks hooks) {
            this.hooks = hooks;
            return this;
        }

        public Builder exports(List<io.strata.project.Export> exports) {
            this.exports = exports;
            return this;
        }

        public Asset build() {
            return new Asset(key, kind, layer, materialization, location, relation, config, description, tags, fqn, deps, sql, columns, checks, hooks, exports);
        }
    }
}
