package io.strata.lineage;

import io.strata.api.AssetKey;
import io.strata.graph.EphemeralCte;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLambda;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Follows the columns of one query's parse tree (Calcite's) to the columns of the assets it reads: through
 * common table expressions, subqueries, joins, set operations, window functions and {@code UNNEST}. What it
 * cannot place (a column of a table that is no asset, a name no relation in scope has) is a warning.
 * <p>
 * Names are compared lower-cased, as Trino folds them.
 */
final class QueryLineage {
    /** Trino's aggregate functions: Calcite reads every function it does not know as a plain call. */
    private static final Set<String> AGGREGATES = Set.of("count", "count_if", "sum", "avg", "min", "max", "max_by", "min_by",
            "array_agg", "string_agg", "listagg", "approx_distinct", "approx_percentile", "approx_set", "approx_most_frequent",
            "arbitrary", "any_value", "bool_and", "bool_or", "every", "checksum", "corr", "covar_pop", "covar_samp",
            "regr_slope", "regr_intercept", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp",
            "geometric_mean", "histogram", "map_agg", "map_union", "multimap_agg", "set_agg", "set_union", "kurtosis",
            "skewness", "bitwise_and_agg", "bitwise_or_agg", "bitwise_xor_agg", "reduce_agg", "numeric_histogram", "entropy",
            "merge", "tdigest_agg", "qdigest_agg", "collect_list", "collect_set");

    /** The asset a table name in FROM stands for; empty when it is none of the project's. */
    private final Function<List<String>, Optional<AssetKey>> tables;
    /** The columns of an asset, when known. */
    private final Function<AssetKey, Optional<List<String>>> columns;
    /** The types of an asset's columns that are known, by lower-cased name. */
    private final Function<AssetKey, Map<String, SqlType>> types;
    /** The engine's functions, whose calls are checked; null when types and calls are not checked (lineage alone). */
    private final SqlFunctions functions;
    private final List<String> warnings = new ArrayList<>();
    private final List<ColumnProblem> problems = new ArrayList<>();

    /** A reader of names and lineage only: types and function calls are not checked. */
    QueryLineage(Function<List<String>, Optional<AssetKey>> tables, Function<AssetKey, Optional<List<String>>> columns) {
        this(tables, columns, key -> Map.of(), null);
    }

    QueryLineage(Function<List<String>, Optional<AssetKey>> tables, Function<AssetKey, Optional<List<String>>> columns,
                 Function<AssetKey, Map<String, SqlType>> types, SqlFunctions functions) {
        this.tables = tables;
        this.columns = columns;
        this.types = types;
        this.functions = functions;
    }

    /** The query's output columns with where each comes from. */
    Shape read(SqlNode query) {
        return query(query, Map.of(), null);
    }

    /** What could not be followed, each once. */
    List<String> warnings() {
        return List.copyOf(new LinkedHashSet<>(warnings));
    }

    /** The column names the query gets wrong, and what it could not check, in the order met. */
    List<ColumnProblem> problems() {
        return List.copyOf(new java.util.LinkedHashSet<>(problems));
    }

    /** A column read from an asset: where it comes from and how. */
    record Origin(ColumnRef column, Derivation derivation) {
    }

    /**
     * The columns of a relation as the query sees it: names in order with their origins, and the origins that decide
     * its rows. When it is incomplete ({@code select *} over a table of unknown columns), {@code open} answers for
     * names not listed.
     */
    static final class Shape {
        final List<String> names;
        /** The type of each column, {@link SqlType#UNKNOWN} where it is not known. */
        final List<SqlType> types;
        final List<Set<Origin>> origins;
        final boolean complete;
        final Function<String, Optional<Set<Origin>>> open;
        final Set<Origin> rows;

        Shape(List<String> names, List<Set<Origin>> origins, boolean complete, Function<String, Optional<Set<Origin>>> open, Set<Origin> rows) {
            this(names, java.util.Collections.nCopies(names.size(), SqlType.UNKNOWN), origins, complete, open, rows);
        }

        Shape(List<String> names, List<SqlType> types, List<Set<Origin>> origins, boolean complete, Function<String, Optional<Set<Origin>>> open,
              Set<Origin> rows) {
            this.names = List.copyOf(names);
            this.types = List.copyOf(types);
            this.origins = List.copyOf(origins);
            this.complete = complete;
            this.open = open;
            this.rows = Set.copyOf(rows);
        }

        /**
         * Types of columns documented for a relation whose columns are not all known (a source's YAML
         * {@code columns:} with {@code data_type}).
         */
        Map<String, SqlType> documentedTypes = Map.of();

