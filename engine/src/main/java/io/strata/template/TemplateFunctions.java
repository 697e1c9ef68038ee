package io.strata.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import io.strata.project.Materialization;
import io.strata.project.Relation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * dbt's context functions for Jinjava. Jinjava calls static methods, so the render they belong to is
 * kept per thread (a render runs on one thread from start to end).
 */
public final class TemplateFunctions {
    static final ThreadLocal<RenderState> CURRENT = new ThreadLocal<>();

    private TemplateFunctions() {
    }

    static RenderState state() {
        RenderState state = CURRENT.get();
        if (state == null) {
            throw new IllegalStateException("a Strata template function was called outside a render");
        }
        return state;
    }

    /** Notes that the render read what differs between compilations (the invocation, the clock): it is not to be kept. */
    static void differsEachCompilation() {
        RenderState state = CURRENT.get();
        if (state != null) {
            state.reusable = false;
        }
    }

    private static int line() {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        return interpreter == null ? 0 : interpreter.getLineNumber();
    }

    /** {@code ref('model')} or {@code ref('package', 'model')}. */
    public static Object ref(String... arguments) {
        RenderState state = state();
        if (arguments.length < 1 || arguments.length > 2) {
            state.error(line(), "ref() takes a model name, or a package and a model name; got " + arguments.length + " arguments");
            return "";
        }
        Optional<String> packageName = arguments.length == 2 ? Optional.of(arguments[0]) : Optional.empty();
        String name = arguments[arguments.length - 1];
        state.refs.add(new RenderedTemplate.RefCall(packageName, name, line()));
        Optional<Relation> relation = Optional.ofNullable(state.inputs.assetRelations().get(name));
        return new JinjaRelation(Placeholders.ref(name),
                relation.map(Relation::schema).orElse(""), relation.map(Relation::identifier).orElse(name), List.of(name));
    }

    /** {@code source('source', 'table')}. */
    public static Object source(String source, String table) {
        RenderState state = state();
        int line = line();
        state.sources.add(new RenderedTemplate.SourceCall(source, table, line));
        Relation relation = state.inputs.sources().get(List.of(source, table));
        if (relation == null) {
            return new JinjaRelation(source + "." + table, source, table, List.of(source, table));
        }
        return new JinjaRelation(relation.render(), relation.schema(), relation.identifier(), List.of(source, table));
    }

    /** {@code var('name')} or {@code var('name', default)}: project vars overlaid by {@code --vars}. */
    public static Object var(String name, Object... fallback) {
        RenderState state = state();
        Map<String, Object> vars = state.inputs.vars();
        if (vars.containsKey(name)) {
            return vars.get(name);
        }
        if (fallback.length > 0) {
            return fallback[0];
        }
        state.error(line(), "var('" + name + "') is not set: add it under 'vars:' in the project file, pass --vars '{"
                + name + ": ...}', or give a default: var('" + name + "', ...)");
        return "";
    }

    /** {@code env_var('NAME')} or {@code env_var('NAME', default)}. */
    public static Object envVar(String name, Object... fallback) {
        String overridden = CURRENT.get() == null ? null : CURRENT.get().inputs.envVars().get(name);
        String value = overridden != null ? overridden : System.getenv(name);
        if (value != null) {
            return value;
        }
        if (fallback.length > 0) {
            return fallback[0];
        }
        state().error(line(), "environment variable " + name + " is not set and env_var() was given no default");
        return "";
    }

    /** The target of the forwarding macro {@code config(**kwargs)}. */
    public static String config(Map<String, Object> settings) {
        if (settings != null) {
            RenderState state = state();
            settings.forEach((key, value) -> state.config.put(key, Plain.of(value)));
        }
        return "";
    }

    /** True when the model is incremental, its table already exists on the run's branch, and no full refresh was asked. */
    public static boolean isIncremental() {
        RenderState state = state();
        return state.assetName.isPresent()
                && state.materialization().filter(Materialization.INCREMENTAL::equals).isPresent()
                && state.inputs.existingAssets().contains(state.assetName.get())
                && !state.inputs.fullRefresh();
    }

    /** {@code doc('name')} or {@code doc('package', 'name')}: the text of a docs block. */
    public static String doc(String... arguments) {
        RenderState state = state();
        if (arguments.length < 1 || arguments.length > 2) {
            state.error(state.location(), "doc() takes a docs block name, or a package and a name; got " + arguments.length + " arguments");
            return "";
        }
        String name = arguments[arguments.length - 1];
        String text = state.inputs.docs().get(name);
        if (text == null) {
            state.error(state.location(), state.inContext("doc('" + name + "'): no docs block named '" + name + "'"
                    + Suggestions.didYouMean(name, state.inputs.docs().keySet())
                    + "; define it in a .md file under the model paths: {% docs " + name + " %}…{% enddocs %}"));
            return "";
        }
        return text;
    }

    /** {@code log(message)}: accepted for dbt compatibility; compilation prints nothing. */
    public static String log(Object message, Object... info) {
        return "";
    }
}
