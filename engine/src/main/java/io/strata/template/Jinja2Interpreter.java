package io.strata.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.UnknownTokenException;
import com.hubspot.jinjava.util.ForLoop;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELException;
import jinjava.javax.el.ELResolver;
import jinjava.javax.el.PropertyNotFoundException;

import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Jinjava's interpreter printing values as Jinja2 does ({@code None}, {@code True}, {@code ['a']}), and keeping
 * strict mode for what is undefined only. Jinjava's strict mode rejects every expression whose value is null, so a
 * template could not say {@code none}; here an expression that is null is an error only when it read an undefined
 * variable or a key its dict lacks.
 */
final class Jinja2Interpreter extends JinjavaInterpreter {
    /** Variables whose value differs between compilations: a render that reads one is not kept for the next. */
    private static final Set<String> DIFFERS_EACH_COMPILATION = Set.of("invocation_id", "run_started_at");
    /** How many undefined variables or properties the expression being evaluated read. */
    private int undefinedReads;
    /** The first undefined variable the expression read, to name it in the error rather than the whole expression. */
    private String undefinedVariable;
    private Object missingBase;
    private Object missingProperty;

    private Jinja2Interpreter(Jinjava application, Context context, JinjavaConfig config) {
        super(application, context, config);
    }

    private Jinja2Interpreter(JinjavaInterpreter parent) {
        super(parent);
    }

    @Override
    public String getAsString(Object value) {
        return PythonText.str(value, super::getAsString);
    }

    @Override
    public Object resolveELExpression(String expression, int lineNumber) {
        int outerReads = undefinedReads;
        String outerVariable = undefinedVariable;
        undefinedReads = 0;
        undefinedVariable = null;
        try {
            Object value = super.resolveELExpression(expression, lineNumber);
            // {% set x = … %} evaluates [ … ], which strict mode lets through even when it holds an undefined read.
            if (undefinedReads > 0 && value instanceof List<?> list && list.contains(null)) {
                throw new UndefinedException(undefinedVariable == null ? expression.trim() : undefinedVariable, lineNumber, getPosition());
            }
            return value;
        }
        catch (UndefinedException e) {
            throw e;
        }
        catch (UnknownTokenException e) {
            if (undefinedReads > 0) {
                throw new UndefinedException(undefinedVariable == null ? e.getToken() : undefinedVariable, e);
            }
            return null;
        }
        finally {
            undefinedReads = outerReads;
            undefinedVariable = outerVariable;
        }
    }

    @Override
    public Object retraceVariable(String variable, int lineNumber, int startPosition) {
        if (DIFFERS_EACH_COMPILATION.contains(variable)) {
            TemplateFunctions.differsEachCompilation();
        }
        Object value = super.retraceVariable(variable, lineNumber, startPosition);
        if (value == null && !isDefined(variable)) {
            undefinedReads++;
            if (undefinedVariable == null) {
                undefinedVariable = variable;
            }
        }
        return value;
    }

    private boolean isDefined(String variable) {
        for (Context scope = getContext(); scope != null; scope = scope.getParent()) {
            if (scope.getScope().containsKey(variable)) {
                return true;
            }
        }
        return false;
    }

    /** Counts {@code base.property} as an undefined read, unless it is the name of a method about to be called. */
    private void readMissing(Object base, Object property) {
        undefinedReads++;
        missingBase = base;
        missingProperty = property;
    }

    /** Jinjava looks a method's name up as a property before it calls the method ({@code d.get('k')}). */
    private void invoking(Object base, Object method) {
        if (missingBase == base && Objects.equals(missingProperty, method)) {
            undefinedReads--;
        }
        missingBase = null;
        missingProperty = null;
    }

    /** How many undefined reads the expression the current interpreter evaluates has made so far. */
    static int undefinedReadsSoFar() {
        return current().map(interpreter -> interpreter.undefinedReads).orElse(0);
    }

    /** Forgets the undefined reads made since there were {@code count}: a test or filter took them as undefined. */
    static void handledUndefinedReads(int count) {
        current().ifPresent(interpreter -> interpreter.undefinedReads = Math.min(interpreter.undefinedReads, count));
    }

    private static Optional<Jinja2Interpreter> current() {
        return JinjavaInterpreter.getCurrent() instanceof Jinja2Interpreter interpreter ? Optional.of(interpreter) : Optional.empty();
    }

    /** Makes every interpreter of a {@link Jinjava} a {@link Jinja2Interpreter}. */
    static final class Factory implements InterpreterFactory {
        @Override
        public JinjavaInterpreter newInstance(JinjavaInterpreter parent) {
            return new Jinja2Interpreter(parent);
        }

        @Override
        public JinjavaInterpreter newInstance(Jinjava application, Context context, JinjavaConfig config) {
            return new Jinja2Interpreter(application, context, config);
        }
    }

    /** A strict-mode error that one evaluation already found to be a real undefined read; outer ones keep it. */
    private static final class UndefinedException extends UnknownTokenException {
        UndefinedException(String token, UnknownTokenException cause) {
            this(token, cause.getLineNumber(), cause.getStartPosition());
        }

        UndefinedException(String token, int lineNumber, int startPosition) {
            super(token, lineNumber, startPosition);
        }
    }

    /**
     * Jinjava's property resolver, counting {@code d.key} where the dict {@code d} has no {@code key}, or the object
     * no such property, as an undefined read.
     */
    static final class PropertyReads extends ELResolver {
        /** Jinja2's loop has these; Jinjava's has not. */
        private static final Set<String> LOOP_LACKS = Set.of("previtem", "nextitem", "changed");

        /** Python's methods on strings, lists and dicts ({@link PythonMethods}) in front of Jinjava's resolver. */
        private final ELResolver delegate = PythonMethods.resolver();

        @Override
        public Object getValue(ELContext context, Object base, Object property) {
            if (base instanceof ForLoop && LOOP_LACKS.contains(property)) {
                throw new ELException("loop." + property + " is not supported yet");
            }
            Object value;
            try {
                value = delegate.getValue(context, base, property);
            }
            catch (PropertyNotFoundException e) {
                current().ifPresent(interpreter -> interpreter.readMissing(base, property));
                throw e;
            }
            if (value == null && base instanceof Map<?, ?> map && !map.containsKey(property)) {
                current().ifPresent(interpreter -> interpreter.readMissing(base, property));
            }
            return value;
        }

        @Override
        public Object invoke(ELContext context, Object base, Object method, Class<?>[] parameterTypes, Object[] parameters) {
            current().ifPresent(interpreter -> interpreter.invoking(base, method));
            return delegate.invoke(context, base, method, parameterTypes, parameters);
        }

        @Override
        public Class<?> getType(ELContext context, Object base, Object property) {
            return delegate.getType(context, base, property);
        }

        @Override
        public void setValue(ELContext context, Object base, Object property, Object value) {
            delegate.setValue(context, base, property, value);
        }

        @Override
        public boolean isReadOnly(ELContext context, Object base, Object property) {
            return delegate.isReadOnly(context, base, property);
        }

        @Override
        public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
            return delegate.getFeatureDescriptors(context, base);
        }

        @Override
        public Class<?> getCommonPropertyType(ELContext context, Object base) {
            return delegate.getCommonPropertyType(context, base);
        }
    }
}
