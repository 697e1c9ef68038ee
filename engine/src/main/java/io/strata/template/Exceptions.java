package io.strata.template;

import io.strata.project.Diagnostic;

/**
 * dbt's {@code exceptions} in templates: {@code raise_compiler_error(message)} (and {@code raise_not_implemented}) fails the compilation and
 * {@code warn(message)} reports a warning, each at the line that called it (in a macro: the macro file's line, naming
 * the model being rendered). Unlike dbt, rendering goes on after an error; the compilation fails all the same.
 */
final class Exceptions implements ContextObject {
    static final Exceptions INSTANCE = new Exceptions();

    private Exceptions() {
    }

    @Override
    public String typeName() {
        return "exceptions";
    }

    @Override
    public Object call(String name, Object[] arguments) {
        RenderState state = TemplateFunctions.state();
        return switch (name) {
            case "raise_compiler_error", "raise_not_implemented" -> {
                String message = PythonValues.str(Arguments.bind("exceptions." + name, arguments, 1, "msg").value(0));
                state.error(state.location(), state.inContext(message));
                yield "";
            }
            case "warn" -> {
                String message = PythonValues.str(Arguments.bind("exceptions.warn", arguments, 1, "msg", "node").value(0));
                state.diagnostics.add(Diagnostic.warning(state.location(), state.inContext(message)));
                yield "";
            }
            default -> throw noMethod(name);
        };
    }
}
