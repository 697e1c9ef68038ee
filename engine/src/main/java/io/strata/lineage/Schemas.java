package io.strata.lineage;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.project.AssetDeclaration;
import io.strata.project.ColumnDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
