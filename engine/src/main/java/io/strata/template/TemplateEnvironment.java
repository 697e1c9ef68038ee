package io.strata.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.ModelConfig;
import io.strata.project.ProjectException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinjava set up as dbt users expect: dbt's context functions, every macro under the macro paths callable
 * without an import, strict undefined variables. One environment serves every render of a compilation;
 * renders may run in parallel.
 */
public final class TemplateEnvironment {
    private static final String CONFIG_MACRO = "{% macro config() %}{{ __strata_config(kwargs) }}{% endmacro %}";
    private static final Pattern TEST_BLOCK = Pattern.compile("\\{%(-?)\\s*test\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
    private static final Pattern END_TEST = Pattern.compile("\\{%(-?)\\s*endtest\\s*(-?)%}");
    private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("Could not resolve function '([^']+)'");
    private static final Pattern UNKNOWN_TOKEN = Pattern.compile("Unknown token found: ([A-Za-z_][\\w.]*)");
    private static final String MISSING_START_TAG = "Missing start tag";
    private static final Set<String> BUILT_INS = Set.of("ref", "source", "var", "env_var", "config", "is_incremental", "log", "return", "doc");
    /** dbt's functions and variables that need the database or the whole project graph, which templates cannot reach yet. */
    private static final Set<String> NOT_SUPPORTED_FUNCTIONS = Set.of("run_query", "statement", "load_result", "store_result",
            "store_raw_result", "load_relation", "load_cached_relation", "get_columns_in_query");
    private static final Set<String> NOT_SUPPORTED_VARIABLES = Set.of("graph", "model", "flags", "selected_resources",
            "schemas", "database_schemas", "results", "context", "builtins");

    private final Jinjava jinjava;
    private final Set<String> macroNames;
    private final MacroNamespaces namespaces;
    private final Adapter adapter;

    private TemplateEnvironment(Jinjava jinjava, Set<String> macroNames, MacroNamespaces namespaces) {
        this.jinjava = jinjava;
        this.macroNames = macroNames;
        this.namespaces = namespaces;
        this.adapter = new Adapter(namespaces);
    }

    /**
     * Builds the environment with the project's macro files only; throws {@link ProjectException} listing each macro
     * file that does not parse and each macro defined twice.
     */
    public static TemplateEnvironment create(List<SourceText> macroFiles) {
        return create(MacroLibrary.of(macroFiles));
    }

    /**
     * Builds the environment and loads every macro: dbt's built-in macros, the project's (which take the place of a
     * built-in of the same name) and each package's under its name. Throws {@link ProjectException} listing each
     * macro file that does not parse and each macro defined twice in the same project or package.
     */
    public static TemplateEnvironment create(MacroLibrary library) {
        Jinjava jinjava = Jinja2Jinjava.create();
        var functions = jinjava.getGlobalContext();
        functions.registerFunction(new ELFunctionDefinition("", "ref", TemplateFunctions.class, "ref", String[].class));
        functions.registerFunction(new ELFunctionDefinition("", "source", TemplateFunctions.class, "source", String.class, String.class));
        functions.registerFunction(new ELFunctionDefinition("", "var", TemplateFunctions.class, "var", String.class, Object[].class));
        functions.registerFunction(new ELFunctionDefinition("", "env_var", TemplateFunctions.class, "envVar", String.class, Object[].class));
        functions.registerFunction(new ELFunctionDefinition("", "__strata_config", TemplateFunctions.class, "config", Map.class));
        functions.registerFunction(new ELFunctionDefinition("", "is_incremental", TemplateFunctions.class, "isIncremental"));
        functions.registerFunction(new ELFunctionDefinition("", "log", TemplateFunctions.class, "log", Object.class, Object[].class));
        functions.registerFunction(new ELFunctionDefinition("", "return", ReturningMacro.class, "returnValue", Object.class));
        functions.registerFunction(new ELFunctionDefinition("", "doc", TemplateFunctions.class, "doc", String[].class));
        DbtHelpers.register(functions);

        List<Diagnostic> errors = new ArrayList<>();
        defineMacros(isolated(jinjava), new SourceText("<strata>", CONFIG_MACRO), errors).values().forEach(functions::addGlobalMacro);
        // dbt's macros first, so that the project's take the place of those of the same name.
        Map<String, MacroFunction> builtIn = definePackage(jinjava, null, BuiltInMacros.files(), errors);
        Map<String, MacroFunction> project = definePackage(jinjava, null, library.projectMacros(), errors);
        Map<String, MacroNamespace> packages = new LinkedHashMap<>();
        for (MacroPackage macroPackage : library.packages()) {
            packages.put(macroPackage.name(), new MacroNamespace(macroPackage.name(),
                    definePackage(jinjava, "dbt_packages/" + macroPackage.name(), macroPackage.files(), errors)));
        }
        if (!errors.isEmpty()) {
            throw new ProjectException(errors);
        }
        builtIn.values().forEach(functions::addGlobalMacro);
        project.values().forEach(functions::addGlobalMacro);
        MacroNamespaces namespaces = new MacroNamespaces(library.projectName(), new MacroNamespace(library.projectName(), project),
                new MacroNamespace(BuiltInMacros.NAMESPACE, builtIn), packages, library.dispatch());
        return new TemplateEnvironment(jinjava, new TreeSet<>(project.keySet()), namespaces);
    }

    /**
     * Defines the macros of one package (or of the project, or dbt's, when {@code importPath} is null): each macro by
     * name, wrapped to honour {@code return()}. A package's macros are defined in one context marked with its path, so
     * that a call of one of them, from anywhere, sees the package's other macros without a prefix.
     */
    private static Map<String, MacroFunction> definePackage(Jinjava jinjava, String importPath, List<SourceText> files,
                                                            List<Diagnostic> errors) {
        Map<String, MacroFunction> macros = new LinkedHashMap<>();
        Map<String, String> definedIn = new HashMap<>();
        JinjavaInterpreter shared = importPath == null ? null : isolated(jinjava);
        if (shared != null) {
            shared.getContext().put(Context.IMPORT_RESOURCE_PATH_KEY, importPath);
        }
        for (SourceText file : files) {
            JinjavaInterpreter interpreter = shared != null ? shared : isolated(jinjava);
            Map<String, MacroFunction> defined = defineMacros(interpreter, file, errors);
            for (MacroFunction macro : defined.values()) {
                if (definedIn.containsKey(macro.getName())) {
                    errors.add(Diagnostic.error(Location.of(file.path()), "macro '" + macro.getName()
                            + "' is defined twice: here and in " + definedIn.get(macro.getName()) + "; rename one of them"));
                    continue;
                }
                ReturningMacro returning = new ReturningMacro(macro, file.path());
                // The defining context holds the wrapped macro too: calls inside the package find that one.
                interpreter.getContext().addGlobalMacro(returning);
                definedIn.put(macro.getName(), file.path());
                macros.put(macro.getName(), returning);
            }
        }
        return macros;
    }

    /**
     * An interpreter whose macros stay its own: a new interpreter's context shares the global context's macros, so
     * macros are defined in a scope of their own, which their calls then see.
     */
    private static JinjavaInterpreter isolated(Jinjava jinjava) {
        JinjavaInterpreter interpreter = jinjava.newInterpreter();
        interpreter.enterScope();
        return interpreter;
    }

    /** The macros one file defines, rendered by {@code interpreter}; its errors are added to {@code errors}. */
    private static Map<String, MacroFunction> defineMacros(JinjavaInterpreter interpreter, SourceText file, List<Diagnostic> errors) {
        Set<String> before = new HashSet<>(interpreter.getContext().getGlobalMacros().keySet());
        int errorsBefore = interpreter.getErrors().size();
        try (var current = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            interpreter.render(Adapter.callable(dbtBlocksAsMacros(file.text())));
        }
        catch (com.hubspot.jinjava.interpret.InterpretException e) {
            // Some errors (an unknown token in a macro's default arguments, …) are thrown, not listed.
            errors.add(Diagnostic.error(new Location(file.path(), Math.max(e.getLineNumber(), 0), 0), "in macro file: " + e.getMessage()));
            return Map.of();
        }
        List<TemplateError> fileErrors = interpreter.getErrors().subList(errorsBefore, interpreter.getErrors().size());
        for (TemplateError error : fileErrors) {
            if (isError(error)) {
                errors.add(Diagnostic.error(location(file.path(), error), "in macro file: " + message(error)));
            }
        }
        Map<String, MacroFunction> defined = new LinkedHashMap<>();
        interpreter.getContext().getGlobalMacros().forEach((name, macro) -> {
            // A macro defined again by a later file of a package replaces the wrapped one of the earlier file.
            if (!before.contains(name) || !(macro instanceof ReturningMacro)) {
                defined.put(name, macro);
            }
        });
        return defined;
    }

    /** dbt's custom generic tests ({@code {% test name(model) %}}) are macros named {@code test_name}; lines stay put. */
    static String dbtBlocksAsMacros(String text) {
        if (!text.contains("test")) {
            return text;
        }
        String converted = TEST_BLOCK.matcher(text).replaceAll("{%$1 macro test_$2(");
        return END_TEST.matcher(converted).replaceAll("{%$1 endmacro $2%}");
    }

    public Set<String> macroNames() {
        return macroNames;
    }

    /**
     * Whether a custom generic test of that name exists: {@code name} is a macro {@code test_name} of the project or
     * dbt's, {@code package.name} one of that package.
     */
    public boolean hasGenericTest(String name) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            return namespaces.project().macro("test_" + name) != null || namespaces.builtIn().macro("test_" + name) != null;
        }
        return namespaces.find(name.substring(0, dot), "test_" + name.substring(dot + 1), null).isPresent();
    }

    /**
     * Renders one template.
     *
     * @param inputs what the template sees of the project
     * @param path the file's path, for messages
     * @param assetName the model this template defines ({@code this}, {@code is_incremental()}), if any
     * @param baseConfig the configuration from YAML and folders, which in-file {@code config()} overrides
     */
    public RenderedTemplate render(TemplateInputs inputs, String path, String text, Optional<String> assetName, ModelConfig baseConfig) {
        return render(inputs, path, text, assetName, baseConfig, Map.of());
    }

    /** Renders one template that also sees {@code variables} (a generic test's arguments). */
    public RenderedTemplate render(TemplateInputs inputs, String path, String text, Optional<String> assetName, ModelConfig baseConfig,
                                   Map<String, Object> variables) {
        RenderState state = new RenderState(inputs, path, assetName, baseConfig);
        Map<String, Object> bindings = new HashMap<>(variables);
        bindings.put("target", targetBinding(inputs));
        namespaces.bind(bindings);
        bindings.put("adapter", adapter);
        // A called config(k=v) is the macro config(): Jinjava looks called names up among the macros first.
        bindings.put("config", ConfigVariable.INSTANCE);
        bindings.put("exceptions", Exceptions.INSTANCE);
        // dbt's execute is false only while it parses; Strata renders each template once, for real.
        bindings.put("execute", Boolean.TRUE);
        bindings.put("api", Api.INSTANCE);
        bindings.put("modules", Modules.INSTANCE);
        bindings.put("invocation_id", inputs.invocation().id());
        bindings.put("run_started_at", PythonDates.utc(inputs.invocation().startedAt()));
        assetName.ifPresent(name -> {
            // A partitioned model's window: tokens here, each build's window when it runs.
            bindings.put("partition", Placeholders.PARTITION);
            var relation = Optional.ofNullable(inputs.assetRelations().get(name));
            bindings.put("this", new JinjaRelation(Placeholders.ref(name),
                    relation.map(io.strata.project.Relation::schema).orElse(""), name, List.of(name)));
        });
        TemplateFunctions.CURRENT.set(state);
        RenderResult result;
        try {
            result = jinjava.renderForResult(Adapter.callable(Jinja2Jinjava.withoutTrailingNewline(text)), bindings);
        }
        catch (com.hubspot.jinjava.interpret.InterpretException e) {
            // Some template errors (an unknown token inside a macro's defaults, …) escape the error list.
            return new RenderedTemplate("", state.refs, state.sources, state.config, List.of(Diagnostic.error(
                    new Location(path, Math.max(e.getLineNumber(), 0), 0), String.valueOf(e.getMessage()))), state.reusable);
        }
        finally {
            TemplateFunctions.CURRENT.remove();
        }
        List<Diagnostic> diagnostics = new ArrayList<>(state.diagnostics);
        for (TemplateError error : result.getErrors()) {
            Location location = location(path, error);
            if (isError(error)) {
                diagnostics.add(Diagnostic.error(location, describe(error)));
            }
            else {
                diagnostics.add(Diagnostic.warning(location, error.getMessage()));
            }
        }
        return new RenderedTemplate(result.getOutput(), state.refs, state.sources, state.config, diagnostics, state.reusable);
    }

    private static Map<String, Object> targetBinding(TemplateInputs inputs) {
        Map<String, Object> target = new LinkedHashMap<>(inputs.target().settings());
        target.put("name", inputs.target().name());
        target.put("type", inputs.target().type());
        target.put("schema", inputs.target().schema());
        target.put("profile_name", inputs.target().name());
        return target;
    }

    private String describe(TemplateError error) {
        String message = message(error);
        Matcher function = UNKNOWN_FUNCTION.matcher(message);
        if (function.find()) {
            String name = function.group(1);
            if (NOT_SUPPORTED_FUNCTIONS.contains(name)) {
                return "dbt's " + name + "() is not supported yet";
            }
            Set<String> known = new TreeSet<>(macroNames);
            known.addAll(BUILT_INS);
            return "unknown macro or function '" + name + "()'" + Suggestions.didYouMean(name, known)
                    + "; macros are read from the macro paths (macros/**/*.sql)";
        }
        Matcher token = UNKNOWN_TOKEN.matcher(message);
        if (token.find()) {
            String name = token.group(1).split("\\.")[0];
            if (NOT_SUPPORTED_VARIABLES.contains(name)) {
                return "dbt's '" + name + "' is not supported yet";
            }
            return "unknown variable '" + token.group(1) + "' (undefined in this template)";
        }
        return message;
    }

    private static String message(TemplateError error) {
        if (isEndTagAlone(error)) {
            return "Encountered unknown tag '" + error.getFieldName() + "'.";
        }
        return error.getMessage() == null ? error.getReason().toString() : error.getMessage();
    }

    private static boolean isError(TemplateError error) {
        return switch (error.getSeverity()) {
            case FATAL -> true;
            // Jinjava only warns of an end tag that closes nothing; Jinja2 rejects the template.
            case WARNING -> isEndTagAlone(error);
        };
    }

    private static boolean isEndTagAlone(TemplateError error) {
        return MISSING_START_TAG.equals(error.getMessage()) && error.getFieldName() != null;
    }

    private static Location location(String path, TemplateError error) {
        int line = error.getLineno();
        int column = error.getStartPosition();
        return new Location(path, Math.max(line, 0), line > 0 ? Math.max(column, 0) : 0);
    }
}
