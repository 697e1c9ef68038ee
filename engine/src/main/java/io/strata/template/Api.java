package io.strata.template;

/**
 * dbt's {@code api} in templates: {@code api.Relation.create(database=None, schema=None, identifier=None, type=None)}
 * makes a relation that prints as {@code schema.identifier} (the catalog is the run's branch, never written).
 */
final class Api implements ContextObject {
    static final Api INSTANCE = new Api();

    private static final ContextObject RELATION = new ContextObject() {
        @Override
        public String typeName() {
            return "api.Relation";
        }

        @Override
        public Object call(String name, Object[] arguments) {
            if (!name.equals("create")) {
                throw noMethod(name);
            }
            Arguments bound = Arguments.bind("api.Relation.create", arguments, 0, "database", "schema", "identifier", "type");
            String schema = bound.value(1) == null ? "" : bound.text(1);
            String identifier = bound.value(2) == null ? "" : bound.text(2);
            String text = schema.isEmpty() ? identifier : identifier.isEmpty() ? schema : schema + "." + identifier;
            return JinjaRelation.of(text, schema, identifier);
        }
    };

    private Api() {
    }

    @Override
    public String typeName() {
        return "api";
    }

    @Override
    public Object attribute(String name) {
        return name.equals("Relation") ? RELATION : NO_ATTRIBUTE;
    }

    @Override
    public Object call(String name, Object[] arguments) {
        throw noMethod(name);
    }
}
