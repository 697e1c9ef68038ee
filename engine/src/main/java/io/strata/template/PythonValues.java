package io.strata.template;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How Python sees a template value: its type name, its {@code repr()} and {@code str()}, and equality. */
final class PythonValues {
    private PythonValues() {
    }

    /** The Python type name, for messages: {@code str}, {@code list}, {@code dict}, … */
    static String typeName(Object value) {
        return switch (value) {
            case null -> "NoneType";
            case CharSequence text -> "str";
            case Character character -> "str";
            case Boolean bool -> "bool";
            case Double number -> "float";
            case Float number -> "float";
            case BigDecimal number -> "float";
            case Number number -> "int";
            case PythonTuple tuple -> "tuple";
            case Set<?> set -> "set";
            case List<?> list -> "list";
            case Object[] array -> "list";
            case Map<?, ?> map -> "dict";
            case ContextObject object -> object.typeName();
            default -> value.getClass().getSimpleName();
        };
    }

    /** {@code str(value)}: text as it is, everything else as {@link #repr(Object)}. */
    static String str(Object value) {
        return value instanceof CharSequence text ? text.toString() : repr(value);
    }

    /** {@code repr(value)}: {@code ['a', 1]}, {@code {'k': None}}, {@code ('a', 1)}, {@code 'it\'s'} → {@code "it's"}. */
    static String repr(Object value) {
        StringBuilder text = new StringBuilder();
        appendRepr(text, value);
        return text.toString();
    }

    private static void appendRepr(StringBuilder text, Object value) {
        switch (value) {
            case null -> text.append("None");
            case CharSequence string -> appendString(text, string.toString());
            // Jinjava's list filter splits a string into characters.
            case Character character -> appendString(text, String.valueOf(character));
            case Boolean bool -> text.append(bool ? "True" : "False");
            case Double number -> text.append(floatRepr(number));
            case Float number -> text.append(floatRepr(number.doubleValue()));
            case PythonTuple tuple -> {
                appendItems(text, "(", tuple, ")");
                if (tuple.size() == 1) {
                    text.insert(text.length() - 1, ',');
                }
            }
            case Set<?> set when set.isEmpty() -> text.append("set()");
            case Set<?> set -> appendItems(text, "{", set, "}");
            case Collection<?> list -> appendItems(text, "[", list, "]");
            case Object[] array -> appendItems(text, "[", List.of(array), "]");
            case Map<?, ?> map -> {
                text.append('{');
                String separator = "";
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    text.append(separator);
                    appendRepr(text, entry.getKey());
                    text.append(": ");
                    appendRepr(text, entry.getValue());
                    separator = ", ";
                }
                text.append('}');
            }
            case Map.Entry<?, ?> entry -> appendItems(text, "(", List.of(entry.getKey(), entry.getValue()), ")");
            default -> text.append(value);
        }
    }

    private static void appendItems(StringBuilder text, String open, Iterable<?> items, String close) {
        text.append(open);
        Iterator<?> iterator = items.iterator();
        while (iterator.hasNext()) {
            appendRepr(text, iterator.next());
            if (iterator.hasNext()) {
                text.append(", ");
            }
        }
        text.append(close);
    }

    /** Python quotes with {@code '} unless the text holds a {@code '} and no {@code "}. */
    private static void appendString(StringBuilder text, String string) {
        char quote = string.indexOf('\'') >= 0 && string.indexOf('"') < 0 ? '"' : '\'';
        text.append(quote);
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (c == quote) {
                        text.append('\\').append(c);
                    }
                    else if (c < 0x20 || c == 0x7f) {
                        text.append(String.format("\\x%02x", (int) c));
                    }
                    else {
                        text.append(c);
                    }
                }
            }
        }
        text.append(quote);
    }

    /** Python's float repr: the shortest digits, exponent form below 1e-4 and from 1e16 ({@code 1e+16}, {@code 1.5e-05}). */
    static String floatRepr(double number) {
        if (Double.isNaN(number)) {
            return "nan";
        }
        if (Double.isInfinite(number)) {
            return number > 0 ? "inf" : "-inf";
        }
        if (number == 0) {
            return 1 / number < 0 ? "-0.0" : "0.0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(number))).stripTrailingZeros();
        String digits = decimal.unscaledValue().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        String sign = number < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = decimal.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    /** Python's {@code ==}: numbers by value ({@code 1 == 1.0}), text by content, the rest by {@code equals}. */
    static boolean equal(Object left, Object right) {
        if (left instanceof Number a && right instanceof Number b) {
            if (isIntegral(a) && isIntegral(b)) {
                return a.longValue() == b.longValue();
            }
            return a.doubleValue() == b.doubleValue();
        }
        if (left instanceof CharSequence a && right instanceof CharSequence b) {
            return a.toString().contentEquals(b);
        }
        return java.util.Objects.equals(left, right);
    }

    /** The items {@code for x in value} sees in Python: a list's items, a string's characters, a dict's keys; null if not iterable. */
    static List<Object> items(Object value) {
        return switch (value) {
            case CharSequence text -> text.codePoints().mapToObj(Character::toString).map(Object.class::cast).toList();
            case Collection<?> collection -> new java.util.ArrayList<>(collection);
            case Object[] array -> java.util.Arrays.asList(array);
            case Map<?, ?> map -> new java.util.ArrayList<>(map.keySet());
            case null, default -> null;
        };
    }

    private static boolean isIntegral(Number number) {
        return number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte;
    }
}
