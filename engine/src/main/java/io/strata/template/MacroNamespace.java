package io.strata.template;

import com.hubspot.jinjava.lib.fn.MacroFunction;

import java.util.Map;

/**
 * The macros of one package under its name, as dbt offers them: {@code dbt_utils.star(from=ref('orders'))} calls the
 * package's {@code star}. Inside a package's macro, its other macros are callable without the prefix.
 */
final class MacroNamespace implements ContextObject {
    private final String name;
    private final Map<String, MacroFunction> macros;

    MacroNamespace(String name, Map<String, MacroFunction> macros) {
        this.name = name;
        this.macros = Map.copyOf(macros);
    }

    /** The package's macro of that name, or null. */
    MacroFunction macro(String macroName) {
        return macros.get(macroName);
    }

    @Override
    public String typeName() {
        return name;
    }

    @Override
    public Object attribute(String attribute) {
        MacroFunction macro = macros.get(attribute);
        return macro == null ? NO_ATTRIBUTE : macro;
    }

    @Override
    public Object call(String macroName, Object[] arguments) {
        MacroFunction macro = macros.get(macroName);
        if (macro == null) {
            throw PythonMethods.error("package '" + name + "' has no macro '" + macroName + "'"
                    + Suggestions.didYouMean(macroName, macros.keySet()));
        }
        return macro.evaluate(arguments);
    }
}
