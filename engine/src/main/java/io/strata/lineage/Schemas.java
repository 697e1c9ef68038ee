package io.strata.lineage;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.engine.SeedData;
import io.strata.project.AssetDeclaration;
import io.strata.project.ColumnDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns of an asset that is not a SQL model, as the project knows them before anything runs: an ingest
 * asset's declaration, a seed's header, the YAML {@code columns:} of a source table or a Java asset.
 */
final class Schemas {
    private Schemas() {
    }

    /**
     * The asset's columns for lineage: as the project says them, or as main has its table when the project does not
     * say them all (a source's or a Java asset's YAML documents some; an inferred ingest asset none).
     */
    static Optional<List<String>> forLineage(Asset asset, Map<AssetKey, AssetDeclaration> declarations, Path root, MainColumns main) {
        Optional<List<String>> onMain = main.names(asset.key());
        boolean documentedOnly = asset.kind() == io.strata.graph.AssetKind.SOURCE || asset.kind() == io.strata.graph.AssetKind.CODE;
        if (documentedOnly && onMain.isPresent()) {
            return onMain;
        }
        return declared(asset, declarations, root).or(() -> onMain);
    }

    /** {@link #types} with the types main's table has for the columns the project does not type. */
    static Map<String, SqlType> types(Asset asset, Map<AssetKey, AssetDeclaration> declarations, Path root, MainColumns main) {
        Map<String, SqlType> types = new HashMap<>(main.types(asset.key()));
        types.putAll(types(asset, declarations, root));
        return Map.copyOf(types);
    }

    /** The asset's columns, lower-cased as Trino names them. */
    static Optional<List<String>> declared(Asset asset, Map<AssetKey, AssetDeclaration> declarations, Path root) {
        return declaredAsWritten(asset, declarations, root).map(Schemas::lowerCased);
    }

    private static Optional<List<String>> declaredAsWritten(Asset asset, Map<AssetKey, AssetDeclaration> declarations, Path root) {
        Optional<List<String>> fromDeclaration = Optional.ofNullable(declarations.get(asset.key()))
                .flatMap(AssetDeclaration::tableColumns);
        if (fromDeclaration.isPresent()) {
            return fromDeclaration;
        }
        return switch (asset.kind()) {
            case SEED -> seedHeader(root.resolve(asset.path())).or(() -> yaml(asset));
            case SOURCE, INGEST, CODE, MODEL -> yaml(asset);
        };
    }

    /**
     * The types of the asset's columns that are known without running it, by lower-cased name: its declaration's,
     * a seed's (declared in {@code column_types} or inferred from its values, as the seed loads), and the YAML
     * {@code data_type} of any other column.
     */
    static Map<String, SqlType> types(Asset asset, Map<AssetKey, AssetDeclaration> declarations, Path root) {
        Map<String, SqlType> types = new HashMap<>();
        Optional.ofNullable(declarations.get(asset.key())).ifPresent(declaration -> declaration.tableColumnTypes()
                .forEach((name, type) -> types.put(lower(name), SqlType.of(type))));
        if (asset.kind() == io.strata.graph.AssetKind.SEED) {
            try {
                SeedData seed = SeedData.read(root, asset);
                for (int i = 0; i < seed.columns().size(); i++) {
                    types.putIfAbsent(lower(seed.columns().get(i)), SqlType.of(seed.types().get(i)));
                }
            }
            catch (RuntimeException e) {
                // A seed that does not load is reported when it is loaded; its types stay unknown here.
            }
        }
        for (ColumnDefinition column : asset.columns()) {
            column.dataType().ifPresent(type -> types.putIfAbsent(lower(column.name()), SqlType.of(type)));
        }
        types.values().removeIf(type -> !type.isKnown());
        return Map.copyOf(types);
    }

    private static String lower(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /** The YAML {@code columns:}, if any (all the columns there are, as far as the project says), lower-cased. */
    static Optional<List<String>> yaml(Asset asset) {
        return asset.columns().isEmpty() ? Optional.empty()
                : Optional.of(lowerCased(asset.columns().stream().map(ColumnDefinition::name).toList()));
    }

    private static List<String> lowerCased(List<String> names) {
        return names.stream().map(name -> name.toLowerCase(java.util.Locale.ROOT)).toList();
    }

    private static Optional<List<String>> seedHeader(Path file) {
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file)) {
            Iterator<CsvRecord> records = reader.iterator();
            return records.hasNext() ? Optional.of(records.next().getFields().stream().map(String::trim).toList()) : Optional.empty();
        }
        catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
