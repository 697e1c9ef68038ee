package io.strata.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.util.ForLoop;
import com.hubspot.jinjava.util.ObjectIterator;

import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The filters that turn values into text, spelling them as Jinja2 does ({@code True}, {@code None}) where Jinjava's
 * own would write {@code true} and {@code null}: {@code string} and {@code join}.
 */
final class TextFilters {
    private TextFilters() {
    }

    /** {@code value | string}. */
    static final class StringFilter implements Filter {
        @Override
        public String getName() {
            return "string";
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, String... arguments) {
            return interpreter.getAsString(value);
        }
    }

    /** {@code items | join(d='', attribute=None)}. */
    static final class JoinFilter implements Filter {
        @Override
        public String getName() {
            return "join";
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, String... arguments) {
            return filter(value, interpreter, arguments, Map.of());
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, Object[] arguments, Map<String, Object> named) {
            Object separator = arguments.length > 0 ? arguments[0] : named.getOrDefault("d", "");
            Object attribute = arguments.length > 1 ? arguments[1] : named.get("attribute");
            StringJoiner joined = new StringJoiner(interpreter.getAsString(separator));
            // A string joins its characters, as in Python.
            ForLoop items = ObjectIterator.getLoop(value instanceof String text ? text.chars().mapToObj(c -> String.valueOf((char) c)).toList() : value);
            while (items.hasNext()) {
                Object item = items.next();
                if (attribute != null) {
                    item = interpreter.resolveProperty(item, Arrays.asList(String.valueOf(attribute).split("\\.")));
                }
                joined.add(interpreter.getAsString(item));
            }
            return joined.toString();
        }
    }
}
