package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.engine.SeedData;
import io.strata.graph.Asset;
import io.strata.lineage.MainColumns;
import io.strata.project.ColumnDefinition;
import io.strata.template.RelationColumns;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The columns templates may ask about while the project compiles ({@code adapter.get_columns_in_relation}): a seed's
 * from its file (typed as it loads), a source table's from its YAML, and any other asset's as main holds it, recorded
 * by the last merged run. Each is read on first use.
 */
final class CompileTimeColumns implements RelationColumns {
    private final Path root;
    private final Map<String, Asset> seeds = new HashMap<>();
    private final Map<List<String>, ProjectProperties.SourceTable> sources;
    private final Path mainColumnsFile;
    private volatile MainColumns main;
    private final Map<String, Optional<List<Column>>> seedColumns = new ConcurrentHashMap<>();

    CompileTimeColumns(Path root, List<Asset> seeds, Map<List<String>, ProjectProperties.SourceTable> sources, Path mainColumnsFile) {
        this.root = root;
        seeds.forEach(seed -> this.seeds.put(seed.name(), seed));
        this.sources = sources;
        this.mainColumnsFile = mainColumnsFile;
    }

    @Override
    public Optional<List<Column>> ofAsset(String name) {
        Asset seed = seeds.get(name);
        if (seed != null) {
            return seedColumns.computeIfAbsent(name, key -> seedColumns(seed));
        }
        if (main == null) {
            main = MainColumns.read(mainColumnsFile);
        }
        AssetKey key = AssetKey.of(name);
        return main.names(key).map(names -> {
            var types = main.types(key);
            return names.stream().map(column -> new Column(column, types.containsKey(column) ? types.get(column).toString() : "")).toList();
        });
    }

    @Override
    public Optional<List<Column>> ofSource(String source, String table) {
        ProjectProperties.SourceTable entry = sources.get(List.of(source, table));
        if (entry == null || entry.table().columns().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(entry.table().columns().stream()
                .map((ColumnDefinition column) -> new Column(column.name(), column.dataType().orElse(""))).toList());
    }

    private Optional<List<Column>> seedColumns(Asset seed) {
        try {
            Object declared = seed.config().values().get("column_types");
            Map<String, Object> types = new HashMap<>();
            if (declared instanceof Map<?, ?> map) {
                map.forEach((column, type) -> types.put(String.valueOf(column), type));
            }
            SeedData data = SeedData.read(root.resolve(seed.path()), seed.path(), types);
            return Optional.of(java.util.stream.IntStream.range(0, data.columns().size())
                    .mapToObj(i -> new Column(data.columns().get(i), data.types().get(i))).toList());
        }
        catch (RuntimeException e) {
            // A seed that does not load is reported when it loads; its columns are not known here.
            return Optional.empty();
        }
    }
}
