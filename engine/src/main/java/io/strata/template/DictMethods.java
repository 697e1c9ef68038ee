package io.strata.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.collections.PyMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Python's {@code dict} methods: {@code items()} as (key, value) tuples, {@code get} with a default, {@code update}, … */
final class DictMethods {
    private static final Set<String> PYTHON = Set.of("clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem",
            "setdefault", "update", "values");

    private DictMethods() {
    }

    @SuppressWarnings("unchecked")
    static Object call(Map<?, ?> entries, String name, Object[] given) {
        Map<Object, Object> map = (Map<Object, Object>) entries;
        String method = "dict." + name;
        try {
            return switch (name) {
                case "items" -> {
                    Arguments.bind(method, given, 0);
                    List<Object> items = new ArrayList<>(map.size());
                    map.forEach((key, value) -> items.add(PythonTuple.of(key, value)));
                    yield new PyList(items);
                }
                case "keys" -> {
                    Arguments.bind(method, given, 0);
                    yield new PyList(new ArrayList<>(map.keySet()));
                }
                case "values" -> {
                    Arguments.bind(method, given, 0);
                    yield new PyList(new ArrayList<>(map.values()));
                }
                case "get" -> {
                    Arguments arguments = Arguments.bind(method, given, 1, "key", "default");
                    Object key = arguments.value(0);
                    yield map.containsKey(key) ? map.get(key) : arguments.value(1);
                }
                case "setdefault" -> {
                    Arguments arguments = Arguments.bind(method, given, 1, "key", "default");
                    Object key = arguments.value(0);
                    if (!map.containsKey(key)) {
                        map.put(key, arguments.value(1));
                    }
                    yield map.get(key);
                }
                case "pop" -> {
                    Arguments arguments = Arguments.bind(method, given, 1, "key", "default");
                    Object key = arguments.value(0);
                    if (map.containsKey(key)) {
                        yield map.remove(key);
                    }
                    if (!arguments.has(1)) {
                        throw PythonMethods.error(method + "(" + PythonValues.repr(key) + "): the dict has no key "
                                + PythonValues.repr(key) + "; give a default: pop(key, default)");
                    }
                    yield arguments.value(1);
                }
                case "update" -> {
                    update(method, map, given);
                    yield null;
                }
                case "clear" -> {
                    Arguments.bind(method, given, 0);
                    map.clear();
                    yield null;
                }
                case "copy" -> {
                    Arguments.bind(method, given, 0);
                    yield new PyMap((Map<String, Object>) (Map<?, ?>) new LinkedHashMap<>(map));
                }
                default -> throw PythonMethods.unknown("dict", name, PYTHON);
            };
        }
        catch (UnsupportedOperationException e) {
            throw PythonMethods.error(method + "(): this dict cannot be changed");
        }
    }

    /** {@code update(other)}, {@code update(key=value, …)} or both; other is a dict or a list of (key, value) pairs. */
    private static void update(String method, Map<Object, Object> map, Object[] given) {
        int positional = 0;
        for (Object argument : given) {
            if (argument instanceof NamedParameter named) {
                map.put(named.getName(), named.getValue());
                continue;
            }
            if (++positional > 1) {
                throw PythonMethods.error(method + "() expected at most 1 argument, got " + positional);
            }
            switch (argument) {
                case Map<?, ?> other -> map.putAll(other);
                case List<?> pairs -> {
                    for (Object pair : pairs) {
                        if (!(pair instanceof List<?> entry) || entry.size() != 2) {
                            throw PythonMethods.error(method + "(): each item of the list must be a (key, value) pair, not "
                                    + PythonValues.repr(pair));
                        }
                        map.put(entry.get(0), entry.get(1));
                    }
                }
                case null, default -> throw PythonMethods.error(method + "() takes a dict or a list of (key, value) pairs, not "
                        + PythonValues.typeName(argument));
            }
        }
    }
}
