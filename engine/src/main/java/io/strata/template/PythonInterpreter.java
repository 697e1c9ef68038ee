package io.strata.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.UnknownTokenException;

import java.util.Collection;
import java.util.Map;

/**
 * Jinjava's interpreter as Python methods need it: {@code {{ value }}} prints a list, tuple, set or dict as Python's
 * {@code str()} does ({@code ['a', 1]}, {@code {'k': None}}) where Jinjava prints {@code [a, 1]}; and an expression
 * whose value is the None a Python method returned ({@code {% do cols.append(x) %}}) is not taken for an undefined
 * variable, which Jinjava's strict mode assumes of every null.
 */
final class PythonInterpreter extends JinjavaInterpreter {
    static final InterpreterFactory FACTORY = new InterpreterFactory() {
        @Override
        public JinjavaInterpreter newInstance(JinjavaInterpreter parent) {
            return new PythonInterpreter(parent);
        }

        @Override
        public JinjavaInterpreter newInstance(Jinjava jinjava, Context context, JinjavaConfig config) {
            return new PythonInterpreter(jinjava, context, config);
        }
    };

    /** How many Python methods returned None in the expression being evaluated. */
    private int noneResults;

    private PythonInterpreter(JinjavaInterpreter parent) {
        super(parent);
    }

    private PythonInterpreter(Jinjava jinjava, Context context, JinjavaConfig config) {
        super(jinjava, context, config);
    }

    /** Called by a Python method that returns None, as {@code list.append} does. */
    static void noneReturned() {
        if (JinjavaInterpreter.getCurrent() instanceof PythonInterpreter interpreter) {
            interpreter.noneResults++;
        }
    }

    @Override
    public Object resolveELExpression(String expression, int lineNumber) {
        int outer = noneResults;
        noneResults = 0;
        try {
            return super.resolveELExpression(expression, lineNumber);
        }
        catch (UnknownTokenException e) {
            if (noneResults > 0) {
                return null;
            }
            throw e;
        }
        finally {
            noneResults = outer;
        }
    }

    @Override
    public String getAsString(Object value) {
        if (value instanceof Collection<?> || value instanceof Map<?, ?> || value instanceof Object[]) {
            return PythonValues.repr(value);
        }
        return super.getAsString(value);
    }
}
