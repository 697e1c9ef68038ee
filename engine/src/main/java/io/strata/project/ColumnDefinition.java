package io.strata.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A documented column of a model, source table, seed or ingest asset, with its tests. */
public record ColumnDefinition(String name, String description, Optional<String> dataType, List<CheckDefinition> checks, Location location) {
    public ColumnDefinition {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(dataType, "dataType");
        checks = List.copyOf(checks);
        requireNonNull(location, "location");
    }

    public static List<ColumnDefinition> parseAll(YamlNode.Mapping owner) {
        List<ColumnDefinition> columns = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (YamlNode.Mapping column : owner.mappings("columns")) {
            String name = column.requireString("name", "a column");
            if (!seen.add(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new ProjectException(Diagnostic.error(column.location(), "column '" + name + "' is declared twice"));
            }
            Optional<String> type = column.string("data_type").or(() -> column.string("type"));
            columns.add(new ColumnDefinition(name, column.string("description").orElse(""), type,
                    CheckDefinition.parseAll(column, Optional.of(name)), column.location()));
        }
        return columns;
    }
}
