package io.strata.project;

/**
 * The dbt whose semantics Strata follows. A package's {@code require-dbt-version} is checked against it: a
 * package that asks for another dbt may rely on behaviour Strata reads differently, so it is warned about.
 */
public final class DbtCompatibility {
    /** The dbt-core version whose project files, Jinja context and package layout Strata reads. */
    public static final String VERSION = "1.9.0";

    private DbtCompatibility() {
    }

    public static SemanticVersion version() {
        return SemanticVersion.parse(VERSION).orElseThrow();
    }

    /**
     * A warning when the project file {@code projectFile} (a {@code dbt_project.yml}, the root project's or a
     * package's) has a {@code require-dbt-version:} (a constraint or a list of them) that excludes the dbt Strata
     * follows, or that cannot be read; empty when it has none or accepts it.
     */
    public static java.util.Optional<Diagnostic> check(YamlNode.Mapping projectFile, String projectName) {
        java.util.Optional<YamlNode> node = projectFile.get("require-dbt-version");
        if (node.isEmpty() || node.get() instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            return java.util.Optional.empty();
        }
        java.util.List<String> constraints = new java.util.ArrayList<>();
        switch (node.get()) {
            case YamlNode.Scalar scalar -> constraints.add(scalar.text());
            case YamlNode.Sequence sequence -> sequence.items().forEach(item -> constraints.add(item instanceof YamlNode.Scalar scalar ? scalar.text() : "?"));
            case YamlNode.Mapping mapping -> constraints.add("?");
        }
        VersionRange range;
        try {
            range = VersionRange.parse(constraints);
        }
        catch (IllegalArgumentException e) {
            return java.util.Optional.of(Diagnostic.warning(node.get().location(), projectName + ": require-dbt-version cannot be read: "
                    + e.getMessage() + "; write a constraint such as '>=1.3.0' or a list such as ['>=1.3.0', '<2.0.0']"));
        }
        if (accepts(range)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Diagnostic.warning(node.get().location(), projectName + " requires dbt " + range
                + ", but Strata follows dbt " + VERSION + ": it may rely on behaviour Strata reads differently"));
    }

    /** Whether a project requiring {@code range} of dbt versions accepts the one Strata follows. */
    public static boolean accepts(VersionRange range) {
        return range.contains(version());
    }
}
