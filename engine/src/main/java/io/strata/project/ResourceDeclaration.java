package io.strata.project;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * A resource the project file declares under {@code resources:} for Java assets: a database, an HTTP endpoint, any
 * named group of settings. A setting whose key ends in {@code _env} names the environment variable holding its value
 * (a secret never stands in the file); {@code token_env: PARTNER_TOKEN} gives the setting {@code token}.
 * <pre>
 * resources:
 *   partner_api: {type: http, url: "https://api.example.com", token_env: PARTNER_API_TOKEN}
 * </pre>
 *
 * @param settings the settings written in the file
 * @param fromEnvironment setting name → the environment variable holding its value
 */
public record ResourceDeclaration(String name, String type, Map<String, String> settings, Map<String, String> fromEnvironment, Location location) {
    /** Keys that hold secrets: written in the file, they are refused. */
    private static final List<String> SECRETS = List.of("password", "token", "secret", "api_key", "key");

    public ResourceDeclaration {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        fromEnvironment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fromEnvironment));
        requireNonNull(location, "location");
    }

    /** The resources the project file declares, by name; a malformed one is an error naming its line. */
    public static Map<String, ResourceDeclaration> read(ProjectFile file, List<Diagnostic> errors) {
        Map<String, ResourceDeclaration> declared = new LinkedHashMap<>();
        Optional<YamlNode> root = YamlReader.read(file.fileName(), file.text());
        if (root.isEmpty() || !(root.get() instanceof YamlNode.Mapping mapping) || mapping.get("resources").isEmpty()) {
            return declared;
        }
        if (!(mapping.get("resources").get() instanceof YamlNode.Mapping resources)) {
            errors.add(Diagnostic.error(mapping.locationOf("resources"), "'resources:' must map resource names to their settings"));
            return declared;
        }
        resources.entries().forEach((name, node) -> {
            if (!(node instanceof YamlNode.Mapping entry)) {
                errors.add(Diagnostic.error(resources.locationOf(name), "resource '" + name + "' must be a mapping of settings"));
                return;
            }
            Map<String, String> settings = new LinkedHashMap<>();
            Map<String, String> environment = new LinkedHashMap<>();
            entry.entries().forEach((key, value) -> {
                if (!(value instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
                    errors.add(Diagnostic.error(entry.locationOf(key), "resource '" + name + "': '" + key + "' must be a single value"));
                }
                else if (key.endsWith("_env")) {
                    environment.put(key.substring(0, key.length() - "_env".length()), scalar.text());
                }
                else if (SECRETS.contains(key.toLowerCase(Locale.ROOT))) {
                    errors.add(Diagnostic.error(entry.locationOf(key), "resource '" + name + "': a secret never stands in the project file; write '"
                            + key + "_env: VARIABLE' and put the " + key + " in that environment variable"));
                }
                else {
                    settings.put(key, scalar.text());
                }
            });
            String type = settings.getOrDefault("type", "generic");
            declared.put(name, new ResourceDeclaration(name, type, settings, environment, resources.locationOf(name)));
        });
        return declared;
    }

    /**
     * Every setting with its value, those from the environment read through {@code environment}; a variable that is not
     * set is an error naming the resource's line.
     */
    public Map<String, String> resolve(Function<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>(settings);
        List<Diagnostic> missing = new ArrayList<>();
        fromEnvironment.forEach((setting, variable) -> {
            String value = environment.apply(variable);
            if (value == null) {
                missing.add(Diagnostic.error(location, "resource '" + name + "' reads its " + setting + " from the environment variable "
                        + variable + ", which is not set"));
            }
            else {
                values.put(setting, value);
            }
        });
        if (!missing.isEmpty()) {
            throw new ProjectException(missing);
        }
        return values;
    }
}
