package io.strata.template;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/**
 * Values as a template prints them and {@code ~} joins them, as Python's {@code str()} does: {@code None},
 * {@code True}, {@code False}, floats as {@code 1e+16}, lists as {@code ['a', 1]}, tuples as {@code ('a', 1)} and
 * dicts as {@code {'k': True}} ({@link PythonValues#repr}). Anything else (integers, relations, dates) is left to
 * Jinjava's own text.
 */
final class PythonText {
    private PythonText() {
    }

    /** Python's {@code str(value)}; {@code other} gives the text of values Python has no spelling for here. */
    static String str(Object value, Function<Object, String> other) {
        return switch (value) {
            case null -> "None";
            case String text -> text;
            case Character character -> String.valueOf(character);
            case Boolean bool -> bool ? "True" : "False";
            case Double number -> PythonValues.floatRepr(number);
            case Float number -> PythonValues.floatRepr(number.doubleValue());
            case Collection<?> _, Map<?, ?> _, Map.Entry<?, ?> _, Object[] _ -> PythonValues.repr(value);
            case Object marker when marker == Definedness.MISSING -> "";
            default -> other.apply(value);
        };
    }
}
