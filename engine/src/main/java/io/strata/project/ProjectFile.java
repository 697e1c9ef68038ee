package io.strata.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The project file: {@code strata.yml}, or a dbt project's {@code dbt_project.yml} read as it is.
 *
 * @param fileName {@code strata.yml} or {@code dbt_project.yml}
 * @param text the file's text, kept to tell when it changed
 * @param name the project name, which ref('project', 'model') may name
 * @param modelPaths folders holding models and their YAML ({@code model-paths}, default {@code models})
 * @param macroPaths folders holding macros ({@code macro-paths}, default {@code macros})
 * @param seedPaths folders holding CSV seeds ({@code seed-paths}, default {@code seeds})
 * @param testPaths folders holding singular tests ({@code test-paths}, default {@code tests})
 * @param snapshotPaths folders holding snapshots and their YAML ({@code snapshot-paths}, default {@code snapshots})
 * @param vars project variables read by {@code var()}
 * @param modelConfigs folder configs for models ({@code models:})
 * @param seedConfigs folder configs for seeds ({@code seeds:})
 * @param snapshotConfigs folder configs for snapshots ({@code snapshots:})
 * @param defaultProfile the profile used when none is chosen ({@code profile:}, default {@code local})
 * @param profiles the profiles the project declares ({@code profiles:}, strata.yml only)
 * @param dispatch {@code dispatch:}: for a macro namespace, the packages {@code adapter.dispatch} searches, in order
 * @param warnings what reading the file found to warn of (a {@code require-dbt-version} that excludes the dbt Strata follows)
 */
