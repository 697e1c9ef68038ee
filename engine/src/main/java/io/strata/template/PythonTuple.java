package io.strata.template;

import com.hubspot.jinjava.objects.collections.PyList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A Python tuple, as {@code dict.items()} and {@code zip()} give: a list that cannot change and prints in parentheses.
 * It is a {@link PyList} because Jinjava unpacks {@code for k, v in …} only from those, and passes them on unwrapped.
 */
final class PythonTuple extends PyList {
    PythonTuple(List<?> items) {
        super(Collections.unmodifiableList(new ArrayList<Object>(items)));
    }

    static PythonTuple of(Object... items) {
        return new PythonTuple(Arrays.asList(items));
    }

    @Override
    public String toString() {
        return PythonValues.repr(this);
    }
}
