package io.strata.ui.api;

import io.strata.select.Selector;

import java.util.List;

/** A selection as a request gives it: one {@code select} and one {@code exclude} string, each split on spaces as the CLI does. */
final class Selections {
    private Selections() {
    }

    /** The selector; null or blank strings select everything and exclude nothing. A bad term is a 400 with its position. */
    static Selector parse(String select, String exclude) {
        return Selector.parse(argument(select), argument(exclude));
    }

    private static List<String> argument(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text);
    }
}
