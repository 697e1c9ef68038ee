package io.strata.service;

import io.strata.api.AssetKey;
import io.strata.check.CheckResult;
import io.strata.project.Materialization;
import io.strata.project.Relation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * What a branch changed against main, asset by asset, for a review before it is merged on purpose
 * ({@code strata diff}). Assets the branch did not change are left out.
 */
public record BranchDiff(String branch, List<AssetDiff> assets) {
    public BranchDiff {
        requireNonNull(branch, "branch");
        assets = List.copyOf(assets);
    }

    public enum Status { NEW, REMOVED, CHANGED }

    /**
     * One changed asset.
     *
     * @param columns the columns added, removed or retyped on the branch
     * @param mainRows its rows on main; empty when it is not there
     * @param branchRows its rows on the branch; empty when it is not there
     * @param rows its rows compared, for a table on both sides; empty for a view, a new or a removed relation
     * @param checks its data tests on the branch, read-only
     */
    public record AssetDiff(AssetKey key, Relation relation, Status status, Materialization materialization, List<ColumnChange> columns,
                            OptionalLong mainRows, OptionalLong branchRows, Optional<RowChanges> rows, List<CheckResult> checks) {
        public AssetDiff {
            requireNonNull(key, "key");
            requireNonNull(relation, "relation");
            requireNonNull(status, "status");
            requireNonNull(materialization, "materialization");
            columns = List.copyOf(columns);
            requireNonNull(mainRows, "mainRows");
            requireNonNull(branchRows, "branchRows");
            requireNonNull(rows, "rows");
            checks = List.copyOf(checks);
        }
    }

    /** A column with its type on main and on the branch, empty on the side it is missing from. */
    public record ColumnChange(String column, Optional<String> mainType, Optional<String> branchType) {
        public ColumnChange {
            requireNonNull(column, "column");
            requireNonNull(mainType, "mainType");
            requireNonNull(branchType, "branchType");
        }

        public Change change() {
            return mainType.isEmpty() ? Change.ADDED : branchType.isEmpty() ? Change.REMOVED : Change.CHANGED;
        }
    }

    /**
     * The rows of a table compared by the engine.
     *
     * @param key the columns rows were matched by; empty when whole rows were matched (then none is changed)
     * @param samples at most the requested number of rows of each change
     */
    public record RowChanges(List<String> key, long added, long removed, long changed, List<RowSample> samples) {
        public RowChanges {
            key = List.copyOf(key);
            samples = List.copyOf(samples);
        }
    }

    /** A row added, removed or changed: its values on main and on the branch by column, empty on the side it is missing from. */
    public record RowSample(Change change, Map<String, Object> main, Map<String, Object> branch) {
        public RowSample {
            requireNonNull(change, "change");
            // Values may be null, which Map.copyOf refuses.
            main = Collections.unmodifiableMap(new LinkedHashMap<>(main));
            branch = Collections.unmodifiableMap(new LinkedHashMap<>(branch));
        }
    }

    /** What happened to a column or a row on the branch. */
    public enum Change { ADDED, REMOVED, CHANGED }
}
