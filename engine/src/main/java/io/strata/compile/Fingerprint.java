package io.strata.compile;

import io.strata.project.Relation;
import io.strata.template.TemplateInputs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Stable digests of what a compilation result depends on, comparable across processes. */
final class Fingerprint {
    private final MessageDigest digest;

    private Fingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Everything a template sees besides its own text and config. */
    static String of(TemplateInputs inputs) {
        Fingerprint fingerprint = new Fingerprint();
        fingerprint.add(inputs.projectName()).value(inputs.vars());
        fingerprint.add(inputs.target().name()).add(inputs.target().type()).add(inputs.target().schema()).value(inputs.target().settings());
        Map<String, Relation> sources = new TreeMap<>();
        inputs.sources().forEach((key, relation) -> sources.put(String.join(".", key), relation));
        sources.forEach((key, relation) -> fingerprint.add(key).add(relation.schema()).add(relation.identifier()));
        new TreeMap<>(inputs.assetRelations()).forEach((name, relation) -> fingerprint.add(name).add(relation.schema()).add(relation.identifier()));
        inputs.existingAssets().stream().sorted().forEach(fingerprint::add);
        fingerprint.add(Boolean.toString(inputs.fullRefresh()));
        // Not the invocation: a render that reads it is never kept (RenderedTemplate.reusable).
        fingerprint.value(inputs.docs());
        return fingerprint.hex();
    }

    /** A digest of compiled SQL, the key of its SQL reading. */
    static String of(String sql) {
        return new Fingerprint().add(sql).hex();
    }

    private Fingerprint add(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) (bytes.length >>> 24));
        digest.update((byte) (bytes.length >>> 16));
        digest.update((byte) (bytes.length >>> 8));
        digest.update((byte) bytes.length);
        digest.update(bytes);
        return this;
    }

    private Fingerprint value(Object value) {
        switch (value) {
            case null -> add("~null");
            case Map<?, ?> map -> {
                add("{" + map.size());
                new TreeMap<>(stringKeys(map)).forEach((key, item) -> add(key).value(item));
            }
            case List<?> list -> {
                add("[" + list.size());
                list.forEach(this::value);
            }
            default -> add(value.getClass().getSimpleName() + ":" + value);
        }
        return this;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> keyed = new TreeMap<>();
        map.forEach((key, item) -> keyed.put(String.valueOf(key), item));
        return keyed;
    }

    private String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
