package io.strata.compile;

import io.strata.graph.Asset;
import io.strata.lineage.ColumnValidator;
import io.strata.lineage.SqlType;
import io.strata.project.ColumnDefinition;
import io.strata.project.Diagnostic;
import io.strata.project.Location;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A model's enforced contract ({@code contract: {enforced: true}}, as in dbt) held against the columns and types its
 * SQL gives at compile time: every column of the YAML {@code columns:} needs a {@code data_type}; the SQL must give
 * exactly those columns; a type derived from the SQL must be the declared one (compared without length, precision
 * or scale: {@code varchar(20)} keeps a contract of {@code varchar}). A type the SQL does not show (a function Strata
 * does not know, a column of unknown type) is a warning naming the columns left unchecked.
 */
final class Contracts {
    private Contracts() {
    }

    static boolean enforced(Asset model) {
        Object contract = model.config().values().get("contract");
        return contract instanceof Map<?, ?> settings && Boolean.parseBoolean(String.valueOf(settings.get("enforced")));
    }

    static List<Diagnostic> check(Asset model, ColumnValidator.Result result) {
        if (!enforced(model)) {
            return List.of();
        }
        List<Diagnostic> found = new ArrayList<>();
        Location modelFile = Location.of(model.path());
        if (model.columns().isEmpty()) {
            return List.of(Diagnostic.error(modelFile, "the contract is enforced, but the model declares no columns: list each with its"
                    + " data_type under columns: in its YAML"));
        }
        for (ColumnDefinition column : model.columns()) {
            if (column.dataType().isEmpty()) {
                found.add(Diagnostic.error(column.location(), "the contract of '" + model.key() + "' is enforced, so column '" + column.name()
                        + "' needs a data_type"));
            }
        }
        if (result.columns().isEmpty()) {
            found.add(Diagnostic.warning(modelFile, "the contract is not checked at compile time: the model's columns are not known"
                    + " (it selects * from a relation whose columns are not declared)"));
            return found;
        }
        List<String> given = result.columns().get();
        Map<String, SqlType> types = result.typesByName();
        Map<String, ColumnDefinition> declared = new HashMap<>();
        model.columns().forEach(column -> declared.put(lower(column.name()), column));
        List<String> untyped = new ArrayList<>();
        for (ColumnDefinition column : model.columns()) {
            String name = lower(column.name());
            if (!given.contains(name)) {
                found.add(Diagnostic.error(column.location(), "contract: the SQL of '" + model.key() + "' gives no column '" + column.name()
                        + "' (it gives " + String.join(", ", given) + ")"));
                continue;
            }
            Optional<SqlType> expected = column.dataType().map(SqlType::of);
            SqlType derived = types.getOrDefault(name, SqlType.UNKNOWN);
            if (expected.isEmpty()) {
                continue;
            }
            if (!derived.isKnown() || !expected.get().isKnown()) {
                untyped.add(column.name());
            }
            else if (!derived.baseName().equals(expected.get().baseName())) {
                found.add(Diagnostic.error(column.location(), "contract: column '" + column.name() + "' of '" + model.key() + "' is declared "
                        + expected.get() + ", but its SQL gives " + derived + "; cast it in the SQL (cast(... as " + expected.get()
                        + ")) or change its data_type"));
            }
        }
        for (String name : given) {
            if (!declared.containsKey(name)) {
                found.add(Diagnostic.error(modelFile, "contract: the SQL gives column '" + name + "', which the contract does not declare;"
                        + " add it under columns: with its data_type, or leave it out of the SQL"));
            }
        }
        if (!untyped.isEmpty()) {
            found.add(Diagnostic.warning(modelFile, "the contract's types of " + String.join(", ", untyped.stream().map(name -> "'" + name + "'").toList())
                    + " are not checked at compile time: Strata does not derive " + (untyped.size() == 1 ? "its type" : "their types")
                    + " from the SQL"));
        }
        return found;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
