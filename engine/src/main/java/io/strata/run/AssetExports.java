package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.compile.CompiledProject;
import io.strata.engine.Engine;
import io.strata.export.PendingExports;
import io.strata.export.TableExporter;
import io.strata.graph.Asset;
import io.strata.project.Export;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * What a merged run does last: the exports of the assets it built, and those an earlier run owed, read from main and
 * written to their databases. A failed export leaves the merge as it is; it is said as a warning and owed to the next run.
 */
final class AssetExports {
    /** Writes one asset's table, as on main, to one export's target; returns the rows written. */
    @FunctionalInterface
    interface Exporter {
        long export(Asset asset, Export export) throws Exception;
    }

    private final PendingExports pending;
    private final Exporter exporter;
    private final Function<String, String> environment;

    AssetExports(PendingExports pending, Exporter exporter, Function<String, String> environment) {
        this.pending = requireNonNull(pending, "pending");
        this.exporter = requireNonNull(exporter, "exporter");
        this.environment = requireNonNull(environment, "environment");
    }

    /** Exports through the engine's connection to main, to targets whose {@code ${VARIABLE}}s are read from the environment. */
    static AssetExports of(Engine engine, Path root) {
        return of(engine, root, System::getenv);
    }

    static AssetExports of(Engine engine, Path root, Function<String, String> environment) {
        return new AssetExports(PendingExports.in(root.resolve(".strata")), (asset, export) -> {
            Export.Connection target = export.connection(environment);
            try (Connection source = engine.connect("main"); Connection written = connect(target)) {
                return new TableExporter().export(source, "SELECT * FROM " + asset.relation().orElseThrow().render(), written,
                        export.table(), export.mode(), export.key());
            }
        }, environment);
    }

    private static Connection connect(Export.Connection target) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", target.user());
        properties.setProperty("password", target.password());
        // An unreachable database fails the export in seconds instead of holding the run's end.
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("loginTimeout", "10");
        // Text the engine returns for a json or uuid column is then typed by PostgreSQL from the target's column.
        properties.setProperty("stringtype", "unspecified");
        return DriverManager.getConnection(target.url(), properties);
    }

    /**
     * Runs the exports owed after a merge: those of the assets built in {@code runs} and those still pending from
     * earlier runs (their asset up to date or not selected). Returns one warning per failed export.
     */
    List<String> afterMerge(CompiledProject compiled, List<AssetRun> runs, RunListener listener) {
        Set<AssetKey> built = new LinkedHashSet<>();
        runs.stream().filter(run -> run.status() == AssetRun.Status.SUCCESS).forEach(run -> built.add(run.key()));
        Set<PendingExports.Pending> owed = pending.read();
        Map<PendingExports.Pending, Map.Entry<Asset, Export>> due = new LinkedHashMap<>();
        for (AssetKey key : compiled.graph().topologicalOrder()) {
            Asset asset = compiled.graph().require(key);
            for (Export export : asset.exports()) {
                PendingExports.Pending identity = new PendingExports.Pending(key.toString(), export.target(), export.table());
                if ((built.contains(key) || owed.contains(identity)) && asset.relation().isPresent()) {
                    due.put(identity, Map.entry(asset, export));
                }
            }
        }
        if (due.isEmpty() && owed.isEmpty()) {
            return List.of();
        }
        // Owed before they start: a process that ends during an export leaves it for the next run, not forgotten.
        Set<PendingExports.Pending> stillOwed = new LinkedHashSet<>(due.keySet());
        pending.write(stillOwed);
        List<String> warnings = new ArrayList<>();
        due.forEach((identity, exported) -> {
            Asset asset = exported.getKey();
            Export export = exported.getValue();
            String target = target(export);
            try {
                long rows = exporter.export(asset, export);
                listener.logged(asset, "exported " + rows + " rows to " + target + " " + export.table() + " ("
                        + export.mode().name().toLowerCase(java.util.Locale.ROOT) + ")");
                stillOwed.remove(identity);
            }
            catch (Exception e) {
                String warning = "export of " + asset.key() + " to " + target + " " + export.table() + " failed: " + message(e, export)
                        + "; it is tried again on the next run";
                warnings.add(warning);
                listener.warned(asset, warning);
            }
        });
        pending.write(stillOwed);
        return warnings;
    }

    /** The target with its variables read when they can be (they are said when they cannot, by the export's failure). */
    private String target(Export export) {
        try {
            return export.connection(environment).target();
        }
        catch (RuntimeException unresolved) {
            return export.target();
        }
    }

    /** The failure without the password, in case a driver repeats what it was given. */
    private String message(Exception e, Export export) {
        String message = String.valueOf(e.getMessage());
        try {
            String password = export.connection(environment).password();
            return password.isEmpty() ? message : message.replace(password, "***");
        }
        catch (RuntimeException unresolved) {
            return message;
        }
    }
}
