package io.strata.project;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A data test (check) declared in YAML, as dbt writes them: {@code not_null}, {@code unique},
 * {@code accepted_values: {values: [...]}}, {@code relationships: {to: ref('x'), field: id}}, … on a
 * column or on a whole asset.
 *
 * @param test the test's name ({@code not_null}, {@code accepted_values}, a custom generic test)
 * @param column the column it tests, if it was declared under a column
 * @param arguments the test's arguments ({@code values}, {@code to}, {@code field}, …)
 * @param config {@code severity}, {@code warn_if}, {@code error_if}, {@code store_failures}, {@code where}, …
 * @param location where it was declared
 * @param sql a custom generic test's failing-rows query, rendered from its {@code {% test %}} block at compile time, the
 *            tested model written {@link #TESTED_MODEL}; empty for the tests Strata writes itself
 */
public record CheckDefinition(String test, Optional<String> column, Map<String, Object> arguments, ModelConfig config, Location location,
                              Optional<String> sql) {
    /** Where a custom generic test's SQL reads the tested model, replaced by its relation (or the rows tested) when it runs. */
    public static final String TESTED_MODEL = "__strata_tested_model__";
    private static final Set<String> CONFIG_KEYS = Set.of(
            "severity", "warn_if", "error_if", "store_failures", "store_failures_as", "where", "limit", "tags",
            "enabled", "meta", "fail_calc", "alias", "schema", "database");
    private static final Pattern REF = Pattern.compile("ref\\(\\s*['\"]([^'\"]+)['\"]\\s*(?:,\\s*['\"]([^'\"]+)['\"]\\s*)?\\)");
    private static final Pattern SOURCE = Pattern.compile("source\\(\\s*['\"]([^'\"]+)['\"]\\s*,\\s*['\"]([^'\"]+)['\"]\\s*\\)");

    public CheckDefinition {
        requireNonNull(test, "test");
        requireNonNull(column, "column");
        arguments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        requireNonNull(config, "config");
        requireNonNull(location, "location");
        requireNonNull(sql, "sql");
    }

    public CheckDefinition(String test, Optional<String> column, Map<String, Object> arguments, ModelConfig config, Location location) {
        this(test, column, arguments, config, location, Optional.empty());
    }

    /** The same test with its rendered SQL. */
    public CheckDefinition withSql(String rendered) {
        return new CheckDefinition(test, column, arguments, config, location, Optional.of(rendered));
    }

    /** Reads the list under {@code tests:} or {@code data_tests:} of a model, source table or column. */
    public static List<CheckDefinition> parseAll(YamlNode.Mapping owner, Optional<String> column) {
        List<CheckDefinition> checks = new java.util.ArrayList<>();
        for (String key : List.of("data_tests", "tests")) {
            for (YamlNode item : owner.sequence(key)) {
                checks.add(parse(item, column));
            }
        }
        return List.copyOf(checks);
    }

    public static CheckDefinition parse(YamlNode node, Optional<String> column) {
        return switch (node) {
            case YamlNode.Scalar scalar when !scalar.isNull() -> new CheckDefinition(
                    scalar.text(), column, Map.of(), ModelConfig.EMPTY, scalar.location());
            case YamlNode.Mapping mapping when mapping.entries().size() == 1 -> {
                String test = mapping.entries().keySet().iterator().next();
                YamlNode body = mapping.entries().get(test);
                Map<String, Object> arguments = new LinkedHashMap<>();
                Map<String, Object> config = new LinkedHashMap<>();
                if (body instanceof YamlNode.Mapping settings) {
                    settings.toPlain().forEach((key, value) -> {
                        switch (key) {
                            case "config" -> {
                                if (value instanceof Map<?, ?> values) {
                                    values.forEach((k, v) -> config.put(k.toString(), v));
                                }
                            }
                            case "arguments" -> {
                                if (value instanceof Map<?, ?> values) {
                                    values.forEach((k, v) -> arguments.put(k.toString(), v));
                                }
                            }
                            case "name" -> config.put("alias", value);
                            default -> (CONFIG_KEYS.contains(key) ? config : arguments).put(key, value);
                        }
                    });
                }
                else if (!(body instanceof YamlNode.Scalar scalar && scalar.isNull())) {
                    throw new ProjectException(Diagnostic.error(body.location(),
                            "the arguments of test '" + test + "' must be a mapping"));
                }
                CheckDefinition check = new CheckDefinition(test, column, arguments, new ModelConfig(config), mapping.location());
                check.severity();
                yield check;
            }
            default -> throw new ProjectException(Diagnostic.error(node.location(),
                    "a test is a name (not_null) or a mapping with one test name (accepted_values: {values: [...]})"));
        };
    }

    /** {@code error} unless the test says {@code severity: warn}. */
    public Severity severity() {
        String value = config.string("severity").orElse("error").toLowerCase(java.util.Locale.ROOT);
        return switch (value) {
            case "error" -> Severity.ERROR;
            case "warn" -> Severity.WARN;
            default -> throw new ProjectException(Diagnostic.error(location,
                    "severity of test '" + test + "' must be 'warn' or 'error', not '" + value + "'"));
        };
    }

    /** Models named in the arguments, as {@code relationships}' {@code to: ref('customers')} does. */
    public List<String> referencedModels() {
        List<String> names = new java.util.ArrayList<>();
        for (Object value : arguments.values()) {
            if (value instanceof String text) {
                Matcher matcher = REF.matcher(text);
                while (matcher.find()) {
                    names.add(matcher.group(2) != null ? matcher.group(2) : matcher.group(1));
                }
            }
        }
        return names;
    }

    /** Source tables named in the arguments, as pairs (source, table). */
    public List<List<String>> referencedSources() {
        List<List<String>> tables = new java.util.ArrayList<>();
        for (Object value : arguments.values()) {
            if (value instanceof String text) {
                Matcher matcher = SOURCE.matcher(text);
                while (matcher.find()) {
                    tables.add(List.of(matcher.group(1), matcher.group(2)));
                }
            }
        }
        return tables;
    }

    public enum Severity { WARN, ERROR }
}
