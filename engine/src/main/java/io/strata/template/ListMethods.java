package io.strata.template;

import com.hubspot.jinjava.objects.collections.PyList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Python's {@code list} and {@code tuple} methods: {@code append} returns None, {@code pop()} takes the last item, … */
final class ListMethods {
    private static final Set<String> PYTHON = Set.of("append", "clear", "copy", "count", "extend", "index", "insert",
            "pop", "remove", "reverse", "sort");
    private static final Set<String> PYTHON_TUPLE = Set.of("count", "index");

    private ListMethods() {
    }

    @SuppressWarnings("unchecked")
    static Object call(List<?> items, String name, Object[] given) {
        List<Object> list = (List<Object>) items;
        String method = "list." + name;
        try {
            return switch (name) {
                case "append" -> {
                    list.add(Arguments.bind(method, given, 1, "object").value(0));
                    yield null;
                }
                case "extend" -> {
                    Object iterable = Arguments.bind(method, given, 1, "iterable").value(0);
                    List<Object> added = PythonValues.items(iterable);
                    if (added == null) {
                        throw PythonMethods.error(method + "(): " + PythonValues.typeName(iterable) + " is not iterable");
                    }
                    list.addAll(added);
                    yield null;
                }
                case "insert" -> {
                    Arguments arguments = Arguments.bind(method, given, 2, "index", "object");
                    int index = arguments.integer(0, 0);
                    int at = index < 0 ? Math.max(0, index + list.size()) : Math.min(index, list.size());
                    list.add(at, arguments.value(1));
                    yield null;
                }
                case "pop" -> {
                    int index = Arguments.bind(method, given, 0, "index").integer(0, -1);
                    if (list.isEmpty()) {
                        throw PythonMethods.error(method + "(): pop from empty list");
                    }
                    int at = index < 0 ? index + list.size() : index;
                    if (at < 0 || at >= list.size()) {
                        throw PythonMethods.error(method + "(): pop index " + index + " out of range for a list of " + list.size());
                    }
                    yield list.remove(at);
                }
                case "remove" -> {
                    Object value = Arguments.bind(method, given, 1, "value").value(0);
                    int at = find(list, value, 0, list.size());
                    if (at < 0) {
                        throw PythonMethods.error(method + "(x): x not in list (x is " + PythonValues.repr(value) + ")");
                    }
                    list.remove(at);
                    yield null;
                }
                case "clear" -> {
                    Arguments.bind(method, given, 0);
                    list.clear();
                    yield null;
                }
                case "reverse" -> {
                    Arguments.bind(method, given, 0);
                    Collections.reverse(list);
                    yield null;
                }
                case "sort" -> {
                    Arguments arguments = Arguments.bind(method, given, 0, "key", "reverse");
                    if (arguments.value(0) != null) {
                        throw PythonMethods.error(method + "(key=...) is not supported yet; the sort filter sorts by an attribute");
                    }
                    Comparator<Object> order = order(method, list);
                    list.sort(Boolean.TRUE.equals(arguments.value(1)) ? order.reversed() : order);
                    yield null;
                }
                case "copy" -> {
                    Arguments.bind(method, given, 0);
                    yield new PyList(new ArrayList<>(list));
                }
                case "count", "index" -> readOnly(list, "list", name, given);
                default -> throw PythonMethods.unknown("list", name, PYTHON);
            };
        }
        catch (UnsupportedOperationException e) {
            throw PythonMethods.error(method + "(): this list cannot be changed");
        }
    }

    static Object callOnTuple(PythonTuple tuple, String name, Object[] given) {
        if (!PYTHON_TUPLE.contains(name)) {
            throw PythonMethods.unknown("tuple", name, PYTHON_TUPLE);
        }
        return readOnly(tuple, "tuple", name, given);
    }

    private static Object readOnly(List<?> list, String type, String name, Object[] given) {
        String method = type + "." + name;
        if (name.equals("count")) {
            Object value = Arguments.bind(method, given, 1, "value").value(0);
            return list.stream().filter(item -> PythonValues.equal(item, value)).count();
        }
        Arguments arguments = Arguments.bind(method, given, 1, "value", "start", "stop");
        int start = bound(arguments.integer(1, 0), list.size());
        int stop = bound(arguments.integer(2, list.size()), list.size());
        int at = find(list, arguments.value(0), start, stop);
        if (at < 0) {
            throw PythonMethods.error(method + "(): " + PythonValues.repr(arguments.value(0)) + " is not in " + type);
        }
        return (long) at;
    }

    private static int bound(int index, int size) {
        return index < 0 ? Math.max(0, index + size) : Math.min(index, size);
    }

    private static int find(List<?> list, Object value, int start, int stop) {
        for (int i = start; i < stop; i++) {
            if (PythonValues.equal(list.get(i), value)) {
                return i;
            }
        }
        return -1;
    }

    /** Python's {@code <} for a list of numbers or a list of strings; mixing them is Python's TypeError. */
    private static Comparator<Object> order(String method, List<Object> list) {
        boolean numbers = list.stream().allMatch(item -> item instanceof Number);
        boolean texts = list.stream().allMatch(item -> item instanceof CharSequence);
        if (numbers) {
            return Comparator.comparingDouble(item -> ((Number) item).doubleValue());
        }
        if (texts) {
            return Comparator.comparing(Object::toString);
        }
        throw PythonMethods.error(method + "(): only a list of numbers or a list of strings can be sorted here");
    }
}
