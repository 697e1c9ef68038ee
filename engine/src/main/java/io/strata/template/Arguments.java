package io.strata.template;

import com.hubspot.jinjava.el.ext.NamedParameter;

import java.util.Arrays;

/**
 * The arguments of one call of a Python method, bound to its parameter names as Python binds them (by position,
 * then by keyword), so that each method reads its arguments by index.
 */
final class Arguments {
    private static final Object MISSING = new Object();

    private final String method;
    private final Object[] values;

    private Arguments(String method, Object[] values) {
        this.method = method;
        this.values = values;
    }

    /**
     * Binds {@code given} to {@code names}; the first {@code required} names must be given.
     *
     * @param method the method as messages name it, e.g. {@code str.split}
     */
    static Arguments bind(String method, Object[] given, int required, String... names) {
        Object[] values = new Object[names.length];
        Arrays.fill(values, MISSING);
        int positional = 0;
        for (Object argument : given) {
            if (argument instanceof NamedParameter named) {
                int index = Arrays.asList(names).indexOf(named.getName());
                if (index < 0) {
                    throw PythonMethods.error(method + "() got an unexpected keyword argument '" + named.getName() + "'");
                }
                values[index] = named.getValue();
            }
            else {
                if (positional >= names.length) {
                    throw PythonMethods.error(method + "() takes " + (names.length == 0 ? "no arguments"
                            : "at most " + names.length + " argument" + (names.length == 1 ? "" : "s"))
                            + " (" + given.length + " given)");
                }
                values[positional++] = argument;
            }
        }
        for (int i = 0; i < required; i++) {
            if (values[i] == MISSING) {
                throw PythonMethods.error(method + "() missing required argument '" + names[i] + "'");
            }
        }
        return new Arguments(method, values);
    }

    boolean has(int index) {
        return values[index] != MISSING;
    }

    /** The argument, or {@code fallback} when not given. */
    Object value(int index, Object fallback) {
        return has(index) ? values[index] : fallback;
    }

    Object value(int index) {
        return value(index, null);
    }

    String text(int index) {
        Object value = values[index];
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        throw PythonMethods.error(method + "() argument " + (index + 1) + " must be str, not " + PythonValues.typeName(value));
    }

    /** A text argument that may be absent or None. */
    String textOrNull(int index) {
        return value(index) == null ? null : text(index);
    }

    int integer(int index, int fallback) {
        Object value = value(index, null);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number && !(value instanceof Double) && !(value instanceof Float)) {
            return Math.toIntExact(number.longValue());
        }
        throw PythonMethods.error(method + "() argument " + (index + 1) + " must be int, not " + PythonValues.typeName(value));
    }
}