        /** The type of a column the relation has, {@link SqlType#UNKNOWN} when it is not known. */
        SqlType typeOf(String name) {
            int index = names.indexOf(name);
            return index >= 0 ? types.get(index) : documentedTypes.getOrDefault(name, SqlType.UNKNOWN);
        }

        static Shape unknown(Function<String, Optional<Set<Origin>>> open) {
            return new Shape(List.of(), List.of(), false, open, Set.of());
        }

        /** The origins of a column's value, if the relation has it (or may have it, when incomplete). */
        Optional<Set<Origin>> find(String name) {
            int index = names.indexOf(name);
            if (index >= 0) {
                return Optional.of(origins.get(index));
            }
            return complete ? Optional.empty() : open.apply(name);
        }

        Shape renamed(List<String> newNames) {
            if (!complete && names.isEmpty()) {
                return new Shape(newNames, newNames.stream().map(name -> open.apply(name).orElse(Set.of())).toList(), true, name -> Optional.empty(), rows);
            }
            List<String> renamed = new ArrayList<>(names);
            for (int i = 0; i < Math.min(newNames.size(), renamed.size()); i++) {
                renamed.set(i, newNames.get(i));
            }
            return new Shape(renamed, types, origins, complete, open, rows);
        }

        Shape withRows(Set<Origin> more) {
            Set<Origin> all = new LinkedHashSet<>(rows);
            all.addAll(more);
            return new Shape(names, types, origins, complete, open, all);
        }
    }

    /** A relation in a FROM clause under the names it may be qualified by. */
    private record Source(Set<String> qualifiers, Shape shape) {
    }

    /** The relations one SELECT reads, inside the scope of an enclosing query (for correlated subqueries). */
    private static final class Scope {
        final Scope parent;
        final List<Source> sources = new ArrayList<>();
        final Set<Origin> rows = new LinkedHashSet<>();
        final Set<String> lambdaParameters;
        /** Columns joined with {@code USING}: one column of the join, never ambiguous. */
        final Set<String> joinedUsing = new java.util.HashSet<>();
        boolean naturalJoin;
        /** The SELECT's output names, which {@code HAVING} and {@code QUALIFY} may name in some dialects. */
        Set<String> outputAliases = Set.of();

        Scope(Scope parent, Set<String> lambdaParameters) {
            this.parent = parent;
            this.lambdaParameters = lambdaParameters;
        }
    }

    // ---- queries ----

    private Shape query(SqlNode node, Map<String, Shape> ctes, Scope outer) {
        return switch (node) {
            case SqlWith with -> {
                Map<String, Shape> inner = new HashMap<>(ctes);
                for (SqlNode item : with.withList) {
                    SqlWithItem withItem = (SqlWithItem) item;
                    String name = lower(withItem.name.getSimple());
                    Shape shape = EphemeralCte.modelOf(name).flatMap(model -> tables.apply(List.of(name)))
                            .map(this::table)
                            .orElseGet(() -> query(withItem.query, inner, outer));
                    if (withItem.columnList != null) {
                        shape = shape.renamed(names(withItem.columnList));
                    }
                    inner.put(name, shape);
                }
                yield query(with.body, inner, outer);
            }
            case SqlOrderBy orderBy when orderBy.query instanceof SqlSelect select -> select(select, ctes, outer, orderBy.orderList);
            case SqlOrderBy orderBy -> query(orderBy.query, ctes, outer);
            case SqlSelect select -> select(select, ctes, outer, null);
            case SqlCall call when call.getKind() == SqlKind.UNION || call.getKind() == SqlKind.INTERSECT || call.getKind() == SqlKind.EXCEPT ->
                    setOperation(call, ctes, outer);
            case SqlCall call when call.getKind() == SqlKind.VALUES -> values(call);
            default -> {
                warnings.add("does not follow columns through " + node.getKind().sql + " at " + position(node));
                notChecked(node.getKind().sql, node);
                yield Shape.unknown(name -> Optional.of(Set.of()));
            }
        };
    }

