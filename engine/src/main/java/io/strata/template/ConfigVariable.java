package io.strata.template;

import io.strata.project.ModelConfig;

/**
 * dbt's {@code config} variable: {@code config.get(name, default=None)} and {@code config.require(name)} read the
 * configuration of the model being rendered as known at that point (YAML and folder config, then the in-file
 * {@code config()} calls made so far). {@code config(k=v)} as a call is the macro {@code config()}: Jinjava looks a
 * called name up among the macros before the variables, so one name serves both.
 */
final class ConfigVariable implements ContextObject {
    static final ConfigVariable INSTANCE = new ConfigVariable();

    private ConfigVariable() {
    }

    @Override
    public String typeName() {
        return "config";
    }

    @Override
    public Object call(String name, Object[] arguments) {
        RenderState state = TemplateFunctions.state();
        ModelConfig config = state.configSoFar();
        return switch (name) {
            case "get" -> {
                Arguments bound = Arguments.bind("config.get", arguments, 1, "name", "default", "validator");
                String key = bound.text(0);
                yield config.values().containsKey(key) ? config.values().get(key) : bound.value(1);
            }
            case "require" -> {
                String key = Arguments.bind("config.require", arguments, 1, "name", "validator").text(0);
                if (config.values().containsKey(key)) {
                    yield config.values().get(key);
                }
                state.error(state.location(), state.inContext("config.require('" + key + "'): "
                        + state.assetName.map(model -> "model '" + model + "'").orElse("this template")
                        + " does not set the required config '" + key + "'; set it with config(" + key
                        + "=...) in the model or under 'config:' in its YAML"));
                yield null;
            }
            case "meta_get", "meta_require", "persist_relation_docs", "persist_column_docs" ->
                    throw PythonMethods.error("config." + name + "() is not supported yet");
            default -> throw noMethod(name);
        };
    }
}
