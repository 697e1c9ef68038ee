package io.strata.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import jinjava.javax.el.ExpressionFactory;

/**
 * Jinjava set up to render as Jinja2 does with dbt's settings (no {@code trim_blocks}, no {@code lstrip_blocks},
 * one trailing newline of a template dropped), strict about undefined variables. What Jinjava reads differently
 * is mended by extension: the expression parser ({@link Jinja2Expressions}), the interpreter
 * ({@link Jinja2Interpreter}), the tags {@code for … if}, {@code filter} and {@code call(args)}, the filters
 * {@code string}, {@code join} and {@code default}, and the tests {@code defined} and {@code undefined}.
 */
final class Jinja2Jinjava extends Jinjava {
    private final ExpressionFactory expressions = Jinja2Expressions.factory();

    private Jinja2Jinjava(JinjavaConfig config) {
        super(config);
        getGlobalContext().registerTag(new Jinja2ForTag());
        getGlobalContext().registerTag(new FilterTag());
        getGlobalContext().registerTag(new CallBlockTag());
        getGlobalContext().registerFilter(new TextFilters.StringFilter());
        getGlobalContext().registerFilter(new TextFilters.JoinFilter());
        getGlobalContext().registerFilter(new Definedness.DefaultFilter("default"));
        getGlobalContext().registerFilter(new Definedness.DefaultFilter("d"));
        getGlobalContext().registerExpTest(new Definedness.DefinedTest());
        getGlobalContext().registerExpTest(new Definedness.UndefinedTest());
    }

    static Jinja2Jinjava create() {
        return new Jinja2Jinjava(JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(true)
                .withTrimBlocks(false)
                .withLstripBlocks(false)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        // {{- x -}} and {#- … -#} trim whitespace as {%- -%} does.
                        .withUseTrimmingForNotesAndExpressions(true)
                        // {% for k in d %} loops over the keys, not the values.
                        .withIterateOverMapKeys(true)
                        .build())
                .withElResolver(new Jinja2Interpreter.PropertyReads())
                .withInterperterFactory(new Jinja2Interpreter.Factory())
                .build());
    }

    /**
     * The template without its one trailing newline, as Jinja2 reads it ({@code keep_trailing_newline=False}). Jinjava's
     * own option drops a newline from the output instead, also one an expression printed.
     */
    static String withoutTrailingNewline(String text) {
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") || text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public ExpressionFactory getExpressionFactory() {
        return expressions;
    }
}
