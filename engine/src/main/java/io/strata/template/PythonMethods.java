package io.strata.template;

import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELException;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Python's methods on strings, lists and dicts, as dbt templates call them ({@code name.lower()},
 * {@code cols.append(x)}, {@code d.items()}), in place of the Java methods Jinjava would call. A method Python does not
 * have is an error naming the type; a Python method Strata does not offer yet is an error saying so.
 *
 * <p>Jinjava asks this resolver about method calls, and about attributes of dbt's context objects ({@link ContextObject}),
 * before its own resolvers; other calls cost one type test.
 */
final class PythonMethods extends ELResolver {
    private static final Object NOT_HANDLED = new Object();

    private PythonMethods() {
    }

    /** Jinjava's resolver with these methods in front. */
    static ELResolver resolver() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        return resolver;
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(method instanceof String name)) {
            return null;
        }
        Object[] arguments = params == null ? new Object[0] : params;
        Object result;
        try {
            result = switch (base) {
                case String text -> StringMethods.call(text, name, arguments);
                case PythonTuple tuple -> ListMethods.callOnTuple(tuple, name, arguments);
                case List<?> list -> ListMethods.call(list, name, arguments);
                case Map<?, ?> map -> DictMethods.call(map, name, arguments);
                case ContextObject object -> object.call(name, arguments);
                case null, default -> NOT_HANDLED;
            };
        }
        catch (IllegalArgumentException | ArithmeticException e) {
            // Jinjava turns an IllegalArgumentException from a method into a silent null.
            throw error(PythonValues.typeName(base) + "." + name + "(): " + e.getMessage());
        }
        if (result == NOT_HANDLED) {
            return null;
        }
        context.setPropertyResolved(true);
        return result;
    }

    /** The error for a method {@code type} does not have, or has in Python but not yet in Strata. */
    static ELException unknown(String type, String name, Set<String> pythonMethods) {
        if (pythonMethods.contains(name)) {
            return error("the Python method " + type + "." + name + "() is not supported yet");
        }
        return error(type + " has no method '" + name + "'");
    }

    /** An error Jinjava reports at the expression's line. */
    static ELException error(String message) {
        return new ELException(message);
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base instanceof ContextObject object && property instanceof String name) {
            Object value = object.attribute(name);
            if (value != ContextObject.NO_ATTRIBUTE) {
                context.setPropertyResolved(true);
                return value;
            }
        }
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return false;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
