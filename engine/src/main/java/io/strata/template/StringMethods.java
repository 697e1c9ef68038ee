package io.strata.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.objects.collections.PyList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Python's {@code str} methods with Python's results: {@code 'a b'.split()} is {@code ['a', 'b']}, {@code 'x'.find('y')} is -1. */
final class StringMethods {
    /** Every method of Python's {@code str}, to tell "not supported yet" from "no such method". */
    private static final Set<String> PYTHON = Set.of("capitalize", "casefold", "center", "count", "encode", "endswith",
            "expandtabs", "find", "format", "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit",
            "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper", "join", "ljust", "lower",
            "lstrip", "maketrans", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust",
            "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title", "translate",
            "upper", "zfill");

    private StringMethods() {
    }

    static Object call(String text, String name, Object[] given) {
        String method = "str." + name;
        return switch (name) {
            case "lower" -> withoutArguments(method, given, text.toLowerCase(Locale.ROOT));
            case "upper" -> withoutArguments(method, given, text.toUpperCase(Locale.ROOT));
            case "title" -> withoutArguments(method, given, title(text));
            case "capitalize" -> withoutArguments(method, given, capitalize(text));
            case "swapcase" -> withoutArguments(method, given, swapcase(text));
            case "strip", "lstrip", "rstrip" -> {
                String chars = Arguments.bind(method, given, 0, "chars").textOrNull(0);
                yield strip(text, chars, !name.equals("rstrip"), !name.equals("lstrip"));
            }
            case "split" -> {
                Arguments arguments = Arguments.bind(method, given, 0, "sep", "maxsplit");
                String separator = arguments.textOrNull(0);
                int max = arguments.integer(1, -1);
                if (separator == null) {
                    yield splitOnWhitespace(text, max);
                }
                if (separator.isEmpty()) {
                    throw PythonMethods.error(method + "(): empty separator");
                }
                yield splitOn(text, separator, max);
            }
            case "replace" -> {
                Arguments arguments = Arguments.bind(method, given, 2, "old", "new", "count");
                yield replace(text, arguments.text(0), arguments.text(1), arguments.integer(2, -1));
            }
            case "startswith", "endswith" -> {
                Arguments arguments = Arguments.bind(method, given, 1, "prefix", "start", "end");
                String slice = slice(text, arguments, 1);
                if (slice == null) {
                    yield false;
                }
                Object prefix = arguments.value(0);
                List<?> affixes = prefix instanceof CharSequence ? List.of(prefix) : prefix instanceof List<?> tuple ? tuple : null;
                if (affixes == null) {
                    throw PythonMethods.error(method + "() first argument must be str or a tuple of str, not " + PythonValues.typeName(prefix));
                }
                for (Object affix : affixes) {
                    if (!(affix instanceof CharSequence)) {
                        throw PythonMethods.error(method + "() first argument must be str or a tuple of str, not a tuple holding " + PythonValues.typeName(affix));
                    }
                    if (name.equals("startswith") ? slice.startsWith(affix.toString()) : slice.endsWith(affix.toString())) {
                        yield true;
                    }
                }
                yield false;
            }
            case "removeprefix" -> {
                String prefix = Arguments.bind(method, given, 1, "prefix").text(0);
                yield text.startsWith(prefix) ? text.substring(prefix.length()) : text;
            }
            case "removesuffix" -> {
                String suffix = Arguments.bind(method, given, 1, "suffix").text(0);
                yield text.endsWith(suffix) && !suffix.isEmpty() ? text.substring(0, text.length() - suffix.length()) : text;
            }
            case "count" -> {
                Arguments arguments = Arguments.bind(method, given, 1, "sub", "start", "end");
                String slice = slice(text, arguments, 1);
                yield slice == null ? 0L : count(slice, arguments.text(0));
            }
            case "find", "index", "rfind", "rindex" -> {
                Arguments arguments = Arguments.bind(method, given, 1, "sub", "start", "end");
                String slice = slice(text, arguments, 1);
                String sub = arguments.text(0);
                int found = slice == null ? -1 : name.startsWith("r") ? slice.lastIndexOf(sub) : slice.indexOf(sub);
                if (found < 0 && name.endsWith("index")) {
                    throw PythonMethods.error(method + "(): substring not found");
                }
                yield found < 0 ? -1L : (long) found + start(text, arguments, 1);
            }
            case "format" -> format(text, given);
            case "join" -> join(method, text, Arguments.bind(method, given, 1, "iterable").value(0));
            case "isdigit" -> withoutArguments(method, given, !text.isEmpty() && text.chars().allMatch(Character::isDigit));
            case "isalpha" -> withoutArguments(method, given, !text.isEmpty() && text.chars().allMatch(Character::isLetter));
            case "isalnum" -> withoutArguments(method, given, !text.isEmpty() && text.chars().allMatch(Character::isLetterOrDigit));
            case "isspace" -> withoutArguments(method, given, !text.isEmpty() && text.chars().allMatch(StringMethods::isSpace));
            case "islower" -> withoutArguments(method, given, text.chars().anyMatch(Character::isLowerCase)
                    && text.chars().noneMatch(c -> Character.isUpperCase(c) || Character.isTitleCase(c)));
            case "isupper" -> withoutArguments(method, given, text.chars().anyMatch(Character::isUpperCase)
                    && text.chars().noneMatch(Character::isLowerCase));
            case "zfill" -> {
                int width = Arguments.bind(method, given, 1, "width").integer(0, 0);
                int sign = !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
                int padding = Math.max(0, width - text.length());
                yield text.substring(0, sign) + "0".repeat(padding) + text.substring(sign);
            }
            case "ljust", "rjust" -> {
                Arguments arguments = Arguments.bind(method, given, 1, "width", "fillchar");
                String fill = arguments.has(1) ? arguments.text(1) : " ";
                if (fill.length() != 1) {
                    throw PythonMethods.error(method + "(): the fill character must be exactly one character long");
                }
                String padding = fill.repeat(Math.max(0, arguments.integer(0, 0) - text.length()));
                yield name.equals("ljust") ? text + padding : padding + text;
            }
            default -> throw PythonMethods.unknown("str", name, PYTHON);
        };
    }

