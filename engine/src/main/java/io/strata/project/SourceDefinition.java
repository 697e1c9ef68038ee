package io.strata.project;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A source as dbt declares it: tables that exist before the project runs, read with {@code source('s', 't')}.
 *
 * @param schema the schema the tables live in (default: the source name)
 */
public record SourceDefinition(String name, String schema, Optional<String> database, String description,
                               List<Table> tables, Location location) {
    public SourceDefinition {
        requireNonNull(name, "name");
        requireNonNull(schema, "schema");
        requireNonNull(database, "database");
        requireNonNull(description, "description");
        tables = List.copyOf(tables);
        requireNonNull(location, "location");
    }

    /**
     * @param identifier the table's name in the engine (default: its name)
     */
    public record Table(String name, String identifier, String description, ModelConfig config,
                        List<ColumnDefinition> columns, List<CheckDefinition> checks, Location location) {
        public Table {
            requireNonNull(name, "name");
            requireNonNull(identifier, "identifier");
            requireNonNull(description, "description");
            requireNonNull(config, "config");
            columns = List.copyOf(columns);
            checks = List.copyOf(checks);
            requireNonNull(location, "location");
        }

        public List<CheckDefinition> allChecks() {
            List<CheckDefinition> all = new java.util.ArrayList<>(checks);
            columns.forEach(column -> all.addAll(column.checks()));
            return all;
        }
    }

    static SourceDefinition parse(YamlNode.Mapping node) {
        String name = node.requireString("name", "a source");
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<Table> tables = node.mappings("tables").stream().map(table -> {
            String tableName = table.requireString("name", "a source table");
            if (!seen.add(tableName)) {
                throw new ProjectException(Diagnostic.error(table.location(),
                        "table '" + tableName + "' is declared twice in source '" + name + "'"));
            }
            return new Table(tableName, table.string("identifier").orElse(tableName),
                    table.string("description").orElse(""), new ModelConfig(table.mapping("config").toPlain()),
                    ColumnDefinition.parseAll(table), CheckDefinition.parseAll(table, Optional.empty()), table.location());
        }).toList();
        return new SourceDefinition(name, node.string("schema").orElse(name), node.string("database"),
                node.string("description").orElse(""), tables, node.location());
    }
}
