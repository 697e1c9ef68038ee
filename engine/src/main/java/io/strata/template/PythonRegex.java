package io.strata.template;

import com.hubspot.jinjava.objects.collections.PyList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Python's {@code re} module as templates reach it ({@code modules.re}): {@code match}, {@code fullmatch},
 * {@code search}, {@code findall}, {@code sub}, {@code split}, {@code escape} and {@code compile}, with Python's
 * pattern syntax read by Java's regular expressions where the two agree. Python's named groups ({@code (?P<name>…)},
 * {@code (?P=name)}) and {@code \Z} are translated; a replacement takes {@code \1}, {@code \g<1>} and
 * {@code \g<name>}.
 */
final class PythonRegex {
    private static final Map<String, Long> FLAGS = Map.of("I", 2L, "IGNORECASE", 2L, "M", 8L, "MULTILINE", 8L, "S", 16L,
            "DOTALL", 16L, "X", 64L, "VERBOSE", 64L, "A", 256L, "ASCII", 256L);

    private PythonRegex() {
    }

    /** {@code modules.re}. */
    static final ContextObject MODULE = new ContextObject() {
        @Override
        public String typeName() {
            return "re";
        }

        @Override
        public Object attribute(String name) {
            Long flag = FLAGS.get(name);
            return flag == null ? NO_ATTRIBUTE : flag;
        }

        @Override
        public Object call(String name, Object[] arguments) {
            return switch (name) {
                case "match", "fullmatch", "search", "findall" -> {
                    Arguments bound = Arguments.bind("re." + name, arguments, 2, "pattern", "string", "flags");
                    yield compile(bound.text(0), flags(bound.value(2, 0L))).call(name, new Object[] {bound.text(1)});
                }
                case "split" -> {
                    Arguments bound = Arguments.bind("re.split", arguments, 2, "pattern", "string", "maxsplit", "flags");
                    yield compile(bound.text(0), flags(bound.value(3, 0L))).call(name, new Object[] {bound.text(1), bound.value(2, 0L)});
                }
                case "sub" -> {
                    Arguments bound = Arguments.bind("re.sub", arguments, 3, "pattern", "repl", "string", "count", "flags");
                    yield compile(bound.text(0), flags(bound.value(4, 0L))).call("sub", new Object[] {bound.value(1), bound.text(2), bound.value(3, 0L)});
                }
                case "compile" -> {
                    Arguments bound = Arguments.bind("re.compile", arguments, 1, "pattern", "flags");
                    yield compile(bound.text(0), flags(bound.value(1, 0L)));
                }
                case "escape" -> escape(Arguments.bind("re.escape", arguments, 1, "pattern").text(0));
                default -> throw noMethod(name);
            };
        }
    };

    private static long flags(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        throw PythonMethods.error("re: flags must be an int such as modules.re.IGNORECASE, not " + PythonValues.typeName(value));
    }

    /** Python's {@code re.escape}: every character but letters, digits and {@code _} escaped. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (!Character.isLetterOrDigit(c) && c != '_') {
                escaped.append('\\');
            }
            escaped.appendCodePoint(c);
        });
        return escaped.toString();
    }

    static CompiledPattern compile(String python, long flags) {
        Map<String, Integer> names = new HashMap<>();
        String java = translate(python, names);
        int javaFlags = ((flags & 2) != 0 ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0) | ((flags & 8) != 0 ? Pattern.MULTILINE : 0)
                | ((flags & 16) != 0 ? Pattern.DOTALL : 0) | ((flags & 64) != 0 ? Pattern.COMMENTS : 0)
                | ((flags & 256) != 0 ? 0 : Pattern.UNICODE_CHARACTER_CLASS);
        try {
            return new CompiledPattern(python, Pattern.compile(java, javaFlags), Map.copyOf(names));
        }
        catch (PatternSyntaxException e) {
            throw PythonMethods.error("re: cannot read the pattern '" + python + "': " + e.getDescription());
        }
    }

    /** Python's pattern in Java's syntax; each named group becomes a numbered one, its number kept in {@code names}. */
    private static String translate(String python, Map<String, Integer> names) {
        StringBuilder java = new StringBuilder();
        int groups = 0;
        boolean inClass = false;
        for (int i = 0; i < python.length(); i++) {
            char c = python.charAt(i);
            if (c == '\\' && i + 1 < python.length()) {
                char next = python.charAt(++i);
                java.append(next == 'Z' ? "\\z" : "\\" + next);
                continue;
            }
            if (inClass) {
                inClass = c != ']';
                java.append(c);
                continue;
            }
            if (c == '[') {
                inClass = true;
                java.append(c);
                if (i + 1 < python.length() && python.charAt(i + 1) == '^') {
                    java.append(python.charAt(++i));
                }
                if (i + 1 < python.length() && python.charAt(i + 1) == ']') {
                    java.append("\\]");
                    i++;
                }
                continue;
            }
            if (c == '(' && python.startsWith("(?P<", i)) {
                int end = python.indexOf('>', i);
                if (end < 0) {
                    throw PythonMethods.error("re: cannot read the pattern '" + python + "': missing >, unterminated name");
                }
                names.put(python.substring(i + 4, end), ++groups);
                java.append('(');
                i = end;
                continue;
            }
            if (c == '(' && python.startsWith("(?P=", i)) {
                int end = python.indexOf(')', i);
                Integer group = end < 0 ? null : names.get(python.substring(i + 4, end));
                if (group == null) {
                    throw PythonMethods.error("re: cannot read the pattern '" + python + "': unknown group name in (?P=…)");
                }
                java.append("(?:\\").append(group).append(')');
                i = end;
                continue;
            }
            if (c == '(' && !python.startsWith("(?", i)) {
                groups++;
            }
            java.append(c);
        }
        return java.toString();
    }

