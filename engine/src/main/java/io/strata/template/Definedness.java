package io.strata.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.util.ObjectTruthValue;

import java.util.Map;

/**
 * Jinja2's undefined apart from None, where Jinjava has null for both: {@code x is defined} is true for a variable
 * set to none, {@code none | default('x')} stays None, and {@code undefined_name | default('x')} is {@code 'x'}.
 * The parser hands these tests and filters {@link #MISSING} for an operand that read an undefined name
 * ({@link Jinja2Expressions}); an {@code x if c} without else gives {@link #UNDEFINED}.
 */
final class Definedness {
    /** What an operand of {@code defined}, {@code undefined} or {@code default} is when it read an undefined name. */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "";
        }
    };

    /**
     * {@code x if c} when {@code c} is false: Jinja2's undefined, which prints as nothing. An empty string that is
     * known by its identity, so that it is also undefined to {@code is defined} and {@code default}.
     */
    @SuppressWarnings("StringOperationCanBeSimplified")
    static final String UNDEFINED = new String("");

    private Definedness() {
    }

    static boolean isDefined(Object value) {
        return value != MISSING && value != UNDEFINED;
    }

    /** {@code x is defined}. */
    static final class DefinedTest implements ExpTest {
        @Override
        public String getName() {
            return "defined";
        }

        @Override
        public boolean evaluate(Object value, JinjavaInterpreter interpreter, Object... arguments) {
            return isDefined(value);
        }
    }

    /** {@code x is undefined}. */
    static final class UndefinedTest implements ExpTest {
        @Override
        public String getName() {
            return "undefined";
        }

        @Override
        public boolean evaluate(Object value, JinjavaInterpreter interpreter, Object... arguments) {
            return !isDefined(value);
        }
    }

    /** {@code value | default(default_value='', boolean=false)}, also spelled {@code d}. */
    static final class DefaultFilter implements Filter {
        private final String name;

        DefaultFilter(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, String... arguments) {
            return filter(value, interpreter, arguments, Map.of());
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, Object[] arguments, Map<String, Object> named) {
            Object fallback = arguments.length > 0 ? arguments[0] : named.getOrDefault("default_value", "");
            Object onlyTruthy = arguments.length > 1 ? arguments[1] : named.getOrDefault("boolean", false);
            if (!isDefined(value) || ObjectTruthValue.evaluate(onlyTruthy) && !ObjectTruthValue.evaluate(value)) {
                return fallback;
            }
            return value;
        }
    }
}
