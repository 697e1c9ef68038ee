package io.strata.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.Materialization;
import io.strata.project.ModelConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one render records as its template calls {@code ref}, {@code source}, {@code config} and friends. */
final class RenderState {
    final TemplateInputs inputs;
    final String path;
    final Optional<String> assetName;
    final ModelConfig baseConfig;
    final List<RenderedTemplate.RefCall> refs = new ArrayList<>();
    final List<RenderedTemplate.SourceCall> sources = new ArrayList<>();
    final Map<String, Object> config = new LinkedHashMap<>();
    final List<Diagnostic> diagnostics = new ArrayList<>();
    /** False once the template read what differs between compilations ({@code invocation_id}, the clock). */
    boolean reusable = true;

    RenderState(TemplateInputs inputs, String path, Optional<String> assetName, ModelConfig baseConfig) {
        this.inputs = inputs;
        this.path = path;
        this.assetName = assetName;
        this.baseConfig = baseConfig;
    }

    /** Where rendering is now: the current line of the innermost macro's file, or of the template. */
    Location location() {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        int line = interpreter == null ? 0 : interpreter.getLineNumber();
        return new Location(ReturningMacro.current().map(call -> call.file).orElse(path), line, 0);
    }

    /** A message said at {@link #location()}: inside a macro, it names the macro and the template being rendered. */
    String inContext(String message) {
        return ReturningMacro.current().map(call -> "in macro '" + call.macro + "' (rendering " + path + "): " + message).orElse(message);
    }

    /** The configuration as far as the template has said so far: in-file {@code config()} over YAML and folders. */
    ModelConfig configSoFar() {
        return baseConfig.with(config);
    }

    void error(int line, String message) {
        error(new Location(path, line, 0), message);
    }

    void error(Location location, String message) {
        diagnostics.add(Diagnostic.error(location, message));
    }

    /** The materialization as far as the template has said so far (in-file config over YAML and folders). */
    Optional<Materialization> materialization() {
        return configSoFar().modelMaterialization();
    }
}
