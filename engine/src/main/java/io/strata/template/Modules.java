package io.strata.template;

import java.util.Set;

/** dbt's {@code modules}: Python modules templates may use; Strata offers {@code modules.datetime} and {@code modules.re}. */
final class Modules implements ContextObject {
    static final Modules INSTANCE = new Modules();
    private static final Set<String> NOT_SUPPORTED = Set.of("pytz", "itertools");

    private Modules() {
    }

    @Override
    public String typeName() {
        return "modules";
    }

    @Override
    public Object attribute(String name) {
        return switch (name) {
            case "datetime" -> PythonDates.MODULE;
            case "re" -> PythonRegex.MODULE;
            default -> {
                if (NOT_SUPPORTED.contains(name)) {
                    throw PythonMethods.error("modules." + name + " is not supported yet");
                }
                yield NO_ATTRIBUTE;
            }
        };
    }

    @Override
    public Object call(String name, Object[] arguments) {
        throw noMethod(name);
    }
}
