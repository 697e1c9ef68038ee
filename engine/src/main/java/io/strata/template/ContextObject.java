package io.strata.template;

/**
 * An object of dbt's template context that is neither a string, a list nor a dict ({@code adapter}, {@code config},
 * {@code exceptions}, {@code run_started_at}, {@code modules.datetime}, …): its attributes and methods under the
 * names Python gives them, read through {@link PythonMethods}.
 */
interface ContextObject {
    /** What {@link #attribute} gives for a name the object lacks. */
    Object NO_ATTRIBUTE = new Object();

    /** The object's name in messages, e.g. {@code adapter}. */
    String typeName();

    /** The attribute {@code name}, or {@link #NO_ATTRIBUTE}. */
    default Object attribute(String name) {
        return NO_ATTRIBUTE;
    }

    /** Calls the method {@code name}; throws {@link PythonMethods#error} for a method the object does not have. */
    Object call(String name, Object[] arguments);

    /** The error for a method this object does not have. */
    default RuntimeException noMethod(String name) {
        return PythonMethods.error(typeName() + " has no method '" + name + "'");
    }
}
