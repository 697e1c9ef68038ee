package io.strata.engine;

import io.strata.lake.LakeEndpoints;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.Profile;
import io.strata.project.ProjectException;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Makes the {@link Engine} of a profile's {@code type:} ({@code trino}, {@code dremio}). Providers are
 * found with {@link ServiceLoader} ({@code META-INF/services/io.strata.engine.EngineProvider}); a new engine
 * is one package with an {@code Engine}, its provider and a subclass of the engine contract tests.
 */
public interface EngineProvider {
    /** The profile type this provider serves. */
    String type();

    /** An engine for the profile, reaching the lake at the endpoints; the caller closes it. */
    Engine open(Profile profile, LakeEndpoints endpoints);

    /** The provider of the profile's type, or a project error naming the types on the class path. */
    static EngineProvider forProfile(Profile profile) {
        List<EngineProvider> providers = ServiceLoader.load(EngineProvider.class, EngineProvider.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
        return providers.stream().filter(provider -> provider.type().equals(profile.type())).findFirst()
                .orElseThrow(() -> new ProjectException(Diagnostic.error(Location.of("strata.yml"), "profile '" + profile.name()
                        + "' has type '" + profile.type() + "'; the engines Strata has are: "
                        + String.join(", ", providers.stream().map(EngineProvider::type).sorted().toList()))));
    }
}
