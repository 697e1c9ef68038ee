package io.strata.template;

import com.hubspot.jinjava.lib.fn.MacroFunction;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project macro as dbt calls it: when its body calls {@code return(value)}, the call's result is that value (a
 * string, a list, a dict, …) instead of the rendered body. Unlike dbt, the rest of the body is still rendered, and
 * then discarded.
 */
public final class ReturningMacro extends MacroFunction {
    /** The macro calls running on this thread, innermost first; a render runs on one thread from start to end. */
    private static final ThreadLocal<Deque<Call>> CALLS = ThreadLocal.withInitial(ArrayDeque::new);

    private final String file;

    ReturningMacro(MacroFunction macro, String file) {
        super(macro, macro.getName());
        this.file = file;
    }

    @Override
    public Object doEvaluate(Map<String, Object> arguments, Map<String, Object> kwargs, List<Object> varArgs) {
        Call call = new Call(getName(), file);
        CALLS.get().push(call);
        try {
            Object rendered = super.doEvaluate(arguments, kwargs, varArgs);
            return call.returned ? call.value : rendered;
        }
        finally {
            CALLS.get().pop();
        }
    }

    /** {@code return(value)}: the value of the innermost macro call; outside a macro it prints the value. */
    public static Object returnValue(Object value) {
        Call call = CALLS.get().peek();
        if (call == null) {
            return value;
        }
        call.returned = true;
        call.value = value;
        return "";
    }

    /** The innermost macro running on this thread, if any. */
    static Optional<Call> current() {
        return Optional.ofNullable(CALLS.get().peek());
    }

    /** One running call of a macro defined in {@code file}. */
    static final class Call {
        final String macro;
        final String file;
        boolean returned;
        Object value;

        Call(String macro, String file) {
            this.macro = macro;
            this.file = file;
        }
    }
}
