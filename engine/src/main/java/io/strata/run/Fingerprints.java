package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.engine.Engine;
import io.strata.lake.RelationState;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.graph.AssetKind;
import io.strata.partition.Partition;
import io.strata.partition.PartitionMapping;
import io.strata.partition.PartitionsDefinition;
import io.strata.project.Materialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The fingerprint of building a model or seed on a branch now: its compiled SQL (or a seed's file), its
 * materialization and configuration, and the version of everything it reads (a table's snapshot, a view's
 * or ephemeral model's own fingerprint). A model whose fingerprint equals the one recorded with its current
 * data would be built into the same data, so it is up to date. Empty when that cannot be known: SQL that
 * reads the clock or a random source, an input whose version the engine cannot tell.
 */
final class Fingerprints {
    /** What changes between runs though nothing else did: the clock and random sources. */
    private static final Pattern VOLATILE = Pattern.compile(
            "(?i)\\b(current_date|current_time|current_timestamp|localtime|localtimestamp)\\b|\\b(now|rand|random|uuid|shuffle)\\s*\\(");
    /** Comments and string literals, where those words mean nothing. */
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile("--[^\\n]*|/\\*.*?\\*/|'(?:[^']|'')*'", Pattern.DOTALL);

    private final AssetGraph graph;
    private final Engine engine;
    private final String branch;
    private final Path root;

    Fingerprints(AssetGraph graph, Engine engine, String branch, Path root) {
        this.graph = graph;
        this.engine = engine;
        this.branch = branch;
        this.root = root;
    }

    /**
     * Whether fingerprints apply: models that are built (views, tables, incremental), seeds, and Java assets with a code
     * version. Never to a snapshot: it records what its query gives now, so each run that selects it builds it.
     */
    static boolean applies(Asset asset) {
        if (PartitionsDefinition.declared(asset)) {
            // A partitioned model is up to date partition by partition (ofPartitions).
            return false;
        }
        if (asset.materialization() == Materialization.SNAPSHOT) {
            return false;
        }
        return asset.relation().isPresent() && (asset.kind() == AssetKind.SEED
                || asset.kind() == AssetKind.MODEL && asset.materialization() != Materialization.EPHEMERAL
                // A Java asset with a code version: the version stands for its code as SQL does for a model.
                || asset.kind() == AssetKind.CODE && asset.config().values().containsKey("code_version"));
    }

    Optional<String> of(Asset asset) {
        MessageDigest digest = sha256();
        update(digest, "strata fingerprint 1", asset.kind().name(), asset.materialization().label(), new TreeMap<>(asset.config().values()).toString());
        if (!asset.hooks().isEmpty()) {
            // As compiled: a var() or a renamed relation changes a hook whose config reads the same. Only then, so that
            // the fingerprints of assets without hooks stay as they were.
            update(digest, "hooks", asset.hooks().toString());
        }
        if (asset.kind() == AssetKind.SEED) {
            try {
                digest.update(Files.readAllBytes(root.resolve(asset.path())));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Optional.of(HexFormat.of().formatHex(digest.digest()));
        }
        String sql = asset.sql().orElse("");
        if (readsClockOrRandom(sql)) {
            return Optional.empty();
        }
        update(digest, sql);
        for (AssetKey parent : graph.parents(asset.key()).stream().sorted(java.util.Comparator.comparing(AssetKey::toString)).toList()) {
            Optional<String> version = version(graph.require(parent));
            if (version.isEmpty()) {
                return Optional.empty();
            }
            update(digest, parent.toString(), version.get());
        }
        return Optional.of(HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * The fingerprints of building partitions of a partitioned model now, by key: its SQL and configuration, the
     * partition, and the version of what the partition reads: of an input partitioned in time as it is, the
     * fingerprints of the input's partitions whose windows overlap it, or overlap its window shifted by the offsets
     * of a declared mapping (of one with the same static values, the partition of the same value); of any other
     * input, its version. A partition whose fingerprint differs from the one recorded with it is stale. Empty when
     * that cannot be known (SQL that reads the clock, an input of unknown version): every partition asked for is built.
     */
    Optional<java.util.Map<String, String>> ofPartitions(Asset asset, PartitionsDefinition definition, java.util.List<Partition> partitions) {
        String sql = asset.sql().orElse("");
        if (readsClockOrRandom(sql)) {
            return Optional.empty();
        }
        java.util.List<PartitionMapping> mappings = PartitionMapping.declared(asset);
        java.util.List<java.util.function.Function<Partition, String>> inputs = new java.util.ArrayList<>();
        for (AssetKey parent : graph.parents(asset.key()).stream().sorted(java.util.Comparator.comparing(AssetKey::toString)).toList()) {
            Asset input = graph.require(parent);
            Optional<PartitionsDefinition> inputPartitions;
            try {
                inputPartitions = PartitionsDefinition.of(input);
            }
            catch (IllegalArgumentException e) {
                inputPartitions = Optional.empty();
            }
            if (inputPartitions.isPresent() && inputPartitions.get().contiguous() == definition.contiguous() && input.relation().isPresent()) {
                RecordedPartitions recorded = new RecordedPartitions(inputPartitions.get(), engine.partitionFingerprints(branch, input.relation().get()));
                Optional<PartitionMapping> mapping = mappings.stream().filter(declared -> declared.names(parent)).findFirst();
                inputs.add(partition -> {
                    Partition read = mapping.map(declared -> declared.read(definition, partition)).orElse(partition);
                    return parent + " " + recorded.overlapping(read);
                });
                continue;
            }
            Optional<String> version = version(input);
            if (version.isEmpty()) {
                return Optional.empty();
            }
            inputs.add(partition -> parent + " " + version.get());
        }
        String config = new TreeMap<>(asset.config().values()).toString();
        java.util.Map<String, String> fingerprints = new java.util.LinkedHashMap<>();
        for (Partition partition : partitions) {
            MessageDigest digest = sha256();
            update(digest, "strata partition fingerprint 1", asset.materialization().label(), config, sql, partition.key());
            inputs.forEach(input -> update(digest, input.apply(partition)));
            fingerprints.put(partition.key(), HexFormat.of().formatHex(digest.digest()));
        }
        return Optional.of(fingerprints);
    }

    static boolean readsClockOrRandom(String sql) {
        return VOLATILE.matcher(COMMENTS_AND_STRINGS.matcher(sql).replaceAll(" ")).find();
    }

    /** The version of an input as the branch holds it now. */
    private Optional<String> version(Asset input) {
        if (input.kind() == AssetKind.MODEL && input.materialization() == Materialization.EPHEMERAL) {
            return of(input).map(fingerprint -> "ephemeral " + fingerprint);
        }
        return input.relation().flatMap(relation -> engine.state(branch, relation)).map(RelationState::version);
    }

    private static void update(MessageDigest digest, String... parts) {
        for (String part : parts) {
            digest.update(part.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
