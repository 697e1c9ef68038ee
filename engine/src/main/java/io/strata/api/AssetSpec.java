package io.strata.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A Java asset: what it declares about itself (its key, the assets it reads, how it is shown), what it produces, and
 * the code that builds it. Made with {@link #builder(String)}:
 * <pre>{@code
 * AssetSpec.builder("order_scores")
 *         .deps("orders")
 *         .layer("gold")
 *         .codeVersion("2")          // a new version, or a changed input, builds it again; otherwise it is up to date
 *         .table()                   // it writes its own table, context.relation()
 *         .partitionedBy(Partitions.daily("2025-01-01").column("scored_on"))   // optional: built partition by partition
 *         .compute(context -> { ...; return AssetResult.rows(n); })
 *         .check(new AssetCheck("scores_positive", AssetCheck.Severity.ERROR, context -> ...))
 *         .build();
 * }</pre>
 *
 * @param key the asset's key
 * @param deps the keys of the assets this asset reads; each must exist in the project
 * @param description free text shown by {@code strata ls} and the UI
 * @param layer the layer it belongs to ({@code bronze}, {@code silver}, {@code gold}, …), if any
 * @param tags tags for selection ({@code tag:x})
 * @param codeVersion the version of its code (Dagster's code_version); without one it is built in every run
 * @param output what it produces: its own table or view, or nothing but side effects
 * @param compute the code that builds it; without it the asset is only declared and a run that selects it fails it
 * @param checks checks written in Java, run after it is built
 * @param resources the names of the project file's {@code resources:} its code uses ({@link AssetContext#resource})
 * @param retryOn exception types of its code that are worth building it again for (as {@link RetryRequested} always is)
 * @param alsoProduces the names of more tables its one build writes (a multi-asset): each an asset of the graph that
 *        reads this one, which SQL models {@code ref()}; the code writes them at {@link AssetContext#relation(String)}
 * @param partitionedBy its partitions, if it is partitioned: its code is called once per partition to build
 *        ({@link AssetContext#partition()}), and what it writes to its table replaces that partition's rows
 */
public record AssetSpec(AssetKey key, Set<AssetKey> deps, String description, Optional<String> layer, Set<String> tags,
                        Optional<String> codeVersion, Output output, Optional<AssetFunction> compute, List<AssetCheck> checks,
                        Set<String> resources, List<Class<? extends Throwable>> retryOn, List<String> alsoProduces,
                        Optional<Partitions> partitionedBy) {
    /** What a Java asset leaves in the lake. */
    public enum Output {
        /** Its own Iceberg table ({@link AssetContext#relation()}), which SQL models {@code ref()} and YAML tests read. */
        TABLE,
        /** Its own view. */
        VIEW,
        /** Nothing in the lake: a file exported, an API called. */
        NONE
    }

    public AssetSpec {
        requireNonNull(key, "key");
        deps = Set.copyOf(requireNonNull(deps, "deps"));
        description = requireNonNull(description, "description");
        requireNonNull(layer, "layer");
        tags = Set.copyOf(requireNonNull(tags, "tags"));
        requireNonNull(codeVersion, "codeVersion");
        requireNonNull(output, "output");
        requireNonNull(compute, "compute");
        checks = List.copyOf(checks);
        resources = Set.copyOf(resources);
        retryOn = List.copyOf(retryOn);
        alsoProduces = List.copyOf(alsoProduces);
        requireNonNull(partitionedBy, "partitionedBy");
    }

    /** A declared asset without code (it joins the graph; a run that selects it fails it). */
    public AssetSpec(AssetKey key, Set<AssetKey> deps, String description, Optional<String> layer, Set<String> tags) {
        this(key, deps, description, layer, tags, Optional.empty(), Output.TABLE, Optional.empty(), List.of(), Set.of(), List.of(), List.of(), Optional.empty());
    }

    public static AssetSpec of(String name, AssetKey... deps) {
        return new AssetSpec(AssetKey.of(name), Set.of(deps), "", Optional.empty(), Set.of());
    }

    /** A Java asset named {@code name} (a key of one part), every property at its default until set. */
    public static Builder builder(String name) {
        return new Builder(AssetKey.of(name));
    }

    /** Builds an {@link AssetSpec}; by default: no deps, no description, layer or tags, no code version, its own table, no checks, no resources. */
    public static final class Builder {
        private final AssetKey key;
        private final Set<AssetKey> deps = new LinkedHashSet<>();
        private String description = "";
        private Optional<String> layer = Optional.empty();
        private final Set<String> tags = new LinkedHashSet<>();
        private Optional<String> codeVersion = Optional.empty();
        private Output output = Output.TABLE;
        private Optional<AssetFunction> compute = Optional.empty();
        private final List<AssetCheck> checks = new ArrayList<>();
        private final Set<String> resources = new LinkedHashSet<>();
        private final List<Class<? extends Throwable>> retryOn = new ArrayList<>();
        private final List<String> alsoProduces = new ArrayList<>();
        private Optional<Partitions> partitionedBy = Optional.empty();

        private Builder(AssetKey key) {
            this.key = key;
        }

        /** The assets it reads, by name. */
        public Builder deps(String... names) {
            Arrays.stream(names).map(AssetKey::of).forEach(deps::add);
            return this;
        }

        public Builder deps(AssetKey... keys) {
            deps.addAll(Arrays.asList(keys));
            return this;
        }

        public Builder description(String text) {
            this.description = text;
            return this;
        }

        public Builder layer(String name) {
            this.layer = Optional.of(name);
            return this;
        }

        public Builder tags(String... names) {
            tags.addAll(Arrays.asList(names));
            return this;
        }

        public Builder codeVersion(String version) {
            this.codeVersion = Optional.of(version);
            return this;
        }

        /** It writes its own table (the default). */
        public Builder table() {
            this.output = Output.TABLE;
            return this;
        }

        /** It makes its own view. */
        public Builder view() {
            this.output = Output.VIEW;
            return this;
        }

        /** It leaves nothing in the lake, only side effects. */
        public Builder sideEffects() {
            this.output = Output.NONE;
            return this;
        }

        public Builder compute(AssetFunction function) {
            this.compute = Optional.of(function);
            return this;
        }

        public Builder check(AssetCheck check) {
            checks.add(check);
            return this;
        }

        /** The project file's resources its code uses, by name. */
        public Builder resources(String... names) {
            resources.addAll(Arrays.asList(names));
            return this;
        }

        /** Exception types of its code worth building it again for, as the run's retry policy allows. */
        @SafeVarargs
        public final Builder retryOn(Class<? extends Throwable>... types) {
            retryOn.addAll(Arrays.asList(types));
            return this;
        }

        /** More tables its one build writes, each an asset of its own in the graph (a multi-asset). */
        public Builder alsoProduces(String... names) {
            alsoProduces.addAll(Arrays.asList(names));
            return this;
        }

        /**
         * Its partitions ({@code Partitions.daily("2025-01-01").column("sale_date")}): a run builds those missing or stale,
         * calling the code once for each; a partitioned asset needs a {@link #codeVersion(String)}, which its partitions'
         * fingerprints cover.
         */
        public Builder partitionedBy(Partitions partitions) {
            this.partitionedBy = Optional.of(partitions);
            return this;
        }

        public AssetSpec build() {
            return new AssetSpec(key, deps, description, layer, tags, codeVersion, output, compute, checks, resources, retryOn, alsoProduces,
                    partitionedBy);
        }
    }
}
