package io.strata.ui.api;

import io.strata.check.CheckQuery;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.project.CheckDefinition;
import io.strata.project.Relation;
import io.strata.run.RunStore;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One asset with everything the asset page shows: the fields of {@link AssetSummary}, where it is defined and lives,
 * its SQL, columns, checks with their latest results, and its latest materializations.
 *
 * @param relation where it lives in the engine ({@code schema.table}); null for an asset without one (ephemeral)
 * @param file the file that defines it, relative to the project root
 * @param line the line there, 0 when unknown
 * @param sourceSql the model's SQL file as written; null when the asset is not defined by a SQL file
 * @param compiledSql the model's SQL after rendering; null for an asset that is not a model
 * @param history its latest materializations, newest first (at most 50)
 * @param partitions how it is partitioned ({@code month from 2024-01-01 to 2026-01-01 (UTC) on sale_date}); null when it is not
 */
@Schema(description = "One asset with its definition, SQL, columns, checks and latest materializations.")
public record AssetDetail(String key, String name, String kind, String layer, String materialization, String description, List<String> tags,
                          List<String> upstream, List<String> downstream, AssetStatus status, String relation, String file, int line,
                          String sourceSql, String compiledSql, List<Column> columns, List<Check> checks, List<HistoryEntry> history,
                          @Schema(nullable = true) String partitions) {
    /** How many materializations the page shows. */
    static final int HISTORY = 50;

    /**
     * @param type the declared data type, null when the YAML does not say
     */
    @Schema(name = "AssetColumn", description = "A documented column.")
    public record Column(String name, String type, String description) {
    }

    /**
     * A check of the asset: one declared in YAML (with its severity), or a singular test the latest run anchored to it.
     *
     * @param severity error or warn; null for a singular test that is no longer declared in YAML
     * @param lastResult what the latest run that checked the asset found; null when no run did
     */
    @Schema(name = "AssetCheck", description = "A check of the asset with its latest result.")
    public record Check(String name, @Schema(allowableValues = {"error", "warn"}) String severity, CheckResult lastResult) {
    }

    /**
     * @param outcome PASS, WARN or FAIL
     * @param failures the failing rows counted
     * @param sample a few failing rows, as text
     * @param error the engine's message when the check's query itself failed
     */
    @Schema(name = "AssetCheckResult")
    public record CheckResult(@Schema(allowableValues = {"PASS", "WARN", "FAIL"}) String outcome, long failures, String sample, String error,
                              String runId) {
    }

    /**
     * One materialization of the asset.
     *
     * @param runStatus how its run ended (or RUNNING)
     * @param status SUCCESS, UP_TO_DATE, FAILED or SKIPPED
     */
    @Schema(name = "AssetHistoryEntry", description = "One materialization of the asset, with its run.")
    public record HistoryEntry(String runId, Instant startedAt, String runStatus, String trigger, String status, Long rows, long durationMs,
                               String error) {
    }

    /**
     * @param source the model's SQL file as written, if the asset is defined by one
     * @param latestChecks the checks of the latest run that checked the asset, with that run
     */
    static AssetDetail of(Asset asset, AssetGraph graph, Map<String, RunStore.AssetStatusRecord> statuses, Optional<String> source,
                          List<RunStore.AssetHistoryRecord> history, Optional<RunStore.CheckedRun> latestChecks) {
        AssetSummary summary = AssetSummary.of(asset, graph, statuses);
        return new AssetDetail(summary.key(), summary.name(), summary.kind(), summary.layer(), summary.materialization(), summary.description(),
                summary.tags(), summary.upstream(), summary.downstream(), summary.status(),
                asset.relation().map(Relation::render).orElse(null), asset.location().file(), asset.location().line(),
                source.orElse(null), asset.sql().orElse(null),
                asset.columns().stream().map(column -> new Column(column.name(), column.dataType().orElse(null), column.description())).toList(),
                checks(asset, latestChecks.map(RunStore.CheckedRun::checks).orElse(List.of()), latestChecks.map(RunStore.CheckedRun::runId)),
                history.stream().map(entry -> new HistoryEntry(entry.runId(), entry.runStartedAt(), entry.runStatus().name(), entry.trigger(),
                        entry.status().name(), entry.rows().orElse(null), entry.durationMillis(), entry.error().orElse(null))).toList(),
                partitioning(asset));
    }

    private static String partitioning(Asset asset) {
        try {
            return io.strata.partition.PartitionsDefinition.of(asset).map(Object::toString).orElse(null);
        }
        catch (IllegalArgumentException e) {
            // A malformed declaration is a compile error; the page of a project that compiles never sees one.
            return null;
        }
    }

    /** The declared checks in the YAML's order, then the singular tests the latest run found for the asset. */
    private static List<Check> checks(Asset asset, List<RunStore.CheckRecord> latest, Optional<String> checkedIn) {
        Map<String, RunStore.CheckRecord> results = new LinkedHashMap<>();
        latest.forEach(record -> results.put(record.name(), record));
        List<Check> checks = new ArrayList<>();
        for (CheckDefinition definition : asset.checks()) {
            String name = CheckQuery.name(definition, asset);
            checks.add(new Check(name, definition.severity().name().toLowerCase(Locale.ROOT), result(results.remove(name), checkedIn)));
        }
        results.values().forEach(record -> checks.add(new Check(record.name(), null, result(record, checkedIn))));
        return checks;
    }

    private static CheckResult result(RunStore.CheckRecord record, Optional<String> runId) {
        return record == null ? null
                : new CheckResult(record.outcome().name(), record.failures(), record.sample(), record.error().orElse(null), runId.orElse(null));
    }
}
