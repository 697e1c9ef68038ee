package io.strata.template;

import java.util.Locale;
import java.util.Set;

/**
 * A column as dbt's {@code adapter.get_columns_in_relation} gives it: {@code .name}, {@code .column}, {@code .quoted},
 * {@code .data_type}, {@code .dtype} and the type questions {@code is_string()}, {@code is_number()}, … that macros
 * such as dbt_utils' {@code star} and {@code union_relations} ask.
 */
final class DbtColumn implements ContextObject {
    private static final Set<String> STRINGS = Set.of("varchar", "char", "string", "text", "character varying", "character");
    private static final Set<String> INTEGERS = Set.of("tinyint", "smallint", "integer", "int", "bigint");
    private static final Set<String> FLOATS = Set.of("real", "double", "float", "double precision");

    private final String name;
    private final String type;

    DbtColumn(String name, String type) {
        this.name = name;
        this.type = type;
    }

    @Override
    public String typeName() {
        return "Column";
    }

    private String baseType() {
        int parenthesis = type.indexOf('(');
        return (parenthesis < 0 ? type : type.substring(0, parenthesis)).strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public Object attribute(String attribute) {
        return switch (attribute) {
            case "name", "column" -> name;
            case "quoted" -> Adapter.quote(name);
            case "data_type", "dtype" -> type;
            default -> NO_ATTRIBUTE;
        };
    }

    @Override
    public Object call(String method, Object[] arguments) {
        Arguments.bind("Column." + method, arguments, 0);
        return switch (method) {
            case "is_string" -> STRINGS.contains(baseType());
            case "is_integer" -> INTEGERS.contains(baseType());
            case "is_float" -> FLOATS.contains(baseType());
            case "is_numeric" -> baseType().equals("decimal") || baseType().equals("numeric");
            case "is_number" -> INTEGERS.contains(baseType()) || FLOATS.contains(baseType()) || baseType().equals("decimal")
                    || baseType().equals("numeric");
            default -> throw noMethod(method);
        };
    }

    @Override
    public String toString() {
        return "<Column " + name + " (" + type + ")>";
    }
}
