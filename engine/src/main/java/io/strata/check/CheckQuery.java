package io.strata.check;

import io.strata.graph.Asset;
import io.strata.project.CheckDefinition;
import io.strata.project.Relation;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The SQL of a data test: a query whose rows are the failures, as dbt's built-in generic tests define
 * them. {@code where} (config) narrows the tested rows.
 */
public final class CheckQuery {
    private CheckQuery() {
    }

    /** dbt's naming: {@code not_null_orders_id}, {@code accepted_values_orders_status}. */
    public static String name(CheckDefinition check, Asset asset) {
        return check.config().alias().orElseGet(() -> (check.test() + "_" + asset.name() + check.column().map(column -> "_" + column).orElse(""))
                .replaceAll("[^A-Za-z0-9_]", "_"));
    }

    /**
     * The failing-rows query, or empty for a test Strata has no SQL for (custom generic tests).
     *
     * @param relationOf the relation of a model or seed by name, for {@code relationships}' {@code to}
     */
    public static Optional<String> sql(CheckDefinition check, Asset asset, Function<String, Optional<Relation>> relationOf) {
        return sql(check, asset, relationOf, Optional.empty());
    }

    /**
     * The failing-rows query over some of the asset's rows: {@code rows} is a SQL condition on them (those of the
     * partitions a run built), applied as the {@code where} config is, and with it.
     */
    public static Optional<String> sql(CheckDefinition check, Asset asset, Function<String, Optional<Relation>> relationOf, Optional<String> rows) {
        Relation relation = asset.relation().orElseThrow(() -> new IllegalArgumentException(asset.key() + " has no relation to test"));
        List<String> conditions = java.util.stream.Stream.of(check.config().string("where"), rows).flatMap(Optional::stream).toList();
        String tested = switch (conditions.size()) {
            case 0 -> relation.render();
            case 1 -> "(SELECT * FROM " + relation.render() + " WHERE " + conditions.getFirst() + ")";
            default -> "(SELECT * FROM " + relation.render() + " WHERE " + conditions.stream().map(condition -> "(" + condition + ")")
                    .collect(Collectors.joining(" AND ")) + ")";
        };
        if (check.sql().isPresent()) {
            // dbt's get_where_subquery: the rows tested, as a subquery named dbt_subquery.
            return Optional.of(check.sql().get().replace(CheckDefinition.TESTED_MODEL, conditions.isEmpty() ? tested : tested + " dbt_subquery"));
        }
        Optional<String> column = check.column().map(CheckQuery::column);
        return switch (check.test()) {
            case "not_null" -> Optional.of("SELECT * FROM " + tested + " AS tested WHERE " + require(column, check) + " IS NULL");
            case "unique" -> Optional.of("SELECT " + require(column, check) + " AS unique_field, count(*) AS n_records FROM " + tested
                    + " AS tested WHERE " + column.get() + " IS NOT NULL GROUP BY " + column.get() + " HAVING count(*) > 1");
            case "accepted_values" -> Optional.of("SELECT " + require(column, check) + " AS value_field, count(*) AS n_records FROM " + tested
                    + " AS tested WHERE " + column.get() + " NOT IN (" + values(check) + ") GROUP BY " + column.get());
            case "relationships" -> {
                String to = String.valueOf(check.arguments().get("to"));
                String model = check.referencedModels().stream().findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("relationships test on " + asset.key() + " needs to: ref('model')"));
                Relation parent = relationOf.apply(model).orElseThrow(() -> new IllegalArgumentException(to + " names no model"));
                String field = Relation.quote(String.valueOf(check.arguments().get("field")));
                yield Optional.of("SELECT child." + require(column, check) + " AS from_field FROM " + tested + " AS child LEFT JOIN "
                        + parent.render() + " AS parent ON child." + column.get() + " = parent." + field
                        + " WHERE child." + column.get() + " IS NOT NULL AND parent." + field + " IS NULL");
            }
            case "expression_is_true" -> {
                String expression = String.valueOf(check.arguments().get("expression"));
                yield Optional.of("SELECT * FROM " + tested + " AS tested WHERE NOT (" + column.map(c -> c + " ").orElse("") + expression + ")");
            }
            default -> Optional.empty();
        };
    }

    /**
     * Words that name columns often (a month, a period, a language) but that Dremio's grammar reserves, as SQL's does:
     * written bare, a check on such a column fails to parse there. Quoted, the lower-case name reads the same column on
     * every engine.
     */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("all", "and", "any", "array", "as", "at", "between", "both", "by",
            "case", "cast", "check", "column", "condition", "constraint", "create", "cross", "cube", "current", "date", "day", "default",
            "delete", "desc", "distinct", "drop", "else", "end", "escape", "except", "exists", "extract", "false", "fetch", "filter", "for",
            "from", "full", "function", "group", "grouping", "having", "hour", "in", "inner", "insert", "intersect", "interval", "into", "is",
            "join", "language", "lateral", "leading", "left", "like", "limit", "local", "minute", "month", "natural", "new", "not", "null",
            "of", "offset", "on", "or", "order", "outer", "over", "partition", "period", "position", "range", "right", "rollup", "row", "rows",
            "second", "select", "set", "some", "table", "then", "time", "timestamp", "to", "trailing", "true", "union", "unique", "unnest",
            "update", "user", "using", "value", "values", "when", "where", "window", "with", "year");

    /** A tested column as the check's SQL names it: quoted when it is not a plain identifier or is a reserved word. */
    static String column(String name) {
        return RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT)) ? '"' + name + '"' : Relation.quote(name);
    }

    private static String require(Optional<String> column, CheckDefinition check) {
        return column.orElseThrow(() -> new IllegalArgumentException("test '" + check.test() + "' at " + check.location()
                + " tests a column: declare it under one"));
    }

    /**
     * {@code values} as SQL literals: strings quoted, numbers and booleans bare, so that a bigint or boolean column
     * compares with values of its own type (Trino finds no common type for bigint and varchar). dbt's {@code quote}
     * decides for all of them when given: {@code true} quotes every value, {@code false} none.
     */
    private static String values(CheckDefinition check) {
        Object values = check.arguments().get("values");
        if (!(values instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("accepted_values at " + check.location() + " needs values: [...]");
        }
        Optional<Boolean> quote = Optional.ofNullable(check.arguments().get("quote")).map(value -> Boolean.parseBoolean(String.valueOf(value)));
        return list.stream()
                .map(value -> quote.orElse(!(value instanceof Number || value instanceof Boolean))
                        ? "'" + String.valueOf(value).replace("'", "''") + "'"
                        : String.valueOf(value))
                .collect(Collectors.joining(", "));
    }
}