    /** The result of a method that takes no arguments, once none were given. */
    private static Object withoutArguments(String method, Object[] given, Object result) {
        Arguments.bind(method, given, 0);
        return result;
    }

    /** Python's whitespace: {@code str.isspace()}. */
    static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    private static String title(String text) {
        StringBuilder result = new StringBuilder(text.length());
        boolean previousCased = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean cased = Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c);
            result.append(cased ? previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c) : c);
            previousCased = cased;
        }
        return result.toString();
    }

    private static String capitalize(String text) {
        if (text.isEmpty()) {
            return text;
        }
        return Character.toTitleCase(text.charAt(0)) + text.substring(1).toLowerCase(Locale.ROOT);
    }

    private static String swapcase(String text) {
        StringBuilder result = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            result.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.isLowerCase(c) ? Character.toUpperCase(c) : c);
        }
        return result.toString();
    }

    private static String strip(String text, String chars, boolean left, boolean right) {
        int start = 0;
        int end = text.length();
        while (left && start < end && stripped(text.charAt(start), chars)) {
            start++;
        }
        while (right && end > start && stripped(text.charAt(end - 1), chars)) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean stripped(char c, String chars) {
        return chars == null ? isSpace(c) : chars.indexOf(c) >= 0;
    }

    private static PyList splitOn(String text, String separator, int max) {
        List<Object> parts = new ArrayList<>();
        int start = 0;
        while (max < 0 || parts.size() < max) {
            int found = text.indexOf(separator, start);
            if (found < 0) {
                break;
            }
            parts.add(text.substring(start, found));
            start = found + separator.length();
        }
        parts.add(text.substring(start));
        return new PyList(parts);
    }

    /** Runs of whitespace separate; leading and trailing whitespace give no empty parts; the rest after max splits keeps its end. */
    private static PyList splitOnWhitespace(String text, int max) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        int length = text.length();
        while (true) {
            while (i < length && isSpace(text.charAt(i))) {
                i++;
            }
            if (i >= length) {
                break;
            }
            if (max >= 0 && parts.size() == max) {
                parts.add(text.substring(i));
                break;
            }
            int start = i;
            while (i < length && !isSpace(text.charAt(i))) {
                i++;
            }
            parts.add(text.substring(start, i));
        }
        return new PyList(parts);
    }

    private static String replace(String text, String old, String replacement, int max) {
        StringBuilder result = new StringBuilder();
        int replaced = 0;
        if (old.isEmpty()) {
            for (int i = 0; i <= text.length(); i++) {
                if (max < 0 || replaced < max) {
                    result.append(replacement);
                    replaced++;
                }
                if (i < text.length()) {
                    result.append(text.charAt(i));
                }
            }
            return result.toString();
        }
        int start = 0;
        while (max < 0 || replaced < max) {
            int found = text.indexOf(old, start);
            if (found < 0) {
                break;
            }
            result.append(text, start, found).append(replacement);
            start = found + old.length();
            replaced++;
        }
        return result.append(text, start, text.length()).toString();
    }

    private static long count(String text, String sub) {
        if (sub.isEmpty()) {
            return text.length() + 1L;
        }
        long count = 0;
        for (int found = text.indexOf(sub); found >= 0; found = text.indexOf(sub, found + sub.length())) {
            count++;
        }
        return count;
    }

    /** {@code text[start:end]} for the optional start and end arguments at {@code first}; null when start is past the end. */
    private static String slice(String text, Arguments arguments, int first) {
        int start = start(text, arguments, first);
        int end = index(text, arguments.integer(first + 1, text.length()));
        if (start > text.length()) {
            return null;
        }
        return start <= end ? text.substring(start, end) : "";
    }

    private static int start(String text, Arguments arguments, int first) {
        int start = arguments.integer(first, 0);
        return start < 0 ? Math.max(0, start + text.length()) : start;
    }

    private static int index(String text, int index) {
        return index < 0 ? Math.max(0, index + text.length()) : Math.min(index, text.length());
    }

    private static String join(String method, String separator, Object iterable) {
        List<Object> items = PythonValues.items(iterable);
        if (items == null) {
            throw PythonMethods.error(method + "() can only join an iterable, not " + PythonValues.typeName(iterable));
        }
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (!(item instanceof CharSequence text)) {
                throw PythonMethods.error(method + "(): sequence item " + i + ": expected str instance, "
                        + PythonValues.typeName(item) + " found");
            }
            if (i > 0) {
                result.append(separator);
            }
            result.append(text);
        }
        return result.toString();
    }

    /** {@code str.format}: {@code {}}, {@code {0}}, {@code {name}}, {@code !r}/{@code !s}, {@code {{}} and {@code }}}. */
    private static String format(String text, Object[] given) {
        List<Object> positional = new ArrayList<>();
        Map<String, Object> named = new HashMap<>();
        for (Object argument : given) {
            if (argument instanceof NamedParameter parameter) {
                named.put(parameter.getName(), parameter.getValue());
            }
            else {
                positional.add(argument);
            }
        }
        StringBuilder result = new StringBuilder(text.length() + 16);
        int automatic = 0;
        boolean manual = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '}') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '}') {
                    result.append('}');
                    i += 2;
                    continue;
                }
                throw PythonMethods.error("str.format(): single '}' encountered in format string");
            }
            if (c != '{') {
                result.append(c);
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                result.append('{');
                i += 2;
                continue;
            }
            int close = text.indexOf('}', i);
            if (close < 0) {
                throw PythonMethods.error("str.format(): single '{' encountered in format string");
            }
            String field = text.substring(i + 1, close);
            if (field.indexOf('{') >= 0 || field.indexOf(':') >= 0) {
                throw PythonMethods.error("str.format(): format specifications ('{" + field + "}') are not supported yet");
            }
            String conversion = "s";
            int bang = field.indexOf('!');
            if (bang >= 0) {
                conversion = field.substring(bang + 1);
                field = field.substring(0, bang);
                if (!conversion.equals("r") && !conversion.equals("s")) {
                    throw PythonMethods.error("str.format(): the conversion '!" + conversion + "' is not supported yet (use !r or !s)");
                }
            }
            Object value;
            if (field.isEmpty()) {
                if (manual) {
                    throw PythonMethods.error("str.format(): cannot switch from manual field numbering to automatic field numbering");
                }
                value = positionalValue(positional, automatic++);
            }
            else if (field.chars().allMatch(Character::isDigit)) {
                if (automatic > 0) {
                    throw PythonMethods.error("str.format(): cannot switch from automatic field numbering to manual field numbering");
                }
                manual = true;
                value = positionalValue(positional, Integer.parseInt(field));
            }
            else if (field.indexOf('.') >= 0 || field.indexOf('[') >= 0) {
                throw PythonMethods.error("str.format(): attributes and indexes in fields ('{" + field + "}') are not supported yet");
            }
            else {
                if (!named.containsKey(field)) {
                    throw PythonMethods.error("str.format(): no argument named '" + field + "'");
                }
                value = named.get(field);
            }
            result.append(conversion.equals("r") ? PythonValues.repr(value) : PythonValues.str(value));
            i = close + 1;
        }
        return result.toString();
    }

    private static Object positionalValue(List<Object> positional, int index) {
        if (index >= positional.size()) {
            throw PythonMethods.error("str.format(): replacement index " + index + " out of range for " + positional.size()
                    + " positional argument" + (positional.size() == 1 ? "" : "s"));
        }
        return positional.get(index);
    }
}
