package io.strata.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InvalidInputException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.objects.collections.PyList;
import jinjava.javax.el.ELException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * dbt's helper functions in the template context ({@code tojson}, {@code fromjson}, {@code toyaml},
 * {@code fromyaml}, {@code zip}, {@code set}, {@code set_strict}, {@code local_md5}) and Jinja2's {@code tojson}
 * filter.
 *
 * <p>As in dbt, {@code fromjson} and {@code fromyaml} of text that does not parse give the default, None when none is
 * given.
 */
public final class DbtHelpers {
    private DbtHelpers() {
    }

    /** Adds the functions and the filter to a Jinjava context. */
    static void register(Context context) {
        for (String name : List.of("tojson", "fromjson", "toyaml", "fromyaml", "set")) {
            context.registerFunction(new ELFunctionDefinition("", name, DbtHelpers.class, name, Object.class, Object[].class));
        }
        context.registerFunction(new ELFunctionDefinition("", "zip", DbtHelpers.class, "zip", Object[].class));
        context.registerFunction(new ELFunctionDefinition("", "set_strict", DbtHelpers.class, "setStrict", Object.class));
        context.registerFunction(new ELFunctionDefinition("", "local_md5", DbtHelpers.class, "localMd5", Object.class));
        context.registerFilter(new ToJsonFilter());
    }

    /** {@code tojson(value, default=None, sort_keys=False)}: {@code json.dumps}. */
    public static Object tojson(Object value, Object... options) {
        return reported("tojson", () -> {
            Arguments arguments = Arguments.bind("tojson", options, 0, "default", "sort_keys");
            try {
                return JsonAndYaml.json(value, Boolean.TRUE.equals(arguments.value(1)), false);
            }
            catch (JsonAndYaml.NotSerializable e) {
                throw PythonMethods.error("tojson(): " + e.getMessage());
            }
        });
    }

    /** {@code fromjson(string, default=None)}: {@code json.loads}; text that is not JSON gives the default. */
    public static Object fromjson(Object text, Object... options) {
        return reported("fromjson", () -> {
            Arguments arguments = Arguments.bind("fromjson", options, 0, "default");
            try {
                return JsonAndYaml.parseJson(String.valueOf(text));
            }
            catch (JsonAndYaml.NotParsable e) {
                // As dbt: the default, None when none is given.
                return arguments.has(0) ? arguments.value(0) : null;
            }
        });
    }

    /** {@code toyaml(value, default=None, sort_keys=False)}: {@code yaml.safe_dump}. */
    public static Object toyaml(Object value, Object... options) {
        return reported("toyaml", () -> {
            Arguments arguments = Arguments.bind("toyaml", options, 0, "default", "sort_keys");
            try {
                return JsonAndYaml.yaml(value, Boolean.TRUE.equals(arguments.value(1)));
            }
            catch (JsonAndYaml.NotSerializable e) {
                throw PythonMethods.error("toyaml(): " + e.getMessage());
            }
        });
    }

    /** {@code fromyaml(string, default=None)}: {@code yaml.safe_load}; text that is not YAML gives the default. */
    public static Object fromyaml(Object text, Object... options) {
        return reported("fromyaml", () -> {
            Arguments arguments = Arguments.bind("fromyaml", options, 0, "default");
            try {
                return JsonAndYaml.parseYaml(String.valueOf(text));
            }
            catch (JsonAndYaml.NotParsable e) {
                // As dbt: the default, None when none is given.
                return arguments.has(0) ? arguments.value(0) : null;
            }
        });
    }

    /** {@code zip(*iterables, default=None)}: a list of tuples, as long as the shortest; the default if one is not iterable. */
    public static Object zip(Object... arguments) {
        List<List<Object>> iterables = new ArrayList<>();
        Object fallback = null;
        for (Object argument : arguments) {
            if (argument instanceof com.hubspot.jinjava.el.ext.NamedParameter named && named.getName().equals("default")) {
                fallback = named.getValue();
                continue;
            }
            List<Object> items = PythonValues.items(argument);
            if (items == null) {
                return fallback;
            }
            iterables.add(items);
        }
        int length = iterables.stream().mapToInt(List::size).min().orElse(0);
        List<Object> tuples = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            int index = i;
            tuples.add(new PythonTuple(iterables.stream().map(items -> items.get(index)).toList()));
        }
        return new PyList(tuples);
    }

    /** {@code set(value, default=None)}: the distinct items in first-seen order; the default if value is not iterable. */
    public static Object set(Object value, Object... options) {
        return reported("set", () -> {
            Arguments arguments = Arguments.bind("set", options, 0, "default");
            Set<Object> set = distinct(value);
            return set == null ? arguments.value(0) : set;
        });
    }

    /** {@code set_strict(value)}: as {@code set}, but a value that is not iterable is an error. */
    public static Object setStrict(Object value) {
        return reported("set_strict", () -> {
            Set<Object> set = distinct(value);
            if (set == null) {
                throw PythonMethods.error("set_strict(): " + PythonValues.typeName(value) + " is not iterable, or holds lists or dicts");
            }
            return set;
        });
    }

    /** Null when not iterable or when an item is a list or dict (unhashable in Python). */
    private static Set<Object> distinct(Object value) {
        List<Object> items = PythonValues.items(value);
        if (items == null || items.stream().anyMatch(item -> item instanceof Collection<?> && !(item instanceof PythonTuple) || item instanceof Map<?, ?>)) {
            return null;
        }
        Map<Object, Object> byValue = new LinkedHashMap<>();
        for (Object item : items) {
            // 1 and 1.0 are one item in Python.
            Object key = item instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                    && !Double.isInfinite(number.doubleValue()) ? (Object) number.longValue() : item;
            byValue.putIfAbsent(key, item);
        }
        return new LinkedHashSet<>(byValue.values());
    }

    /** {@code local_md5(string)}: the hex MD5 of the text's UTF-8 bytes. */
    public static String localMd5(Object text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(PythonValues.str(text).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    /** Jinjava reports only the message of an invalid-input error thrown by a function, at the template's line. */
    private static Object reported(String function, Supplier<Object> body) {
        try {
            return body.get();
        }
        catch (ELException e) {
            throw new InvalidInputException(JinjavaInterpreter.getCurrent(), function, e.getMessage());
        }
    }

    /** Jinja2's {@code tojson} filter: keys sorted, {@code < > & '} escaped for HTML. */
    static final class ToJsonFilter implements Filter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, String... arguments) {
            if (arguments.length > 0) {
                throw new InvalidInputException(interpreter, "tojson", "the tojson filter's indent argument is not supported yet");
            }
            try {
                return JsonAndYaml.json(value, true, true);
            }
            catch (JsonAndYaml.NotSerializable e) {
                throw new InvalidInputException(interpreter, "tojson", "tojson filter: " + e.getMessage());
            }
        }
    }
}
