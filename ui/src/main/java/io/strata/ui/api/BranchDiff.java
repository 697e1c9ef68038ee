package io.strata.ui.api;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a branch changed against main, asset by asset (assets it did not change are left out): the review before a
 * merge, as {@code strata diff -o json} prints it.
 */
@Schema(description = "What a branch changed against main, per changed asset.")
public record BranchDiff(String branch, List<AssetChanges> assets) {
    /**
     * One changed asset.
     *
     * @param status NEW (not on main), REMOVED (not on the branch) or CHANGED
     * @param columns the columns added, removed or retyped on the branch
     * @param mainRows its rows on main; null when it is not there
     * @param branchRows its rows on the branch; null when it is not there
     * @param rows its rows compared, for a table on both sides; null for a view, a new or a removed relation
     * @param checks its data tests on the branch
     */
    @Schema(name = "DiffAsset", description = "One asset the branch changed.")
    public record AssetChanges(String key, String relation, @Schema(allowableValues = {"NEW", "REMOVED", "CHANGED"}) String status,
                               String materialization, List<ColumnChange> columns, Long mainRows, Long branchRows, RowChanges rows,
                               List<BranchCheck> checks) {
    }

    /**
     * @param change ADDED, REMOVED or CHANGED (retyped)
     * @param mainType its type on main; null when it is not there
     * @param branchType its type on the branch; null when it is not there
     */
    @Schema(name = "DiffColumn", description = "A column added, removed or retyped on the branch.")
    public record ColumnChange(String column, @Schema(allowableValues = {"ADDED", "REMOVED", "CHANGED"}) String change, String mainType,
                               String branchType) {
    }

    /**
     * The rows of a table compared by the engine.
     *
     * @param key the columns rows were matched by; empty when whole rows were matched (then no row counts as changed)
     * @param samples a few rows of each change, at most the requested limit of each
     */
    @Schema(name = "DiffRows", description = "The rows of a table on main and on the branch compared by key (or by whole rows).")
    public record RowChanges(List<String> key, long added, long removed, long changed, List<RowSample> samples) {
    }

    /**
     * @param main the row's values on main by column; null for an added row
     * @param branch the row's values on the branch by column; null for a removed row
     */
    @Schema(name = "DiffRow", description = "A row added, removed or changed, with its values on each side.")
    public record RowSample(@Schema(allowableValues = {"ADDED", "REMOVED", "CHANGED"}) String change, Map<String, Object> main,
                            Map<String, Object> branch) {
    }

    static BranchDiff of(io.strata.service.BranchDiff diff) {
        return new BranchDiff(diff.branch(), diff.assets().stream().map(BranchDiff::asset).toList());
    }

    private static AssetChanges asset(io.strata.service.BranchDiff.AssetDiff asset) {
        return new AssetChanges(asset.key().toString(), asset.relation().render(), asset.status().name(), asset.materialization().label(),
                asset.columns().stream().map(column -> new ColumnChange(column.column(), column.change().name(), column.mainType().orElse(null),
                        column.branchType().orElse(null))).toList(),
                count(asset.mainRows()), count(asset.branchRows()),
                asset.rows().map(rows -> new RowChanges(rows.key(), rows.added(), rows.removed(), rows.changed(), rows.samples().stream()
                        .map(sample -> new RowSample(sample.change().name(), values(sample.main()), values(sample.branch()))).toList()))
                        .orElse(null),
                asset.checks().stream().map(BranchCheck::of).toList());
    }

    private static Long count(OptionalLong rows) {
        return rows.isPresent() ? rows.getAsLong() : null;
    }

    /** A row's values as JSON can carry them; null for a side the row is missing from. */
    private static Map<String, Object> values(Map<String, Object> row) {
        if (row.isEmpty()) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        row.forEach((column, value) -> values.put(column, plain(value)));
        return values;
    }

    /**
     * A value the engine's driver returned, as JSON: numbers, booleans and text as they are, lists and maps element by
     * element, binary as Base64, and anything else (dates, timestamps, a driver's own row type) as its text.
     */
    static Object plain(Object value) {
        return switch (value) {
            case null -> null;
            case Number number -> number;
            case Boolean bool -> bool;
            case String text -> text;
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            case Collection<?> items -> items.stream().map(BranchDiff::plain).toList();
            case Map<?, ?> map -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                map.forEach((key, item) -> entries.put(String.valueOf(key), plain(item)));
                yield entries;
            }
            default -> value.toString();
        };
    }
}
