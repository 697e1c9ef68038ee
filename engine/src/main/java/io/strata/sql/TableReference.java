package io.strata.sql;

import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/** A table or view named in a FROM or JOIN, with its position in the SQL (1-based). */
public record TableReference(List<String> names, int line, int column) {
    public TableReference {
        names = List.copyOf(requireNonNull(names, "names"));
    }

    /** The name as written, lower-cased: {@code schema.table}. */
    public String qualifiedName() {
        return String.join(".", names).toLowerCase(Locale.ROOT);
    }

    /** The last {@code count} parts, lower-cased (so {@code catalog.schema.table} compares with {@code schema.table}). */
    public String lastParts(int count) {
        return String.join(".", names.subList(Math.max(0, names.size() - count), names.size())).toLowerCase(Locale.ROOT);
    }
}