    /** A compiled pattern ({@code re.compile(...)}), with the module's functions as methods. */
    record CompiledPattern(String source, Pattern pattern, Map<String, Integer> names) implements ContextObject {
        @Override
        public String typeName() {
            return "re.Pattern";
        }

        @Override
        public Object attribute(String name) {
            return switch (name) {
                case "pattern" -> source;
                case "groups" -> (long) pattern.matcher("").groupCount();
                default -> NO_ATTRIBUTE;
            };
        }

        @Override
        public Object call(String name, Object[] arguments) {
            return switch (name) {
                case "match", "fullmatch", "search" -> {
                    Matcher matcher = pattern.matcher(Arguments.bind("Pattern." + name, arguments, 1, "string").text(0));
                    boolean found = switch (name) {
                        case "match" -> matcher.lookingAt();
                        case "fullmatch" -> matcher.matches();
                        default -> matcher.find();
                    };
                    yield found ? new Match(matcher.toMatchResult(), names) : null;
                }
                case "findall" -> findall(Arguments.bind("Pattern.findall", arguments, 1, "string").text(0));
                case "sub" -> {
                    Arguments bound = Arguments.bind("Pattern.sub", arguments, 2, "repl", "string", "count");
                    if (!(bound.value(0) instanceof CharSequence)) {
                        throw PythonMethods.error("re.sub(): a function as the replacement is not supported yet; give a string");
                    }
                    yield sub(bound.text(0), bound.text(1), bound.integer(2, 0));
                }
                case "split" -> {
                    Arguments bound = Arguments.bind("Pattern.split", arguments, 1, "string", "maxsplit");
                    yield split(bound.text(0), bound.integer(1, 0));
                }
                default -> throw noMethod(name);
            };
        }

        private List<Object> findall(String text) {
            Matcher matcher = pattern.matcher(text);
            List<Object> found = new ArrayList<>();
            int groups = matcher.groupCount();
            while (matcher.find()) {
                if (groups == 0) {
                    found.add(matcher.group());
                }
                else if (groups == 1) {
                    found.add(orEmpty(matcher.group(1)));
                }
                else {
                    List<Object> items = new ArrayList<>();
                    for (int i = 1; i <= groups; i++) {
                        items.add(orEmpty(matcher.group(i)));
                    }
                    found.add(new PythonTuple(items));
                }
            }
            return new PyList(found);
        }

        private String sub(String replacement, String text, int count) {
            Matcher matcher = pattern.matcher(text);
            StringBuilder result = new StringBuilder();
            int done = 0;
            while ((count == 0 || done < count) && matcher.find()) {
                matcher.appendReplacement(result, Matcher.quoteReplacement(expand(replacement, matcher)));
                done++;
            }
            matcher.appendTail(result);
            return result.toString();
        }

