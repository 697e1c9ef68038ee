package io.strata.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import io.strata.project.Location;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dbt's {@code adapter} in templates: {@code adapter.quote(identifier)} quotes an identifier, and
 * {@code adapter.dispatch('name', 'namespace')} picks the macro
 * {@code <target.type>__name} (e.g. {@code dremio__name}) if there is one, else {@code default__name}. Without a
 * namespace it searches the macros the calling template sees; with a namespace, the packages of the project's {@code dispatch:} config for it, or else the project then the
 * namespace, as dbt searches ({@link MacroNamespaces#searchOrder}).
 *
 * <p>Jinjava cannot call the result of a call, so templates are read with {@code adapter.dispatch(...)(args)} spelled
 * {@code adapter.dispatch(...).call(args)} ({@link #callable(String)}); lines stay put.
 */
public final class Adapter implements ContextObject {
    private static final Pattern DISPATCH_CALL = Pattern.compile("adapter\\.dispatch\\(([^()]*)\\)\\s*\\(");
    /** dbt's adapter methods that need the database or the relation cache, which templates cannot reach yet. */
    private static final Set<String> NOT_SUPPORTED = Set.of("get_relation", "get_missing_columns",
            "list_relations_without_caching", "list_schemas", "check_schema_exists", "create_schema", "drop_schema", "drop_relation",
            "rename_relation", "truncate_relation", "expand_target_column_types", "get_column_schema_from_query", "execute",
            "already_exists", "cache_added", "cache_dropped", "cache_renamed", "quote_as_configured", "quote_seed_column",
            "standardize_grants_dict", "get_partitions_metadata");

    private final MacroNamespaces namespaces;

    Adapter(MacroNamespaces namespaces) {
        this.namespaces = namespaces;
    }

    @Override
    public String typeName() {
        return "adapter";
    }

    @Override
    public Object call(String name, Object[] arguments) {
        return switch (name) {
            case "dispatch" -> {
                Arguments bound = Arguments.bind("adapter.dispatch", arguments, 1, "macro_name", "macro_namespace");
                yield bound.has(1) ? dispatch(bound.text(0), bound.value(1)) : dispatch(bound.text(0));
            }
            case "get_columns_in_relation" -> columnsIn(Arguments.bind("adapter.get_columns_in_relation", arguments, 1, "relation").value(0));
            case "quote" -> quote(Arguments.bind("adapter.quote", arguments, 1, "identifier").text(0));
            case "type" -> {
                Arguments.bind("adapter.type", arguments, 0);
                yield TemplateFunctions.state().inputs.target().type();
            }
            default -> throw NOT_SUPPORTED.contains(name)
                    ? PythonMethods.error("adapter." + name + "() is not supported yet")
                    : noMethod(name);
        };
    }

    /**
     * {@code adapter.get_columns_in_relation(relation)}: the columns known when the project compiles (a seed's file, a
     * source's YAML, a model as main holds it). A relation whose columns are not known gives none, with a warning, as
     * dbt gives none for a relation that does not exist yet.
     */
    private static java.util.List<DbtColumn> columnsIn(Object relation) {
        RenderState state = TemplateFunctions.state();
        // Main's columns change with each merge: the render is made again on each compilation.
        state.reusable = false;
        java.util.Optional<java.util.List<RelationColumns.Column>> columns = relation instanceof JinjaRelation known
                ? switch (known.refersTo().size()) {
                    case 1 -> state.inputs.columns().ofAsset(known.refersTo().getFirst());
                    case 2 -> state.inputs.columns().ofSource(known.refersTo().get(0), known.refersTo().get(1));
                    default -> java.util.Optional.empty();
                }
                : java.util.Optional.empty();
        if (columns.isEmpty()) {
            state.diagnostics.add(io.strata.project.Diagnostic.warning(state.location(), state.inContext("the columns of " + (relation instanceof JinjaRelation known ? known.describe() : String.valueOf(relation))
                    + " are not known when the project compiles (a model's are known once it is built on main; a source's once its"
                    + " YAML lists them): adapter.get_columns_in_relation gives none")));
            return java.util.List.of();
        }
        return columns.get().stream().map(column -> new DbtColumn(column.name(), column.type())).toList();
    }

    /** {@code adapter.quote(identifier)}: Trino's and Dremio's quoted identifier, inner double quotes doubled. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** {@code adapter.dispatch(name)} or {@code adapter.dispatch(name, macro_namespace)}. */
    public DispatchedMacro dispatch(String name, Object... macroNamespace) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        RenderState state = TemplateFunctions.CURRENT.get();
        if (interpreter == null || state == null) {
            throw new IllegalStateException("adapter.dispatch() was called outside a render");
        }
        Object namespaceArgument = macroNamespace.length == 0 ? null : namespaceOf(macroNamespace[0]);
        String namespace = namespaceArgument == null ? null : namespaceArgument.toString();
        List<String> prefixes = List.of(state.inputs.target().type(), "default");
        List<String> tried = new ArrayList<>();
        for (String searched : namespaces.searchOrder(namespace)) {
            for (String prefix : prefixes) {
                String candidate = prefix + "__" + name;
                tried.add(searched == null ? candidate : searched + "." + candidate);
                var macro = namespaces.find(searched, candidate, interpreter);
                if (macro.isPresent()) {
                    return new DispatchedMacro(macro.get());
                }
            }
        }
        int line = interpreter.getLineNumber();
        var caller = ReturningMacro.current();
        Location location = caller.map(call -> new Location(call.file, line, 0)).orElse(new Location(state.path, line, 0));
        String missingPackage = namespace != null && !namespaces.has(namespace)
                ? "; no package '" + namespace + "' is installed (declare it in packages.yml and run strata deps)"
                : "; define one of them under the macro paths (macros/**/*.sql)";
        state.error(location, "adapter.dispatch('" + name + "'" + (namespace == null ? "" : ", '" + namespace + "'") + ")"
                + caller.map(call -> " in macro '" + call.macro + "'").orElse("")
                + " found no macro: tried " + String.join(", ", tried)
                + caller.map(call -> " (rendering " + state.path + ")").orElse("")
                + missingPackage);
        return DispatchedMacro.MISSING;
    }

    private static Object namespaceOf(Object argument) {
        return argument instanceof NamedParameter named ? named.getValue() : argument;
    }

    /** The template text with every {@code adapter.dispatch(...)(} spelled {@code adapter.dispatch(...).call(}. */
    static String callable(String text) {
        if (!text.contains("adapter.dispatch")) {
            return text;
        }
        Matcher matcher = DISPATCH_CALL.matcher(text);
        return matcher.replaceAll(result -> Matcher.quoteReplacement("adapter.dispatch(" + result.group(1) + ").call("));
    }

    /** The macro {@code adapter.dispatch} picked; {@code call(args)} calls it. */
    public static final class DispatchedMacro {
        static final DispatchedMacro MISSING = new DispatchedMacro(null);

        private final MacroFunction macro;

        private DispatchedMacro(MacroFunction macro) {
            this.macro = macro;
        }

        public Object call(Object... arguments) {
            return macro == null ? "" : macro.evaluate(arguments);
        }
    }
}
