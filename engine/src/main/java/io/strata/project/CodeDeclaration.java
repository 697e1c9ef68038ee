package io.strata.project;

import io.strata.api.AssetSpec;

import static java.util.Objects.requireNonNull;

/**
 * A Java asset's declaration, carried from compilation to its build: its spec, with the code that builds it and its
 * checks, and the project file's declarations of the resources it uses.
 */
public record CodeDeclaration(AssetSpec spec, Location location, java.util.Map<String, ResourceDeclaration> resources) implements AssetDeclaration {
    public CodeDeclaration {
        requireNonNull(spec, "spec");
        requireNonNull(location, "location");
        resources = java.util.Map.copyOf(resources);
    }

    @Override
    public String name() {
        return spec.key().name();
    }
}
