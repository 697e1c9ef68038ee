package io.strata.template;

/**
 * What {@code ref()}, {@code source()} and {@code this} return in a template: it prints as the relation
 * and offers dbt's attributes ({@code .schema}, {@code .identifier}, {@code .name}).
 */
public final class JinjaRelation {
    private final String text;
    private final String schema;
    private final String identifier;
    /** The asset ({@code asset}) or source table ({@code source, table}) it is, for questions about its columns; empty if neither. */
    private final java.util.List<String> refersTo;

    /** A relation that renders as {@code text}, for templates rendered outside a model (a generic test's {@code model}). */
    public static JinjaRelation of(String text, String schema, String identifier) {
        return new JinjaRelation(text, schema, identifier, java.util.List.of());
    }

    /** The project's asset {@code name}, rendering as {@code text}. */
    public static JinjaRelation ofAsset(String text, String schema, String identifier, String name) {
        return new JinjaRelation(text, schema, identifier, java.util.List.of(name));
    }

    JinjaRelation(String text, String schema, String identifier, java.util.List<String> refersTo) {
        this.text = text;
        this.schema = schema;
        this.identifier = identifier;
        this.refersTo = java.util.List.copyOf(refersTo);
    }

    /** How a message names it: {@code ref('orders')}, {@code source('shop', 'orders')} or its text. */
    String describe() {
        return switch (refersTo.size()) {
            case 1 -> "ref('" + refersTo.getFirst() + "')";
            case 2 -> "source('" + refersTo.get(0) + "', '" + refersTo.get(1) + "')";
            default -> text;
        };
    }

    java.util.List<String> refersTo() {
        return refersTo;
    }

    public String getDatabase() {
        return "";
    }

    public String getSchema() {
        return schema;
    }

    public String getIdentifier() {
        return identifier;
    }

    public String getName() {
        return identifier;
    }

    public String getTable() {
        return identifier;
    }

    @Override
    public String toString() {
        return text;
    }
}