    private Shape setOperation(SqlCall call, Map<String, Shape> ctes, Scope outer) {
        List<Shape> branches = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) {
            branches.add(query(operand, ctes, outer));
        }
        Shape first = branches.getFirst();
        List<Set<Origin>> origins = new ArrayList<>();
        List<SqlType> columnTypes = new ArrayList<>();
        Set<Origin> rows = new LinkedHashSet<>();
        boolean complete = true;
        for (int i = 0; i < first.names.size(); i++) {
            Set<Origin> position = new LinkedHashSet<>();
            SqlType type = SqlType.UNKNOWN;
            for (Shape branch : branches) {
                if (i < branch.names.size()) {
                    position.addAll(branch.origins.get(i));
                    type = SqlType.wider(type, branch.types.get(i));
                }
            }
            origins.add(position);
            columnTypes.add(type);
        }
        for (Shape branch : branches) {
            rows.addAll(branch.rows);
            complete &= branch.complete && branch.names.size() == first.names.size();
        }
        // A set operation compares whole rows (UNION removes duplicates): every column decides which rows there are.
        return new Shape(first.names, columnTypes, origins, complete, name -> {
            Set<Origin> found = new LinkedHashSet<>();
            branches.forEach(branch -> branch.find(name).ifPresent(found::addAll));
            return Optional.of(found);
        }, rows);
    }

    private Shape values(SqlCall call) {
        SqlCall first = call.operandCount() == 0 || !(call.operand(0) instanceof SqlCall row) ? null : row;
        int width = first == null ? 0 : first.operandCount();
        List<String> names = new ArrayList<>();
        List<SqlType> columnTypes = new ArrayList<>();
        List<Set<Origin>> origins = new ArrayList<>();
        Scope none = new Scope(null, Set.of());
        for (int i = 0; i < width; i++) {
            names.add("_col" + i);
            columnTypes.add(typeOf(first.operand(i), none));
            origins.add(Set.of());
        }
        return new Shape(names, columnTypes, origins, true, name -> Optional.empty(), Set.of());
    }

    /** @param orderList the ORDER BY of a query whose body is this SELECT, or null */
    private Shape select(SqlSelect select, Map<String, Shape> ctes, Scope outer, SqlNodeList orderList) {
        Scope scope = new Scope(outer, Set.of());
        if (select.getFrom() != null) {
            from(select.getFrom(), scope, ctes);
        }
        Set<Origin> rows = new LinkedHashSet<>(scope.rows);
        scope.sources.forEach(source -> rows.addAll(source.shape().rows));
        if (select.getWhere() != null) {
            rows.addAll(expression(select.getWhere(), scope, ctes, Derivation.FILTERED_BY));
            typeOf(select.getWhere(), scope);
        }
        // GROUP BY, WINDOW and ORDER BY decide no value of their own here; their names are checked all the same.
        // Some engines let them name the SELECT's output columns, so those count as known.
        scope.outputAliases = outputAliases(select);
        for (SqlNode names : java.util.Arrays.asList(select.getGroup(), select.getWindowList(), select.getOrderList(), orderList)) {
            if (names != null) {
                expression(names, scope, ctes, Derivation.TRANSFORMED);
            }
        }
        for (SqlNode filter : java.util.Arrays.asList(select.getHaving(), select.getQualify())) {
            if (filter != null) {
                rows.addAll(expression(filter, scope, ctes, Derivation.FILTERED_BY));
                typeOf(filter, scope);
            }
        }
        scope.outputAliases = Set.of();
        List<String> names = new ArrayList<>();
        List<SqlType> columnTypes = new ArrayList<>();
        List<Set<Origin>> origins = new ArrayList<>();
        boolean complete = true;
        List<Shape> openStars = new ArrayList<>();
        for (SqlNode item : select.getSelectList()) {
            if (item instanceof SqlIdentifier identifier && identifier.isStar()) {
                List<Source> starred = starSources(identifier, scope);
                for (Source source : starred) {
                    names.addAll(source.shape().names);
                    columnTypes.addAll(source.shape().types);
                    origins.addAll(source.shape().origins);
                    if (!source.shape().complete) {
                        complete = false;
                        openStars.add(source.shape());
                    }
                }
                continue;
            }
            SqlNode expression = item;
            String name;
            if (item.getKind() == SqlKind.AS) {
                expression = ((SqlCall) item).operand(0);
                name = lower(((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple());
            }
            else if (item instanceof SqlIdentifier identifier) {
                name = lower(identifier.names.getLast());
            }
            else {
                name = "_col" + names.size();
            }
            names.add(name);
            Derivation derivation = expression instanceof SqlIdentifier ? Derivation.COPIED : Derivation.TRANSFORMED;
            origins.add(expression(expression, scope, ctes, derivation));
            columnTypes.add(typeOf(expression, scope));
        }
        return new Shape(names, columnTypes, origins, complete, name -> {
            for (Shape star : openStars) {
                Optional<Set<Origin>> found = star.find(name);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }, rows);
    }

    private static Set<String> outputAliases(SqlSelect select) {
        Set<String> aliases = new java.util.HashSet<>();
        for (SqlNode item : select.getSelectList()) {
            if (item.getKind() == SqlKind.AS) {
                aliases.add(lower(((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple()));
            }
        }
        return aliases;
    }

    private List<Source> starSources(SqlIdentifier star, Scope scope) {
        if (star.names.size() == 1) {
            return scope.sources;
        }
        String qualifier = lower(String.join(".", star.names.subList(0, star.names.size() - 1)));
        List<Source> matching = scope.sources.stream().filter(source -> source.qualifiers().contains(qualifier)).toList();
        if (matching.isEmpty()) {
            warnings.add("'" + qualifier + ".*' at " + position(star) + " names no relation of its FROM clause");
        }
        return matching;
    }

    // ---- FROM ----

    private void from(SqlNode node, Scope scope, Map<String, Shape> ctes) {
        if (node instanceof SqlJoin join) {
            from(join.getLeft(), scope, ctes);
            from(join.getRight(), scope, ctes);
            scope.naturalJoin |= join.isNatural();
            if (join.getConditionType() == JoinConditionType.ON && join.getCondition() != null) {
                scope.rows.addAll(expression(join.getCondition(), scope, ctes, Derivation.JOINED_ON));
                typeOf(join.getCondition(), scope);
            }
            else if (join.getConditionType() == JoinConditionType.USING && join.getCondition() instanceof SqlNodeList using) {
                for (String name : names(using)) {
                    scope.joinedUsing.add(name);
                    for (Source source : scope.sources) {
                        source.shape().find(name).ifPresent(found -> found.forEach(origin ->
                                scope.rows.add(new Origin(origin.column(), Derivation.JOINED_ON.then(origin.derivation())))));
                    }
                }
            }
            return;
        }
        String alias = null;
        List<String> columnAliases = List.of();
        SqlNode item = node;
        if (node.getKind() == SqlKind.AS) {
            SqlCall as = (SqlCall) node;
            item = as.operand(0);
            alias = lower(((SqlIdentifier) as.operand(1)).getSimple());
            List<String> aliases = new ArrayList<>();
            for (int i = 2; i < as.operandCount(); i++) {
                aliases.add(lower(((SqlIdentifier) as.operand(i)).getSimple()));
            }
            columnAliases = aliases;
        }
        Set<String> qualifiers = new LinkedHashSet<>();
        Shape shape;
        if (item instanceof SqlIdentifier table) {
            List<String> names = table.names.stream().map(QueryLineage::lower).toList();
            shape = names.size() == 1 && ctes.containsKey(names.getFirst()) ? ctes.get(names.getFirst()) : tableShape(names, table);
            if (alias == null) {
                qualifiers.add(names.getLast());
                qualifiers.add(String.join(".", names));
                if (names.size() >= 2) {
                    qualifiers.add(String.join(".", names.subList(names.size() - 2, names.size())));
                }
            }
        }
        else if (item.getKind() == SqlKind.UNNEST) {
            shape = unnest((SqlCall) item, scope, ctes, columnAliases);
        }
        else if (item.getKind() == SqlKind.LATERAL) {
            shape = query(((SqlCall) item).operand(0), ctes, scope);
        }
        else if (item.getKind().belongsTo(SqlKind.QUERY)) {
            shape = query(item, ctes, scope.parent);
        }
        else {
            warnings.add("does not follow columns through " + item.getKind().sql + " in FROM at " + position(item));
            notChecked(item.getKind().sql + " in FROM", item);
            shape = Shape.unknown(name -> Optional.of(Set.of()));
        }
        if (!columnAliases.isEmpty() && item.getKind() != SqlKind.UNNEST) {
            shape = shape.renamed(columnAliases);
        }
        if (alias != null) {
            qualifiers.add(alias);
        }
        scope.sources.add(new Source(qualifiers, shape));
    }

    /** An unnested array (or map): every column it yields is a transformation of the arrays unnested. */
    private Shape unnest(SqlCall unnest, Scope scope, Map<String, Shape> ctes, List<String> columnAliases) {
        Set<Origin> origins = new LinkedHashSet<>();
        for (SqlNode operand : unnest.getOperandList()) {
            origins.addAll(expression(operand, scope, ctes, Derivation.TRANSFORMED));
        }
        if (columnAliases.isEmpty()) {
            return Shape.unknown(name -> Optional.of(origins));
        }
        return new Shape(columnAliases, columnAliases.stream().map(name -> (Set<Origin>) origins).toList(), true, name -> Optional.empty(), Set.of());
    }

    private Shape tableShape(List<String> names, SqlIdentifier table) {
        Optional<AssetKey> asset = tables.apply(names);
        if (asset.isEmpty()) {
            warnings.add("reads table '" + String.join(".", names) + "' (at " + position(table)
                    + "), which is no asset of the project; its columns are not followed");
            return Shape.unknown(name -> Optional.of(Set.of()));
        }
        return table(asset.get());
    }

    private Shape table(AssetKey asset) {
        Optional<List<String>> known = columns.apply(asset);
        if (known.isEmpty()) {
            Shape unknown = Shape.unknown(name -> Optional.of(Set.of(new Origin(new ColumnRef(asset, name), Derivation.COPIED))));
            unknown.documentedTypes = types.apply(asset);
            return unknown;
        }
        List<String> names = known.get().stream().map(QueryLineage::lower).toList();
        Map<String, SqlType> typed = types.apply(asset);
        return new Shape(names, names.stream().map(name -> typed.getOrDefault(name, SqlType.UNKNOWN)).toList(),
                names.stream().map(name -> Set.of(new Origin(new ColumnRef(asset, name), Derivation.COPIED))).toList(),
                true, name -> Optional.empty(), Set.of());
    }

    // ---- expressions ----

    /** The origins of every column an expression reads, each seen through {@code derivation}. */
    private Set<Origin> expression(SqlNode node, Scope scope, Map<String, Shape> ctes, Derivation derivation) {
        Set<Origin> found = new LinkedHashSet<>();
        switch (node) {
            case null -> { }
            case SqlIdentifier identifier -> {
                if (!identifier.isStar()) {
                    resolve(identifier, scope).ifPresent(origins -> origins.forEach(origin -> found.add(through(derivation, origin))));
                }
            }
            case SqlNodeList list -> list.forEach(element -> found.addAll(expression(element, scope, ctes, derivation)));
            case SqlLambda lambda -> {
                Set<String> parameters = new java.util.HashSet<>(scope.lambdaParameters);
                lambda.getParameters().forEach(parameter -> parameters.add(lower(((SqlIdentifier) parameter).getSimple())));
                Scope inner = new Scope(scope, parameters);
                found.addAll(expression(lambda.getExpression(), inner, ctes, Derivation.TRANSFORMED.then(derivation)));
            }
            case SqlWindow window -> {
                Derivation within = derivation.then(Derivation.TRANSFORMED);
                found.addAll(expression(window.getPartitionList(), scope, ctes, within));
                found.addAll(expression(window.getOrderList(), scope, ctes, within));
            }
            case SqlCall call when call.getKind().belongsTo(SqlKind.QUERY) -> {
                Shape subquery = query(call, ctes, scope);
                Derivation within = derivation.then(Derivation.TRANSFORMED);
                subquery.origins.forEach(origins -> origins.forEach(origin -> found.add(through(within, origin))));
                found.addAll(subquery.rows);
            }
            case SqlCall call when call.getKind() == SqlKind.OVER && call.operand(1) instanceof SqlIdentifier -> {
                // OVER w: a window named in the WINDOW clause, not a column.
                found.addAll(expression(call.operand(0), scope, ctes, derivation));
            }
            case SqlCall call -> {
                Derivation within = derivation.then(aggregate(call) ? Derivation.AGGREGATED : Derivation.TRANSFORMED);
                for (SqlNode operand : call.getOperandList()) {
                    found.addAll(expression(operand, scope, ctes, within));
                }
            }
            default -> { }
        }
        return found;
    }

    // ---- types ----

    private static final Set<SqlKind> COMPARISONS = java.util.EnumSet.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
            SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IS_DISTINCT_FROM,
            SqlKind.IS_NOT_DISTINCT_FROM);

    /**
     * The type of an expression's value, checking on the way what Trino would refuse: a comparison of types it does
     * not compare, arithmetic on text, a function called with a number of arguments it does not take. A subquery's
     * expressions are checked where the subquery is read, not here. Without a function library nothing is checked.
     */
    private SqlType typeOf(SqlNode node, Scope scope) {
        if (functions == null || node == null) {
            return SqlType.UNKNOWN;
        }
        return switch (node) {
            case SqlIdentifier identifier -> identifier.isStar() ? SqlType.UNKNOWN : lookupType(identifier, scope);
            case SqlNumericLiteral number -> !number.isExact() ? SqlType.DOUBLE
                    : number.getScale() != null && number.getScale() > 0 ? SqlType.of("decimal(" + number.getPrec() + "," + number.getScale() + ")")
                    : SqlType.INTEGER;
            case SqlCharStringLiteral text -> SqlType.VARCHAR;
            case SqlUnknownLiteral tagged -> SqlType.ofLiteralTag(tagged.tag).orElse(SqlType.UNKNOWN);
            case SqlIntervalLiteral interval -> SqlType.of("interval");
            case SqlLiteral literal -> switch (literal.getTypeName()) {
                case BOOLEAN -> SqlType.BOOLEAN;
                case NULL -> SqlType.NULL;
                default -> SqlType.UNKNOWN;
            };
            case SqlNodeList list -> {
                list.forEach(element -> typeOf(element, scope));
                yield SqlType.UNKNOWN;
            }
            case SqlCall call when call.getKind().belongsTo(SqlKind.QUERY) -> SqlType.UNKNOWN;
            case SqlLambda lambda -> SqlType.UNKNOWN;
            case SqlCall call -> callType(call, scope);
            default -> SqlType.UNKNOWN;
        };
    }

    private SqlType callType(SqlCall call, Scope scope) {
        SqlKind kind = call.getKind();
        if (kind == SqlKind.CAST || kind == SqlKind.SAFE_CAST) {
            typeOf(call.operand(0), scope);
            return call.operand(1) instanceof SqlDataTypeSpec spec ? SqlType.of(spec.toString()) : SqlType.UNKNOWN;
        }
        if (COMPARISONS.contains(kind)) {
            compare(call, typeOf(call.operand(0), scope), call.operand(1), typeOf(call.operand(1), scope));
            return SqlType.BOOLEAN;
        }
        if (kind == SqlKind.BETWEEN) {
            SqlType value = typeOf(call.operand(0), scope);
            compare(call, value, call.operand(1), typeOf(call.operand(1), scope));
            compare(call, value, call.operand(2), typeOf(call.operand(2), scope));
            return SqlType.BOOLEAN;
        }
        if ((kind == SqlKind.IN || kind == SqlKind.NOT_IN) && call.operand(1) instanceof SqlNodeList list) {
            SqlType value = typeOf(call.operand(0), scope);
            list.forEach(element -> compare(call, value, element, typeOf(element, scope)));
            return SqlType.BOOLEAN;
        }
        if (kind == SqlKind.PLUS || kind == SqlKind.MINUS || kind == SqlKind.TIMES || kind == SqlKind.DIVIDE || kind == SqlKind.MOD) {
            return arithmetic(call, typeOf(call.operand(0), scope), typeOf(call.operand(1), scope));
        }
        if (kind == SqlKind.CASE && call instanceof SqlCase cases) {
            typeOf(cases.getValueOperand(), scope);
            typeOf(cases.getWhenOperands(), scope);
            SqlType result = SqlType.UNKNOWN;
            SqlNode first = null;
            List<SqlNode> results = new ArrayList<>(cases.getThenOperands().getList());
            results.add(cases.getElseOperand());
            for (SqlNode branch : results) {
                SqlType type = typeOf(branch, scope);
                if (type.isKnown() && result.isKnown() && !type.comparesWith(result)) {
                    problems.add(ColumnProblem.typeMismatch(nameAt(branch), branch.getParserPosition(), "the results of this CASE have no common type: "
                            + result + " (at " + position(first) + ") and " + type + "; cast them to one type"));
                }
                if (type.isKnown() && first == null) {
                    first = branch;
                }
                result = SqlType.wider(result, type);
            }
            return result;
        }
        List<SqlType> arguments = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) {
            arguments.add(typeOf(operand, scope));
        }
        return switch (kind) {
            case AND, OR, NOT, LIKE, SIMILAR, IS_NULL, IS_NOT_NULL, IS_TRUE, IS_FALSE, IS_NOT_TRUE, IS_NOT_FALSE, EXISTS, IN, NOT_IN -> SqlType.BOOLEAN;
            case MINUS_PREFIX, PLUS_PREFIX, OVER, FILTER, WITHIN_GROUP, WITHIN_DISTINCT -> arguments.isEmpty() ? SqlType.UNKNOWN : arguments.getFirst();
            case EXTRACT, POSITION -> SqlType.BIGINT;
            case TRIM -> SqlType.VARCHAR;
            case DATE_TRUNC -> arguments.size() == 2 ? arguments.get(1) : SqlType.UNKNOWN;
            case OTHER -> call.getOperator().getName().equals("||") ? SqlType.VARCHAR : SqlType.UNKNOWN;
            case OTHER_FUNCTION -> function(call, arguments);
            default -> SqlType.UNKNOWN;
        };
    }

    /** A call of a named function: its arity checked against the engine's library, its result typed by it. */
    private SqlType function(SqlCall call, List<SqlType> arguments) {
        if (!(call.getOperator() instanceof org.apache.calcite.sql.SqlUnresolvedFunction)) {
            return SqlType.UNKNOWN;
        }
        String name = lower(call.getOperator().getName());
        // The SQL reader renames Trino's date_diff, which Calcite would read in BigQuery's argument order.
        String written = name.equals("strata_dd") ? "date_diff" : name;
        Optional<SqlFunctions.Signature> signature = functions.find(written);
        if (signature.isEmpty()) {
            problems.add(new ColumnProblem(ColumnProblem.Kind.NOT_CHECKED, written, call.getParserPosition().getLineNum(),
                    call.getParserPosition().getColumnNum(), "function '" + written + "' is not one Strata knows of " + functions.engine()
                    + ": its arguments and result type are not checked"));
            return SqlType.UNKNOWN;
        }
        if (!signature.get().takes(arguments.size())) {
            problems.add(new ColumnProblem(ColumnProblem.Kind.WRONG_ARGUMENTS, written, call.getParserPosition().getLineNum(),
                    call.getParserPosition().getColumnNum(), "wrong number of arguments: " + written + " " + signature.get().arity()
                    + " in " + functions.engine() + ", and is given " + arguments.size()));
            return SqlType.UNKNOWN;
        }
        return signature.get().result().apply(arguments);
    }

    private void compare(SqlCall call, SqlType left, SqlNode rightNode, SqlType right) {
        if (!left.comparesWith(right)) {
            problems.add(ColumnProblem.typeMismatch(nameAt(call.operand(0)), call.getParserPosition(), "cannot compare " + left + " with " + right
                    + " (" + functions.engine() + " casts neither to the other); cast one side, as in CAST(" + text(rightNode) + " AS " + left.baseName() + ")"));
        }
    }

    private SqlType arithmetic(SqlCall call, SqlType left, SqlType right) {
        boolean text = left.family() == SqlType.Family.STRING || left.family() == SqlType.Family.BOOLEAN
                || right.family() == SqlType.Family.STRING || right.family() == SqlType.Family.BOOLEAN;
        if (text && left.isKnown() && right.isKnown()) {
            problems.add(ColumnProblem.typeMismatch(nameAt(call.operand(0)), call.getParserPosition(), "cannot apply '"
                    + call.getOperator().getName() + "' to " + left + " and " + right + "; cast the text to a number first"
                    + (call.getKind() == SqlKind.PLUS ? ", or concatenate text with ||" : "")));
            return SqlType.UNKNOWN;
        }
        if (left.isNumeric() && right.isNumeric()) {
            return call.getKind() == SqlKind.DIVIDE && left.baseName().equals("decimal") ? left : SqlType.wider(left, right);
        }
        // date + interval, timestamp - interval, …
        if (left.family() == SqlType.Family.DATE || left.family() == SqlType.Family.TIMESTAMP) {
            return right.family() == SqlType.Family.INTERVAL ? left : SqlType.UNKNOWN;
        }
        return SqlType.UNKNOWN;
    }

    /** The name to look for in the source file where Jinja changed the line: an identifier as written, else empty. */
    private static String nameAt(SqlNode node) {
        return node instanceof SqlIdentifier identifier && !identifier.isStar() ? lower(String.join(".", identifier.names)) : "";
    }

    /** An operand as a message shows it: a name or a literal as written, else an ellipsis. */
    private static String text(SqlNode node) {
        return switch (node) {
            case SqlIdentifier identifier -> lower(String.join(".", identifier.names));
            case SqlLiteral literal -> literal.toString();
            default -> "...";
        };
    }

    /** The type of a column name in scope, found as {@link #resolve} finds its origins but without reporting anything. */
    private SqlType lookupType(SqlIdentifier identifier, Scope start) {
        List<String> names = identifier.names.stream().map(QueryLineage::lower).toList();
        for (Scope scope = start; scope != null; scope = scope.parent) {
            if (scope.lambdaParameters.contains(names.getFirst())) {
                return SqlType.UNKNOWN;
            }
            for (int qualified = names.size() - 1; qualified >= 1; qualified--) {
                String qualifier = String.join(".", names.subList(0, qualified));
                for (Source source : scope.sources) {
                    if (source.qualifiers().contains(qualifier)) {
                        return names.size() > qualified + 1 ? SqlType.UNKNOWN : source.shape().typeOf(names.get(qualified));
                    }
                }
            }
            for (Source source : scope.sources) {
                if (source.shape().names.contains(names.getFirst())) {
                    return names.size() > 1 ? SqlType.UNKNOWN : source.shape().typeOf(names.getFirst());
                }
            }
            for (Source source : scope.sources) {
                if (!source.shape().complete && source.shape().documentedTypes.containsKey(names.getFirst())) {
                    return names.size() > 1 ? SqlType.UNKNOWN : source.shape().typeOf(names.getFirst());
                }
            }
            if (names.size() == 1 && names.getFirst().equals("current_date")) {
                return SqlType.DATE;
            }
            if (names.size() == 1 && (names.getFirst().equals("current_timestamp") || names.getFirst().equals("localtimestamp"))) {
                return SqlType.TIMESTAMP_TZ;
            }
        }
        return SqlType.UNKNOWN;
    }

    private static Origin through(Derivation outer, Origin origin) {
        return new Origin(origin.column(), outer.then(origin.derivation()));
    }

    private static boolean aggregate(SqlCall call) {
        return call.getOperator().isAggregator() || call instanceof SqlBasicCall
                && AGGREGATES.contains(call.getOperator().getName().toLowerCase(Locale.ROOT));
    }

    /** The origins of a column name in scope: {@code column}, {@code relation.column}, {@code column.field}, … */
    private Optional<Set<Origin>> resolve(SqlIdentifier identifier, Scope start) {
        List<String> names = identifier.names.stream().map(QueryLineage::lower).toList();
        boolean allKnown = true;
        Set<String> inScope = new java.util.TreeSet<>();
        for (Scope scope = start; scope != null; scope = scope.parent) {
            if (scope.lambdaParameters.contains(names.getFirst())) {
                return Optional.of(Set.of());
            }
            for (int qualified = names.size() - 1; qualified >= 1; qualified--) {
                String qualifier = String.join(".", names.subList(0, qualified));
                for (Source source : scope.sources) {
                    if (source.qualifiers().contains(qualifier)) {
                        Optional<Set<Origin>> found = source.shape().find(names.get(qualified));
                        if (found.isEmpty()) {
                            warnings.add("no column '" + names.get(qualified) + "' in '" + qualifier + "' (at " + position(identifier) + ")");
                            if (source.shape().complete) {
                                problems.add(ColumnProblem.unknown(names.get(qualified), qualifier, identifier.getComponentParserPosition(qualified),
                                        source.shape().names));
                            }
                            return Optional.empty();
                        }
                        return Optional.of(field(found.get(), names.size() > qualified + 1));
                    }
                }
            }
            Optional<Set<Origin>> found = column(names.getFirst(), scope, identifier);
            if (found.isPresent()) {
                return Optional.of(field(found.get(), names.size() > 1));
            }
            if (scope.outputAliases.contains(names.getFirst())) {
                return Optional.of(Set.of());
            }
            for (Source source : scope.sources) {
                allKnown &= source.shape().complete;
                inScope.addAll(source.shape().names);
            }
        }
        warnings.add("no relation in scope has a column '" + String.join(".", names) + "' (at " + position(identifier) + ")");
        if (allKnown && !(names.size() == 1 && NILADIC.contains(names.getFirst()))) {
            problems.add(ColumnProblem.unknown(String.join(".", names), null, identifier.getComponentParserPosition(0), inScope));
        }
        return Optional.empty();
    }

    /** Functions SQL calls without parentheses, which a parser may read as names. */
    private static final Set<String> NILADIC = Set.of("current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
            "current_user", "current_role", "current_catalog", "current_schema", "current_path", "user", "session_user", "system_user");

    /**
     * An unqualified name: the relation that surely has it (two that do make it ambiguous, unless joined with
     * {@code USING}), else the first whose columns are unknown.
     */
    private Optional<Set<Origin>> column(String name, Scope scope, SqlIdentifier identifier) {
        List<Source> having = scope.sources.stream().filter(source -> source.shape().names.contains(name)).toList();
        if (having.size() > 1 && !scope.joinedUsing.contains(name) && !scope.naturalJoin) {
            problems.add(ColumnProblem.ambiguous(name, identifier.getComponentParserPosition(0),
                    having.stream().map(source -> source.qualifiers().isEmpty() ? "(subquery)" : source.qualifiers().iterator().next()).toList()));
        }
        if (!having.isEmpty()) {
            return having.getFirst().shape().find(name);
        }
        for (Source source : scope.sources) {
            if (!source.shape().complete) {
                Optional<Set<Origin>> found = source.shape().find(name);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** A field of a struct column is a transformation of the column. */
    private static Set<Origin> field(Set<Origin> origins, boolean isField) {
        if (!isField) {
            return origins;
        }
        Set<Origin> fields = new LinkedHashSet<>();
        origins.forEach(origin -> fields.add(through(Derivation.TRANSFORMED, origin)));
        return fields;
    }

    private static List<String> names(SqlNodeList list) {
        List<String> names = new ArrayList<>();
        list.forEach(node -> names.add(lower(((SqlIdentifier) node).getSimple())));
        return names;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private void notChecked(String construct, SqlNode node) {
        var position = node.getParserPosition();
        problems.add(new ColumnProblem(ColumnProblem.Kind.NOT_CHECKED, construct, position.getLineNum(), position.getColumnNum(),
                "column names in " + construct + " are not checked: Strata's SQL reader does not follow columns through it"));
    }

    private static String position(SqlNode node) {
        var position = node.getParserPosition();
        return "line " + position.getLineNum() + ", column " + position.getColumnNum();
    }
}
