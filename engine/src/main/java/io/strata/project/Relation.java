package io.strata.project;

import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Where an asset lives in the engine, without a catalog: the catalog is chosen per run (each run writes
 * through a catalog on its own branch), so compiled SQL names {@code schema.table} only.
 */
public record Relation(String schema, String identifier) {
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]*");

    public Relation {
        requireNonNull(schema, "schema");
        requireNonNull(identifier, "identifier");
    }

    /** The SQL text: identifiers quoted only where Trino would otherwise fold or reject them. */
    public String render() {
        return quote(schema) + "." + quote(identifier);
    }

    /** {@code schema.identifier} lower-cased, as SQL that names it compares (Trino folds names to lower case). */
    public String qualifiedName() {
        return (schema + "." + identifier).toLowerCase(java.util.Locale.ROOT);
    }

    public static String quote(String identifier) {
        return PLAIN.matcher(identifier).matches() ? identifier : '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return render();
    }
}
