package io.strata.api;

import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What a Java (code) asset declares about itself: its key, the assets it reads, and how it is shown.
 *
 * @param key the asset's key
 * @param deps the keys of the assets this asset reads; each must exist in the project
 * @param description free text shown by {@code strata ls} and the UI
 * @param layer the layer it belongs to ({@code bronze}, {@code silver}, {@code gold}, …), if any
 * @param tags tags for selection ({@code tag:x})
 */
public record AssetSpec(AssetKey key, Set<AssetKey> deps, String description, Optional<String> layer, Set<String> tags) {
    public AssetSpec {
        requireNonNull(key, "key");
        deps = Set.copyOf(requireNonNull(deps, "deps"));
        description = requireNonNull(description, "description");
        requireNonNull(layer, "layer");
        tags = Set.copyOf(requireNonNull(tags, "tags"));
    }

    public static AssetSpec of(String name, AssetKey... deps) {
        return new AssetSpec(AssetKey.of(name), Set.of(deps), "", Optional.empty(), Set.of());
    }
}
