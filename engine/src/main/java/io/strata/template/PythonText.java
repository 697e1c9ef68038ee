package io.strata.template;

import com.hubspot.jinjava.objects.collections.PyList;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Values as Python prints them, for what a template prints and what {@code ~} joins: {@code None},
 * {@code True}, {@code False}, lists as {@code ['a', 1]} and dicts as {@code {'k': True}}. Anything else
 * (numbers, relations, dates) is left to Jinjava's own text.
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
            case Collection<?> _, Map<?, ?> _, Map.Entry<?, ?> _ -> repr(value, other);
            case Object marker when marker == Definedness.MISSING -> "";
            default -> other.apply(value);
        };
    }

    /** Python's {@code repr(value)}, as a list or dict prints its items. */
    static String repr(Object value, Function<Object, String> other) {
        return switch (value) {
            case String text -> quote(text);
            case Character character -> quote(String.valueOf(character));
            case PyList list when list.toList() instanceof Tuple tuple -> repr(tuple, other);
            case Tuple tuple -> tuple.size() == 1 ? "(" + repr(tuple.getFirst(), other) + ",)" : join("(", tuple.iterator(), ")", other);
            case Collection<?> items -> join("[", items.iterator(), "]", other);
            case Map<?, ?> map -> {
                StringBuilder text = new StringBuilder("{");
                for (Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator(); entries.hasNext(); ) {
                    Map.Entry<?, ?> entry = entries.next();
                    text.append(repr(entry.getKey(), other)).append(": ").append(repr(entry.getValue(), other));
                    if (entries.hasNext()) {
                        text.append(", ");
                    }
                }
                yield text.append('}').toString();
            }
            case Map.Entry<?, ?> pair -> "(" + repr(pair.getKey(), other) + ", " + repr(pair.getValue(), other) + ")";
            case null, default -> str(value, other);
        };
    }

    /** A tuple's items; Jinjava's tuples are lists, and this tells them apart for printing. */
    static final class Tuple extends AbstractList<Object> {
        private final List<Object> items;

        Tuple(List<Object> items) {
            this.items = Collections.unmodifiableList(new ArrayList<>(items));
        }

        @Override
        public Object get(int index) {
            return items.get(index);
        }

        @Override
        public int size() {
            return items.size();
        }
    }

    private static String join(String open, Iterator<?> items, String close, Function<Object, String> other) {
        StringBuilder text = new StringBuilder(open);
        while (items.hasNext()) {
            text.append(repr(items.next(), other));
            if (items.hasNext()) {
                text.append(", ");
            }
        }
        return text.append(close).toString();
    }

    /** A string literal as Python writes it: single quotes unless the text holds one and no double quote. */
    private static String quote(String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder quoted = new StringBuilder(text.length() + 2).append(quote);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c == quote) {
                        quoted.append('\\');
                    }
                    quoted.append(c);
                }
            }
        }
        return quoted.append(quote).toString();
    }
}
