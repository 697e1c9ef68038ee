package io.strata.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The macro namespaces of one environment: the project's, dbt's built-in one and each installed package's, and the
 * order in which {@code adapter.dispatch} searches them, as dbt does: with no namespace, the macros the calling
 * template sees; with a namespace, the project's {@code dispatch:} search order for it, or else the project then the
 * namespace.
 */
record MacroNamespaces(String projectName, MacroNamespace project, MacroNamespace builtIn, Map<String, MacroNamespace> packages,
                       Map<String, List<String>> dispatch) {
    /** Binds each namespace under its name: the packages, {@code dbt}, and the project's own name. */
    void bind(Map<String, Object> bindings) {
        bindings.put(BuiltInMacros.NAMESPACE, builtIn);
        packages.forEach(bindings::put);
        if (!projectName.isEmpty()) {
            bindings.put(projectName, project);
        }
    }

    /** Whether a namespace of this name exists. */
    boolean has(String namespace) {
        return namespace.equals(BuiltInMacros.NAMESPACE) || packages.containsKey(namespace) || namespace.equals(projectName);
    }

    /** The packages {@code adapter.dispatch} searches for {@code namespace} (null: the caller's own view), in order. */
    List<String> searchOrder(String namespace) {
        if (namespace == null) {
            return java.util.Collections.singletonList(null);
        }
        List<String> configured = dispatch.get(namespace);
        if (configured != null && !configured.isEmpty()) {
            return configured;
        }
        List<String> order = new ArrayList<>();
        if (!projectName.isEmpty() && !namespace.equals(projectName)) {
            order.add(projectName);
        }
        order.add(namespace);
        return order;
    }

    /**
     * The macro {@code name} of {@code namespace}; with a null namespace, whichever the calling template sees under that
     * name through {@code interpreter} (read only then).
     */
    Optional<MacroFunction> find(String namespace, String name, JinjavaInterpreter interpreter) {
        if (namespace == null) {
            return Optional.ofNullable(interpreter.getContext().getGlobalMacro(name));
        }
        MacroNamespace found = namespace.equals(BuiltInMacros.NAMESPACE) ? builtIn
                : namespace.equals(projectName) ? project : packages.get(namespace);
        return found == null ? Optional.empty() : Optional.ofNullable(found.macro(name));
    }
}