        /** The replacement with {@code \1}, {@code \g<1>}, {@code \g<name>} and Python's escapes filled in. */
        private String expand(String replacement, Matcher matcher) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < replacement.length(); i++) {
                char c = replacement.charAt(i);
                if (c != '\\' || i + 1 == replacement.length()) {
                    text.append(c);
                    continue;
                }
                char next = replacement.charAt(++i);
                if (Character.isDigit(next)) {
                    int end = i + 1 < replacement.length() && Character.isDigit(replacement.charAt(i + 1)) ? i + 2 : i + 1;
                    text.append(orEmpty(matcher.group(Integer.parseInt(replacement.substring(i, end)))));
                    i = end - 1;
                }
                else if (next == 'g' && i + 1 < replacement.length() && replacement.charAt(i + 1) == '<') {
                    int end = replacement.indexOf('>', i);
                    String group = replacement.substring(i + 2, end);
                    text.append(orEmpty(matcher.group(groupNumber(group))));
                    i = end;
                }
                else {
                    text.append(switch (next) {
                        case 'n' -> "\n";
                        case 't' -> "\t";
                        case '\\' -> "\\";
                        default -> "\\" + next;
                    });
                }
            }
            return text.toString();
        }

        private int groupNumber(String group) {
            if (group.chars().allMatch(Character::isDigit)) {
                return Integer.parseInt(group);
            }
            Integer number = names.get(group);
            if (number == null) {
                throw PythonMethods.error("re: unknown group name '" + group + "'");
            }
            return number;
        }

        private List<Object> split(String text, int maxSplit) {
            Matcher matcher = pattern.matcher(text);
            List<Object> parts = new ArrayList<>();
            int start = 0;
            int splits = 0;
            while ((maxSplit == 0 || splits < maxSplit) && matcher.find()) {
                parts.add(text.substring(start, matcher.start()));
                for (int i = 1; i <= matcher.groupCount(); i++) {
                    parts.add(matcher.group(i));
                }
                start = matcher.end();
                splits++;
            }
            parts.add(text.substring(start));
            return new PyList(parts);
        }
    }

    private static String orEmpty(String group) {
        return group == null ? "" : group;
    }

    /** A match ({@code re.Match}): {@code group()}, {@code groups()}, {@code groupdict()}, {@code start()}, {@code end()}, {@code span()}. */
    record Match(java.util.regex.MatchResult result, Map<String, Integer> names) implements ContextObject {
        @Override
        public String typeName() {
            return "re.Match";
        }

        @Override
        public Object call(String name, Object[] arguments) {
            return switch (name) {
                case "group" -> {
                    if (arguments.length <= 1) {
                        yield result.group(group(arguments.length == 0 ? 0L : arguments[0]));
                    }
                    List<Object> groups = new ArrayList<>();
                    for (Object argument : arguments) {
                        groups.add(result.group(group(argument)));
                    }
                    yield new PythonTuple(groups);
                }
                case "groups" -> {
                    Object fallback = Arguments.bind("Match.groups", arguments, 0, "default").value(0);
                    List<Object> groups = new ArrayList<>();
                    for (int i = 1; i <= result.groupCount(); i++) {
                        groups.add(result.group(i) == null ? fallback : result.group(i));
                    }
                    yield new PythonTuple(groups);
                }
                case "groupdict" -> {
                    Map<String, Object> groups = new java.util.LinkedHashMap<>();
                    names.entrySet().stream().sorted(Map.Entry.comparingByValue())
                            .forEach(entry -> groups.put(entry.getKey(), result.group(entry.getValue())));
                    yield groups;
                }
                case "start" -> (long) result.start(group(Arguments.bind("Match.start", arguments, 0, "group").value(0, 0L)));
                case "end" -> (long) result.end(group(Arguments.bind("Match.end", arguments, 0, "group").value(0, 0L)));
                case "span" -> {
                    int group = group(Arguments.bind("Match.span", arguments, 0, "group").value(0, 0L));
                    yield new PythonTuple(List.of((long) result.start(group), (long) result.end(group)));
                }
                default -> throw noMethod(name);
            };
        }

        private int group(Object group) {
            if (group instanceof Number number) {
                int index = number.intValue();
                if (index < 0 || index > result.groupCount()) {
                    throw PythonMethods.error("re.Match.group(): no such group " + index);
                }
                return index;
            }
            Integer index = names.get(PythonValues.str(group));
            if (index == null) {
                throw PythonMethods.error("re.Match.group(): no such group '" + group + "'");
            }
            return index;
        }

        /** Python's {@code <re.Match object; span=(0, 3), match='abc'>}. */
        @Override
        public String toString() {
            return "<re.Match object; span=(" + result.start() + ", " + result.end() + "), match=" + PythonValues.repr(result.group()) + ">";
        }
    }
}
