package io.strata.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns values a template produced (Jinjava's lists and maps, ints, floats) into plain Java values. */
final class Plain {
    private Plain() {
    }

    static Object of(Object value) {
        return switch (value) {
            case Map<?, ?> map -> {
                Map<String, Object> plain = new LinkedHashMap<>();
                map.forEach((key, item) -> plain.put(String.valueOf(key), of(item)));
                yield plain;
            }
            case Collection<?> collection -> {
                List<Object> plain = new ArrayList<>(collection.size());
                collection.forEach(item -> plain.add(of(item)));
                yield plain;
            }
            case Integer number -> number.longValue();
            case Short number -> number.longValue();
            case Float number -> number.doubleValue();
            case null, default -> value;
        };
    }
}