public record ProjectFile(
        String fileName,
        String text,
        String name,
        List<String> modelPaths,
        List<String> macroPaths,
        List<String> seedPaths,
        List<String> testPaths,
        List<String> snapshotPaths,
        Map<String, Object> vars,
        ConfigTree modelConfigs,
        ConfigTree seedConfigs,
        ConfigTree snapshotConfigs,
        String defaultProfile,
        Map<String, Profile> profiles,
        Map<String, List<String>> dispatch,
        List<Diagnostic> warnings) {

    public static final String STRATA_FILE = "strata.yml";
    public static final String DBT_FILE = "dbt_project.yml";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public ProjectFile {
        requireNonNull(fileName, "fileName");
        requireNonNull(text, "text");
        requireNonNull(name, "name");
        modelPaths = List.copyOf(modelPaths);
        macroPaths = List.copyOf(macroPaths);
        seedPaths = List.copyOf(seedPaths);
        testPaths = List.copyOf(testPaths);
        snapshotPaths = List.copyOf(snapshotPaths);
        vars = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        requireNonNull(modelConfigs, "modelConfigs");
        requireNonNull(seedConfigs, "seedConfigs");
        requireNonNull(snapshotConfigs, "snapshotConfigs");
        requireNonNull(defaultProfile, "defaultProfile");
        profiles = Map.copyOf(profiles);
        dispatch = Map.copyOf(dispatch);
        warnings = List.copyOf(warnings);
    }

    /** This project file with its variables and folder configs as given (after Jinja in them was rendered). */
    public ProjectFile withValues(Map<String, Object> newVars, Map<String, Object> newModelConfigs, Map<String, Object> newSeedConfigs,
                                  Map<String, Object> newSnapshotConfigs) {
        return new ProjectFile(fileName, text, name, modelPaths, macroPaths, seedPaths, testPaths, snapshotPaths, newVars,
                new ConfigTree(newModelConfigs), new ConfigTree(newSeedConfigs), new ConfigTree(newSnapshotConfigs), defaultProfile, profiles,
                dispatch, warnings);
    }

    /** Finds the project file in {@code root}: {@code strata.yml} first, then {@code dbt_project.yml}. */
    public static Path locate(Path root) {
        for (String candidate : List.of(STRATA_FILE, DBT_FILE)) {
            Path file = root.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new ProjectNotFoundException(root);
    }

    public static ProjectFile load(Path root) {
        Path file = locate(root);
        try {
            return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new ProjectException(Diagnostic.error(Location.of(file.getFileName().toString()),
                    "cannot read the project file: " + e.getMessage()));
        }
    }

    public static ProjectFile parse(String fileName, String text) {
        YamlNode root = YamlReader.read(fileName, text)
                .orElseThrow(() -> new ProjectException(Diagnostic.error(Location.of(fileName),
                        "the project file is empty: it needs at least 'name: <project name>'")));
        if (!(root instanceof YamlNode.Mapping mapping)) {
            throw new ProjectException(Diagnostic.error(root.location(), "the project file must be a mapping of keys to values"));
        }
        YamlNode nameNode = mapping.get("name").orElseThrow(() -> new ProjectException(
                Diagnostic.error(mapping.location(), "the project file has no 'name:'")));
        String name = scalar(nameNode, "name");
        if (!NAME.matcher(name).matches()) {
            throw new ProjectException(Diagnostic.error(nameNode.location(),
                    "project name '" + name + "' must be letters, digits and underscores, not starting with a digit"));
        }
        Map<String, Profile> profiles = profiles(mapping);
        String defaultProfile = mapping.get("profile").map(node -> scalar(node, "profile")).orElse(Profile.DEFAULT_NAME);
        if (fileName.equals(STRATA_FILE) && !profiles.isEmpty() && !profiles.containsKey(defaultProfile)) {
            throw new ProjectException(Diagnostic.error(mapping.locationOf("profile"),
                    "profile '" + defaultProfile + "' is not among the profiles declared here: " + profiles.keySet()));
        }
        return new ProjectFile(
                fileName,
                text,
                name,
                paths(mapping, List.of("model-paths", "source-paths"), "models"),
                paths(mapping, List.of("macro-paths"), "macros"),
                paths(mapping, List.of("seed-paths", "data-paths"), "seeds"),
                paths(mapping, List.of("test-paths"), "tests"),
                paths(mapping, List.of("snapshot-paths"), "snapshots"),
                map(mapping, "vars"),
                new ConfigTree(map(mapping, "models")),
                new ConfigTree(map(mapping, "seeds")),
                new ConfigTree(map(mapping, "snapshots")),
                defaultProfile,
                profiles,
                dispatch(mapping),
                java.util.stream.Stream.concat(DbtCompatibility.check(mapping, name).stream(), runHookWarnings(mapping).stream()).toList());
    }

    /**
     * dbt's {@code on-run-start} and {@code on-run-end} are read but do not run yet: a warning at each that holds a statement.
     * Running them would need a place before the first asset and after the last one on the run's branch.
     */
    private static List<Diagnostic> runHookWarnings(YamlNode.Mapping mapping) {
        List<Diagnostic> warnings = new java.util.ArrayList<>();
        for (String key : List.of("on-run-start", "on-run-end")) {
            Optional<YamlNode> node = mapping.get(key);
            long statements = node.map(ProjectFile::statementCount).orElse(0L);
            if (statements > 0) {
                warnings.add(Diagnostic.warning(mapping.locationOf(key), key + " holds " + statements + (statements == 1 ? " statement" : " statements")
                        + " that Strata does not run yet; run them as a model's pre-hook or post-hook instead"));
            }
        }
        return warnings;
    }

    private static long statementCount(YamlNode node) {
        return switch (node) {
            case YamlNode.Sequence sequence -> sequence.items().stream().mapToLong(ProjectFile::statementCount).sum();
            case YamlNode.Scalar scalar -> scalar.isNull() || scalar.text().isBlank() ? 0 : 1;
            case YamlNode.Mapping ignored -> 1;
        };
    }

    /** {@code dispatch: [{macro_namespace: dbt_utils, search_order: [my_project, dbt_utils]}]}. */
    private static Map<String, List<String>> dispatch(YamlNode.Mapping mapping) {
        Optional<YamlNode> node = mapping.get("dispatch");
        if (node.isEmpty() || node.get() instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            return Map.of();
        }
        if (!(node.get() instanceof YamlNode.Sequence entries)) {
            throw new ProjectException(Diagnostic.error(node.get().location(),
                    "'dispatch' must be a list of {macro_namespace: <package>, search_order: [<package>, ...]}"));
        }
        Map<String, List<String>> dispatch = new LinkedHashMap<>();
        for (YamlNode entry : entries.items()) {
            if (!(entry instanceof YamlNode.Mapping settings) || settings.get("macro_namespace").isEmpty()
                    || !(settings.get("search_order").orElse(null) instanceof YamlNode.Sequence order)) {
                throw new ProjectException(Diagnostic.error(entry.location(),
                        "a 'dispatch' entry needs 'macro_namespace: <package>' and 'search_order: [<package>, ...]'"));
            }
            dispatch.put(scalar(settings.get("macro_namespace").get(), "macro_namespace"),
                    order.items().stream().map(item -> scalar(item, "search_order")).toList());
        }
        return dispatch;
    }

    /** The profile to run with: the one named, or the project's default; unknown names are an error. */
    public Profile profile(Optional<String> requested) {
        String profileName = requested.orElse(defaultProfile);
        Profile profile = profiles.get(profileName);
        if (profile != null) {
            return profile;
        }
        if (requested.isPresent() && !profiles.isEmpty()) {
            throw new ProjectException(Diagnostic.error(Location.of(fileName),
                    "no profile '" + profileName + "'; declared profiles: " + profiles.keySet()));
        }
        return new Profile(profileName, "trino", Profile.DEFAULT_SCHEMA, Map.of());
    }

    private static Map<String, Profile> profiles(YamlNode.Mapping mapping) {
        Map<String, Profile> profiles = new LinkedHashMap<>();
        Optional<YamlNode> node = mapping.get("profiles");
        if (node.isEmpty()) {
            return profiles;
        }
        if (!(node.get() instanceof YamlNode.Mapping entries)) {
            throw new ProjectException(Diagnostic.error(node.get().location(), "'profiles' must map profile names to settings"));
        }
        entries.entries().forEach((profileName, value) -> {
            if (!(value instanceof YamlNode.Mapping settings)) {
                throw new ProjectException(Diagnostic.error(value.location(), "profile '" + profileName + "' must be a mapping"));
            }
            Map<String, Object> plain = settings.toPlain();
            Object type = plain.getOrDefault("type", "trino");
            Object schema = plain.getOrDefault("schema", Profile.DEFAULT_SCHEMA);
            profiles.put(profileName, new Profile(profileName, type.toString(), schema.toString(), plain));
        });
        return profiles;
    }

    private static List<String> paths(YamlNode.Mapping mapping, List<String> keys, String fallback) {
        for (String key : keys) {
            Optional<YamlNode> node = mapping.get(key);
            if (node.isEmpty()) {
                continue;
            }
            return switch (node.get()) {
                case YamlNode.Sequence sequence -> sequence.items().stream().map(item -> scalar(item, key)).toList();
                case YamlNode.Scalar scalar when !scalar.isNull() -> List.of(scalar.text());
                default -> throw new ProjectException(Diagnostic.error(node.get().location(), "'" + key + "' must be a list of folders"));
            };
        }
        return List.of(fallback);
    }

    private static Map<String, Object> map(YamlNode.Mapping mapping, String key) {
        Optional<YamlNode> node = mapping.get(key);
        if (node.isEmpty() || node.get() instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            return Map.of();
        }
        if (!(node.get() instanceof YamlNode.Mapping value)) {
            throw new ProjectException(Diagnostic.error(node.get().location(), "'" + key + "' must be a mapping"));
        }
        return value.toPlain();
    }

    private static String scalar(YamlNode node, String key) {
        if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            return scalar.text();
        }
        throw new ProjectException(Diagnostic.error(node.location(), "'" + key + "' must be a single value"));
    }
}
