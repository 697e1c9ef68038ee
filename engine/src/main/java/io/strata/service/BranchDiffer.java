package io.strata.service;

import io.strata.api.AssetKey;
import io.strata.branch.Branches;
import io.strata.check.CheckResult;
import io.strata.compile.CompiledProject;
import io.strata.engine.DiffStatements;
import io.strata.engine.Engine;
import io.strata.graph.Asset;
import io.strata.lake.RelationState;
import io.strata.project.AssetDeclaration;
import io.strata.project.CheckDefinition;
import io.strata.project.Materialization;
import io.strata.project.Relation;
import io.strata.run.CheckSuite;
import io.strata.service.BranchDiff.AssetDiff;
import io.strata.service.BranchDiff.Change;
import io.strata.service.BranchDiff.ColumnChange;
import io.strata.service.BranchDiff.RowChanges;
import io.strata.service.BranchDiff.RowSample;
import io.strata.service.BranchDiff.Status;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Compares the selected assets on a branch with main through the engine's {@link DiffStatements}: an asset is
 * changed when its relation's state (a table's snapshot, a view's version) differs between the two; its rows are
 * counted by the engine in one query, and only the bounded samples come back through Strata.
 */
final class BranchDiffer {
    private final Engine engine;
    private final DiffStatements statements;
    private final String branch;
    private final CompiledProject project;

    BranchDiffer(Engine engine, DiffStatements statements, String branch, CompiledProject project) {
        this.engine = engine;
        this.statements = statements;
        this.branch = branch;
        this.project = project;
    }

    BranchDiff diff(List<AssetKey> selected, int sampleLimit) throws SQLException {
        List<AssetDiff> changed = new ArrayList<>();
        try (Connection connection = engine.connect(branch); Statement statement = connection.createStatement()) {
            for (AssetKey key : selected) {
                Asset asset = project.graph().require(key);
                if (asset.relation().isEmpty() || asset.materialization() == Materialization.EPHEMERAL) {
                    continue;
                }
                Optional<Status> status = status(asset.relation().get());
                if (status.isPresent()) {
                    changed.add(compare(statement, asset, status.get(), sampleLimit));
                }
            }
        }
        List<CheckResult> checks = CheckSuite.run(engine, branch, project, changed.stream().map(AssetDiff::key).toList());
        return new BranchDiff(branch, changed.stream().map(asset -> withChecks(asset, checks)).toList());
    }

    /** NEW or REMOVED when the relation is on one side only, CHANGED when its versions differ, empty when the branch left it alone. */
    private Optional<Status> status(Relation relation) throws SQLException {
        Optional<String> mainVersion = engine.state(Branches.MAIN, relation).map(RelationState::version);
        Optional<String> branchVersion = engine.state(branch, relation).map(RelationState::version);
        if (mainVersion.isPresent() && branchVersion.isPresent()) {
            return mainVersion.equals(branchVersion) ? Optional.empty() : Optional.of(Status.CHANGED);
        }
        // No state on a side: the relation is not there, or the engine cannot tell its version (a view without a
        // recorded fingerprint). Only then is existence asked; an unknown version is reported as changed.
        boolean onMain = mainVersion.isPresent() || engine.exists(Branches.MAIN, relation);
        boolean onBranch = branchVersion.isPresent() || engine.exists(branch, relation);
        if (onMain != onBranch) {
            return Optional.of(onBranch ? Status.NEW : Status.REMOVED);
        }
        return onMain ? Optional.of(Status.CHANGED) : Optional.empty();
    }

