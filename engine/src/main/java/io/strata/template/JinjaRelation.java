package io.strata.template;

/**
 * What {@code ref()}, {@code source()} and {@code this} return in a template: it prints as the relation
 * and offers dbt's attributes ({@code .schema}, {@code .identifier}, {@code .name}).
 */
public final class JinjaRelation {
    private final String text;
    private final String schema;
    private final String identifier;

    /** A relation that renders as {@code text}, for templates rendered outside a model (a generic test's {@code model}). */
    public static JinjaRelation of(String text, String schema, String identifier) {
        return new JinjaRelation(text, schema, identifier);
    }

    JinjaRelation(String text, String schema, String identifier) {
        this.text = text;
        this.schema = schema;
        this.identifier = identifier;
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
