package io.strata.project;

import io.strata.api.AssetSpec;

import static java.util.Objects.requireNonNull;

/** A Java asset's declaration, carried from compilation to its build: its spec, with the code that builds it and its checks. */
public record CodeDeclaration(AssetSpec spec, Location location) implements AssetDeclaration {
    public CodeDeclaration {
        requireNonNull(spec, "spec");
        requireNonNull(location, "location");
    }

    @Override
    public String name() {
        return spec.key().name();
    }
}