    private AssetDiff compare(Statement statement, Asset asset, Status status, int sampleLimit) throws SQLException {
        Relation relation = asset.relation().orElseThrow();
        Map<String, String> mainColumns = new LinkedHashMap<>();
        Map<String, String> branchColumns = new LinkedHashMap<>();
        try (ResultSet rows = statement.executeQuery(statements.columns(branch, relation))) {
            while (rows.next()) {
                (rows.getString(1).equals("main") ? mainColumns : branchColumns).put(rows.getString(2), rows.getString(3));
            }
        }
        List<ColumnChange> columns = columnChanges(mainColumns, branchColumns);
        // Rows are compared on the columns both sides have with the same type; the others are in the column changes.
        List<DiffStatements.Column> compared = branchColumns.keySet().stream()
                .filter(column -> branchColumns.get(column).equals(mainColumns.get(column)))
                .map(column -> new DiffStatements.Column(column, branchColumns.get(column))).toList();
        if (status == Status.CHANGED && asset.materialization() != Materialization.VIEW && !compared.isEmpty()) {
            List<String> key = keyOf(asset, compared.stream().map(DiffStatements.Column::name).toList());
            try (ResultSet rows = statement.executeQuery(statements.counts(branch, relation, key, compared))) {
                rows.next();
                long added = rows.getLong(3);
                long removed = rows.getLong(4);
                long changedRows = rows.getLong(5);
                List<RowSample> samples = added + removed + changedRows > 0 && sampleLimit > 0
                        ? samples(statement, relation, key, compared, sampleLimit) : List.of();
                return new AssetDiff(asset.key(), relation, status, asset.materialization(), columns, OptionalLong.of(rows.getLong(1)),
                        OptionalLong.of(rows.getLong(2)), Optional.of(new RowChanges(key, added, removed, changedRows, samples)), List.of());
            }
        }
        OptionalLong mainRows = status == Status.NEW ? OptionalLong.empty() : OptionalLong.of(rowCount(statement, Branches.MAIN, relation));
        OptionalLong branchRows = status == Status.REMOVED ? OptionalLong.empty() : OptionalLong.of(rowCount(statement, branch, relation));
        return new AssetDiff(asset.key(), relation, status, asset.materialization(), columns, mainRows, branchRows, Optional.empty(), List.of());
    }

    private static List<ColumnChange> columnChanges(Map<String, String> main, Map<String, String> branch) {
        List<ColumnChange> changes = new ArrayList<>();
        main.forEach((column, type) -> {
            if (!type.equals(branch.get(column))) {
                changes.add(new ColumnChange(column, Optional.of(type), Optional.ofNullable(branch.get(column))));
            }
        });
        branch.forEach((column, type) -> {
            if (!main.containsKey(column)) {
                changes.add(new ColumnChange(column, Optional.empty(), Optional.of(type)));
            }
        });
        return changes;
    }

    /**
     * The columns a row is known by: the model's {@code unique_key}, else the column of a {@code unique} test, else the
     * key its declaration names; only when both sides have them, with one type. Empty: whole rows. A snapshot's rows
     * are versions of its query's rows, known by their {@code dbt_scd_id}, not by the {@code unique_key} they share.
     */
    private List<String> keyOf(Asset asset, List<String> compared) {
        List<List<String>> candidates = new ArrayList<>();
        if (asset.materialization() == io.strata.project.Materialization.SNAPSHOT) {
            io.strata.project.SnapshotConfig.read(asset.config()).config().ifPresent(snapshot -> candidates.add(List.of(snapshot.columns().scdId())));
        }
        else {
            candidates.add(asset.config().uniqueKey());
        }
        asset.checks().stream().filter(check -> check.test().equals("unique")).map(CheckDefinition::column)
                .flatMap(Optional::stream).forEach(column -> candidates.add(List.of(column)));
        Optional.ofNullable(project.declarations().get(asset.key())).map(AssetDeclaration::uniqueKey).ifPresent(candidates::add);
        return candidates.stream().filter(key -> !key.isEmpty() && compared.containsAll(key)).findFirst().orElse(List.of());
    }

    private List<RowSample> samples(Statement statement, Relation relation, List<String> key, List<DiffStatements.Column> typed, int limit)
            throws SQLException {
        List<RowSample> samples = new ArrayList<>();
        List<String> columns = typed.stream().map(DiffStatements.Column::name).toList();
        try (ResultSet rows = statement.executeQuery(statements.samples(branch, relation, key, typed, limit))) {
            while (rows.next()) {
                Change change = Change.valueOf(rows.getString(1).toUpperCase(Locale.ROOT));
                Map<String, Object> main = new LinkedHashMap<>();
                Map<String, Object> onBranch = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    main.put(columns.get(i), rows.getObject(2 + i));
                    onBranch.put(columns.get(i), rows.getObject(2 + columns.size() + i));
                }
                samples.add(new RowSample(change, change == Change.ADDED ? Map.of() : main, change == Change.REMOVED ? Map.of() : onBranch));
            }
        }
        return samples;
    }

    private long rowCount(Statement statement, String ref, Relation relation) throws SQLException {
        try (ResultSet rows = statement.executeQuery(statements.rowCount(ref, relation))) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static AssetDiff withChecks(AssetDiff asset, List<CheckResult> checks) {
        return new AssetDiff(asset.key(), asset.relation(), asset.status(), asset.materialization(), asset.columns(), asset.mainRows(),
                asset.branchRows(), asset.rows(), checks.stream().filter(check -> check.asset().equals(asset.key())).toList());
    }
}
