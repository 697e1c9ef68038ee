package io.strata.lineage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.project.Diagnostic;
import io.strata.project.Location;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The columns of the assets as main holds them: for each asset built by a run that reached main, its columns with
 * their types and the columns each derives from, as Strata derived them when the run merged; for a table whose
 * columns the project does not say (an ingest asset of inferred schema, a source without {@code columns:}), its
 * columns and types as the catalog's main had them then. Kept by the project
 * ({@code .strata/main-columns-<profile>.json}, read offline) so that {@code strata compile} types what the project
 * does not describe, and can say what a change breaks downstream before anything runs: a column a model no longer
 * gives, or gives with another type, and every column whose lineage on main passes through it ({@link #impact}).
 *
 * @param assets by asset key: its columns in order
 */
public record MainColumns(Map<String, List<Column>> assets) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A column on main: its type ({@code unknown} when not derived), and the columns it derives its value from. */
    public record Column(String name, String type, List<Source> from) {
        public Column {
            from = List.copyOf(from);
        }
    }

    /** A column a value comes from, and how ({@link Derivation#label}). */
    public record Source(String asset, String column, String derivation) {
    }

    public MainColumns {
        assets = Map.copyOf(assets);
    }

    public static MainColumns empty() {
        return new MainColumns(Map.of());
    }

    /** Where a project keeps main's columns for a profile (profiles may point at different catalogs). */
    public static Path file(Path root, String profile) {
        return root.resolve(".strata").resolve("main-columns-" + profile.replaceAll("[^A-Za-z0-9_.-]", "_") + ".json");
    }

    /** The asset's columns on main in order, if a merged run recorded them. */
    public Optional<List<String>> names(AssetKey asset) {
        return Optional.ofNullable(assets.get(asset.toString())).map(columns -> columns.stream().map(Column::name).toList());
    }

    /** The known types of the asset's columns on main, by column. */
    public Map<String, SqlType> types(AssetKey asset) {
        Map<String, SqlType> types = new HashMap<>();
        assets.getOrDefault(asset.toString(), List.of()).forEach(column -> {
            SqlType type = SqlType.of(column.type());
            if (type.isKnown()) {
                types.put(column.name(), type);
            }
        });
        return types;
    }

    /** These columns with an asset's as the catalog's main has its table (an ingest asset of inferred schema, a source). */
    public MainColumns withTable(AssetKey asset, Map<String, String> columns) {
        Map<String, List<Column>> updated = new HashMap<>(assets);
        updated.put(asset.toString(), columns.entrySet().stream()
                .map(column -> new Column(column.getKey().toLowerCase(java.util.Locale.ROOT), SqlType.of(column.getValue()).name(), List.of()))
                .toList());
        return new MainColumns(updated);
    }

    /** What the file holds; empty when there is none yet, or it cannot be read (it is rebuilt by the next merged run). */
    public static MainColumns read(Path file) {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        try {
            return new MainColumns(JSON.readValue(file.toFile(), new TypeReference<Map<String, List<Column>>>() { }));
        }
        catch (IOException | RuntimeException e) {
            return empty();
        }
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path written = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(written.toFile(), new TreeMap<>(assets));
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** These columns with those of the {@code built} assets replaced by what {@code lineage} derives now (a run that merged them). */
    public MainColumns with(ColumnLineage lineage, Collection<AssetKey> built) {
        Map<String, List<Column>> updated = new HashMap<>(assets);
        for (AssetKey key : built) {
            Optional<List<String>> names = lineage.columns(key);
            if (names.isEmpty()) {
                updated.remove(key.toString());
                continue;
            }
            Map<String, SqlType> types = lineage.types(key);
            List<Column> columns = new ArrayList<>();
            for (String name : names.get()) {
                List<Source> from = new ArrayList<>();
                for (ColumnEdge edge : lineage.upstream(new ColumnRef(key, name))) {
                    if (edge.derivation().carriesValue()) {
                        from.add(new Source(edge.from().asset().toString(), edge.from().column(), edge.derivation().label()));
                    }
                }
                columns.add(new Column(name, types.getOrDefault(name, SqlType.UNKNOWN).name(), from));
            }
            updated.put(key.toString(), List.copyOf(columns));
        }
        return new MainColumns(updated);
    }

    /**
     * What the project as compiled now would change on main: for each model column main has that its SQL no longer
     * gives, or gives with another type, a warning at the model's file listing the columns downstream on main
     * whose value derives from it. A change nothing downstream reads is no warning; a column whose change follows
     * from another's (a {@code select *} passing a removed column on) is listed under that one.
     */
    public List<Diagnostic> impact(ColumnLineage current, AssetGraph graph) {
        Map<String, List<Source>> downstream = downstreamIndex();
        Map<String, Change> changes = new TreeMap<>();
        for (Map.Entry<String, List<Column>> entry : assets.entrySet()) {
            AssetKey key = AssetKey.parse(entry.getKey());
            Optional<Asset> asset = graph.asset(key).filter(found -> found.sql().isPresent());
            Optional<List<String>> now = current.columns(key);
            if (asset.isEmpty() || now.isEmpty()) {
                continue;
            }
            Map<String, SqlType> types = current.types(key);
            for (Column column : entry.getValue()) {
                String id = entry.getKey() + "." + column.name();
                if (!now.get().contains(column.name())) {
                    changes.put(id, new Change(asset.get(), column, "is no longer given by its SQL"));
                    continue;
                }
                SqlType was = SqlType.of(column.type());
                SqlType is = types.getOrDefault(column.name(), SqlType.UNKNOWN);
                if (was.isKnown() && is.isKnown() && !was.baseName().equals(is.baseName())) {
                    changes.put(id, new Change(asset.get(), column, "is now " + is));
                }
            }
        }
        List<Diagnostic> found = new ArrayList<>();
        for (Map.Entry<String, Change> entry : changes.entrySet()) {
            Map<String, String> reached = reach(entry.getKey(), downstream);
            boolean followsAnother = changes.keySet().stream().anyMatch(other -> !other.equals(entry.getKey())
                    && reach(other, downstream).containsKey(entry.getKey()));
            if (reached.isEmpty() || followsAnother) {
                continue;
            }
            Change change = entry.getValue();
            found.add(Diagnostic.warning(Location.of(change.model().path()), "impact on main: column '" + change.column().name() + "' of '"
                    + change.model().key() + "' (" + change.column().type() + " on main) " + change.what() + "; "
                    + reached.size() + " downstream column" + (reached.size() == 1 ? " derives" : "s derive") + " from it on main: "
                    + String.join(", ", reached.entrySet().stream().map(column -> column.getKey() + " (" + column.getValue() + ")").toList())));
        }
        return found;
    }

    private record Change(Asset model, Column column, String what) {
    }

    /** For each column on main ({@code asset.column}), the columns that derive their value from it directly, with how. */
    private Map<String, List<Source>> downstreamIndex() {
        Map<String, List<Source>> index = new HashMap<>();
        assets.forEach((asset, columns) -> columns.forEach(column -> column.from().forEach(source ->
                index.computeIfAbsent(source.asset() + "." + source.column(), from -> new ArrayList<>())
                        .add(new Source(asset, column.name(), source.derivation())))));
        return index;
    }

    /** Every column downstream of one on main ({@code asset.column}) with how it derives from its input, nearest first. */
    private static Map<String, String> reach(String start, Map<String, List<Source>> downstream) {
        Set<String> seen = new LinkedHashSet<>(List.of(start));
        Map<String, String> reached = new java.util.LinkedHashMap<>();
        Deque<String> frontier = new ArrayDeque<>(List.of(start));
        while (!frontier.isEmpty()) {
            for (Source next : downstream.getOrDefault(frontier.poll(), List.of())) {
                String id = next.asset() + "." + next.column();
                if (seen.add(id)) {
                    reached.put(id, next.derivation());
                    frontier.add(id);
                }
            }
        }
        return reached;
    }
}
