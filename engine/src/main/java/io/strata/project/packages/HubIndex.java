package io.strata.project.packages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.project.SemanticVersion;
import io.strata.project.StrataException;
import io.strata.project.VersionRange;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The dbt package hub's index ({@code https://hub.getdbt.com/api/v1/<organisation>/<package>.json}): the versions of
 * a hub package and where each is published. A hub version is a tag of a GitHub repository, which the installer
 * clones as a git package.
 */
final class HubIndex {
    static final URI DEFAULT = URI.create("https://hub.getdbt.com/api/v1/");

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern TARBALL = Pattern.compile("https://codeload\\.github\\.com/([^/]+)/([^/]+)/tar\\.gz/(.+)");
    private static final Pattern SOURCE = Pattern.compile("https://github\\.com/([^/]+)/([^/]+)/tree/([^/]+)/?");

    private final URI base;

    HubIndex(URI base) {
        this.base = requireNonNull(base, "base");
    }

    /** One published version of a hub package: the repository and the tag to clone. */
    record Release(String version, String gitUrl, String revision) {
    }

    /** The highest version of {@code hub} within its {@code version:} range. */
    Release release(PackageDeclaration.Hub hub) {
        VersionRange range = VersionRange.parse(hub.versions());
        JsonNode index = index(hub.name());
        Map<SemanticVersion, JsonNode> versions = new LinkedHashMap<>();
        index.path("versions").properties().forEach(entry ->
                SemanticVersion.parse(entry.getKey()).ifPresent(version -> versions.put(version, entry.getValue())));
        SemanticVersion chosen = range.highest(versions.keySet()).orElseThrow(() -> new FetchException(StrataException.Kind.PROJECT,
                "no version of hub package " + hub.name() + " is within " + range + "; the hub has "
                        + (versions.isEmpty() ? "none" : versions.keySet().stream().sorted().map(SemanticVersion::toString).toList())));
        JsonNode release = versions.get(chosen);
        return repository(release.path("downloads").path("tarball").asText(""), TARBALL)
                .or(() -> repository(release.path("_source").path("url").asText(""), SOURCE))
                .map(repository -> new Release(chosen.toString(), repository[0], repository[1]))
                .orElseThrow(() -> new FetchException(StrataException.Kind.PROJECT, "the hub publishes " + hub.name() + " " + chosen
                        + " outside GitHub (" + release.path("downloads").path("tarball").asText("no download") + "), which strata deps cannot fetch:"
                        + " declare it with 'git:' and 'revision:' or download it and declare it with 'local:'"));
    }

    private static Optional<String[]> repository(String url, Pattern pattern) {
        Matcher matcher = pattern.matcher(url);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new String[] {"https://github.com/" + matcher.group(1) + "/" + matcher.group(2) + ".git", matcher.group(3)});
    }

    private JsonNode index(String name) {
        URI uri = base.resolve(name + ".json");
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build()) {
            response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new FetchException(StrataException.Kind.ENVIRONMENT, "the dbt package hub could not be reached at " + uri + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "), so hub package " + name
                    + " cannot be resolved: declare it with 'git: <its repository URL>' and 'revision: <a tag>' instead,"
                    + " or with 'local: <a folder holding it>'");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(StrataException.Kind.ENVIRONMENT, "interrupted while asking the dbt package hub for " + name);
        }
        if (response.statusCode() == 404) {
            throw new FetchException(StrataException.Kind.PROJECT, "the dbt package hub has no package " + name + " (" + uri + ")");
        }
        if (response.statusCode() != 200) {
            throw new FetchException(StrataException.Kind.ENVIRONMENT, "the dbt package hub answered HTTP " + response.statusCode() + " for " + uri);
        }
        try {
            return new ObjectMapper().readTree(response.body());
        }
        catch (IOException e) {
            throw new FetchException(StrataException.Kind.ENVIRONMENT, "the dbt package hub's answer for " + name + " is not JSON: " + e.getMessage());
        }
    }
}
