package io.strata.ui.api;

import io.strata.run.AssetRun;
import io.strata.run.RunStatus;
import io.strata.run.RunStore;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One run with each of its assets on a timeline and each of its checks. While the run goes, its assets come from its
 * events (those started and not finished are RUNNING); once it has ended, from what it recorded, timed by its events.
 */
@Schema(description = "One run with its assets (timed for a timeline) and its checks.")
public record RunDetail(RunSummary run, List<Asset> assets, List<Check> checks) {
    /**
     * One asset of the run.
     *
     * @param status RUNNING, SUCCESS, UP_TO_DATE, FAILED, SKIPPED or CHECK_FAILED (built, and an error check failed)
     * @param materialization table, view…; null while it builds and the project does not compile
     * @param rows the rows it holds after the build, when counted (known once the run has ended)
     * @param durationMs how long it took; while it builds, how long it has been building
     * @param attempts how many times it was built (more than one after transient engine errors)
     * @param details what its builder counted beyond rows (ingestion: rows_read, rows_rejected…)
     * @param startedAt when it started building; null when it did not build (up to date, skipped)
     * @param finishedAt when it ended; null while it builds
     */
    @Schema(name = "RunAsset", description = "One asset of a run, timed for a timeline.")
    public record Asset(String key,
                        @Schema(allowableValues = {"RUNNING", "SUCCESS", "UP_TO_DATE", "FAILED", "SKIPPED", "CHECK_FAILED"}) String status,
                        String materialization, Long rows, long durationMs, String error, int attempts, Map<String, Object> details,
                        Instant startedAt, Instant finishedAt) {
    }

    /**
     * One check of the run.
     *
     * @param asset the key of the asset it checks
     * @param outcome PASS, WARN or FAIL
     * @param sample a few failing rows, as text
     * @param error the engine's message when the check's query itself failed
     */
    @Schema(name = "RunCheck", description = "One check of a run.")
    public record Check(String name, String asset, @Schema(allowableValues = {"PASS", "WARN", "FAIL"}) String outcome, long failures,
                        String sample, String error) {
    }

    /** When an asset started and ended, and how, as the run's events say. */
    private static final class Timeline {
        Instant startedAt;
        Instant finishedAt;
        String status;
    }

    /**
     * @param materializationOf the materialization of an asset of the project by key, for assets the run has not recorded yet
     * @param now the time a building asset's duration runs to
     */
    static RunDetail of(io.strata.service.RunDetail detail, Function<String, Optional<String>> materializationOf, Instant now) {
        boolean going = detail.run().status() == RunStatus.RUNNING;
        Map<String, Timeline> timelines = timelines(detail.events());
        Map<String, RunStore.MaterializationRecord> recorded = new LinkedHashMap<>();
        detail.assets().forEach(record -> recorded.put(record.assetKey(), record));
        List<Asset> assets = new ArrayList<>();
        timelines.forEach((key, timeline) -> {
            RunStore.MaterializationRecord record = recorded.remove(key);
            assets.add(record != null ? recorded(record, timeline) : unrecorded(key, timeline, going, materializationOf, now));
        });
        recorded.values().forEach(record -> assets.add(recorded(record, new Timeline())));
        return new RunDetail(RunSummary.of(detail.run()), assets, detail.checks().stream()
                .map(check -> new Check(check.name(), check.assetKey(), check.outcome().name(), check.failures(), check.sample(),
                        check.error().orElse(null)))
                .toList());
    }

    /** Per asset, in the order they first appear: the event saying it is RUNNING, then the next saying how it ended. */
    private static Map<String, Timeline> timelines(List<RunStore.EventRecord> events) {
        Map<String, Timeline> timelines = new LinkedHashMap<>();
        for (RunStore.EventRecord event : events) {
            if (event.assetKey().isEmpty() || event.assetStatus().isEmpty()) {
                continue;
            }
            Timeline timeline = timelines.computeIfAbsent(event.assetKey().get(), key -> new Timeline());
            String status = event.assetStatus().get();
            if (status.equals(RunStore.AssetStatusRecord.RUNNING)) {
                timeline.startedAt = event.at();
                timeline.finishedAt = null;
            }
            else if (timeline.finishedAt == null) {
                timeline.finishedAt = event.at();
            }
            timeline.status = status;
        }
        return timelines;
    }

    private static Asset recorded(RunStore.MaterializationRecord record, Timeline timeline) {
        // The events say CHECK_FAILED where the record says SUCCESS (or UP_TO_DATE) and holds the checks.
        String status = timeline.status != null && !timeline.status.equals(RunStore.AssetStatusRecord.RUNNING)
                ? timeline.status : record.status().name();
        return new Asset(record.assetKey(), status, record.materialization(), record.rows().orElse(null), record.durationMillis(),
                record.error().orElse(null), record.attempts(), record.details(), timeline.startedAt, timeline.finishedAt);
    }

    /** An asset of the events the run has not recorded: it goes or has just finished; one still building when its run ended failed. */
    private static Asset unrecorded(String key, Timeline timeline, boolean going, Function<String, Optional<String>> materializationOf, Instant now) {
        boolean building = timeline.status.equals(RunStore.AssetStatusRecord.RUNNING);
        String status = building && !going ? AssetRun.Status.FAILED.name() : timeline.status;
        Instant end = timeline.finishedAt != null ? timeline.finishedAt : now;
        long duration = timeline.startedAt == null ? 0 : Math.max(0, Duration.between(timeline.startedAt, end).toMillis());
        return new Asset(key, status, materializationOf.apply(key).orElse(null), null, duration,
                building && !going ? "its run ended while it was building" : null, 1, Map.of(), timeline.startedAt, timeline.finishedAt);
    }
}
