package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.engine.Engine;
import io.strata.lake.RelationState;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.graph.AssetKind;
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

    /** Whether fingerprints apply: models that are built (views, tables, incremental), seeds, and Java assets with a code version. */
    static boolean applies(Asset asset) {
        return asset.relation().isPresent() && (asset.kind() == AssetKind.SEED
                || asset.kind() == AssetKind.MODEL && asset.materialization() != Materialization.EPHEMERAL
                // A Java asset with a code version: the version stands for its code as SQL does for a model.
                || asset.kind() == AssetKind.CODE && asset.config().values().containsKey("code_version"));
    }

    Optional<String> of(Asset asset) {
        MessageDigest digest = sha256();
        update(digest, "strata fingerprint 1", asset.kind().name(), asset.materialization().label(), new TreeMap<>(asset.config().values()).toString());
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
