package io.strata.service;

import io.strata.api.AssetKey;
import io.strata.branch.Branches;
import io.strata.check.CheckOutcome;
import io.strata.compile.CompileOptions;
import io.strata.compile.TestProject;
import io.strata.lake.LakeEndpoints;
import io.strata.project.StrataException;
import io.strata.run.RunListener;
import io.strata.run.RunRequest;
import io.strata.run.RunResult;
import io.strata.select.Selector;
import io.strata.service.BranchDiff.AssetDiff;
import io.strata.service.BranchDiff.Change;
import io.strata.service.BranchDiff.ColumnChange;
import io.strata.service.BranchDiff.RowSample;
import io.strata.stack.testing.LocalStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code strata diff} on the real local stack: a project built on main, changed and built on a dev branch, then compared. */
@ExtendWith(LocalStackExtension.class)
class BranchDiffIT {
    @TempDir
    Path root;

    /** Each test writes its own schema: the stack's main is shared by the tests of this JVM. */
    private final String schema = "diff_" + UUID.randomUUID().toString().substring(0, 8);
    private final String devBranch = "dev-" + schema.replace('_', '-');

    private TestProject project() {
        return TestProject.empty(root).file("strata.yml", "name: diff\nprofile: local\nprofiles:\n  local:\n    type: trino\n    schema: " + schema + "\n");
    }

    private Workspace open(LakeEndpoints endpoints) {
        return Workspace.open(root, CompileOptions.defaults(), (profile, projectRoot) -> endpoints);
    }

    @Test
    void theDiffShowsWhatTheBranchChangedByKeyByWholeRowsAndInTheSchemaAndLeavesTheRestOut(LakeEndpoints endpoints) {
        TestProject project = project()
                .file("models/orders.sql", "{{ config(materialized='table', unique_key='id') }}\n"
                        + "select * from (values (1, 'new', 10), (2, 'new', 20), (3, 'paid', 30), (4, 'new', 40)) as t(id, status, amount)")
                .file("models/schema.yml", "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: status\n        tests: [not_null]\n")
                .file("models/events.sql", "{{ config(materialized='table') }}\nselect * from (values (1, 'a'), (1, 'a'), (2, 'b')) as t(n, s)")
                .file("models/stable.sql", "{{ config(materialized='table') }}\nselect 1 as n");
        try (Workspace workspace = open(endpoints)) {
            assertThat(workspace.materialize(RunRequest.builder(Selector.all()).build(), RunListener.SILENT).await().outcome())
                    .isEqualTo(RunResult.Outcome.MERGED);
            project.file("models/orders.sql", "{{ config(materialized='table', unique_key='id') }}\n"
                            + "select id, status, cast(amount as double) as amount, 'web' as channel from (values (1, 'new', 10), (2, 'paid', 20), (3, 'paid', 30), (5, 'new', 50))"
                            + " as t(id, status, amount)")
                    .file("models/events.sql", "{{ config(materialized='table') }}\nselect * from (values (1, 'a'), (2, 'b'), (3, 'c'), (3, 'c')) as t(n, s)")
                    .file("models/added.sql", "{{ config(materialized='table') }}\nselect 1 as n");
            assertThat(workspace.materialize(RunRequest.builder(Selector.all()).devBranch(Optional.of(devBranch)).build(), RunListener.SILENT).await()
                    .outcome()).isEqualTo(RunResult.Outcome.BUILT_ON_DEV_BRANCH);

            BranchDiff diff = workspace.diff(devBranch, Selector.all(), 10);

            assertThat(diff.branch()).isEqualTo(devBranch);
            assertThat(diff.assets()).extracting(asset -> asset.key().toString(), AssetDiff::status)
                    .as("stable is unchanged, so left out")
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("orders", BranchDiff.Status.CHANGED),
                            org.assertj.core.groups.Tuple.tuple("events", BranchDiff.Status.CHANGED),
                            org.assertj.core.groups.Tuple.tuple("added", BranchDiff.Status.NEW));

            AssetDiff orders = asset(diff, "orders");
            assertThat(orders.columns()).containsExactly(new ColumnChange("amount", Optional.of("integer"), Optional.of("double")),
                    new ColumnChange("channel", Optional.empty(), Optional.of("varchar")));
            assertThat(orders.mainRows()).hasValue(4);
            assertThat(orders.branchRows()).hasValue(4);
            BranchDiff.RowChanges rows = orders.rows().orElseThrow();
            assertThat(rows.key()).containsExactly("id");
            assertThat(List.of(rows.added(), rows.removed(), rows.changed())).containsExactly(1L, 1L, 1L);
            assertThat(rows.samples()).containsExactlyInAnyOrder(
                    new RowSample(Change.ADDED, Map.of(), Map.of("id", 5, "status", "new")),
                    new RowSample(Change.REMOVED, Map.of("id", 4, "status", "new"), Map.of()),
                    new RowSample(Change.CHANGED, Map.of("id", 2, "status", "new"), Map.of("id", 2, "status", "paid")));
            assertThat(orders.checks()).singleElement().satisfies(check -> assertThat(check.outcome()).isEqualTo(CheckOutcome.PASS));

            AssetDiff events = asset(diff, "events");
            assertThat(events.columns()).isEmpty();
            assertThat(events.mainRows()).hasValue(3);
            assertThat(events.branchRows()).hasValue(4);
            BranchDiff.RowChanges wholeRows = events.rows().orElseThrow();
            assertThat(wholeRows.key()).as("no key: whole rows").isEmpty();
            assertThat(List.of(wholeRows.added(), wholeRows.removed(), wholeRows.changed())).as("duplicates counted").containsExactly(2L, 1L, 0L);
            assertThat(wholeRows.samples()).containsExactlyInAnyOrder(
                    new RowSample(Change.ADDED, Map.of(), Map.of("n", 3, "s", "c")),
                    new RowSample(Change.ADDED, Map.of(), Map.of("n", 3, "s", "c")),
                    new RowSample(Change.REMOVED, Map.of("n", 1, "s", "a"), Map.of()));

            AssetDiff added = asset(diff, "added");
            assertThat(added.mainRows()).isEmpty();
            assertThat(added.branchRows()).isEqualTo(OptionalLong.of(1));
            assertThat(added.rows()).isEmpty();

            assertThat(workspace.diff(devBranch, Selector.parse(List.of("orders"), List.of()), 1).assets())
                    .singleElement().satisfies(asset -> assertThat(asset.rows().orElseThrow().samples()).hasSize(3));
        }
    }

    @Test
    void timestampsWithTimeZoneAndNestedColumnsAreComparedAndAUniqueTestGivesTheKeyAndAViewShowsItsRows(LakeEndpoints endpoints) {
        String first = "(1, timestamp '2025-01-01 08:00:00 UTC', ARRAY[CAST(ROW(DATE '2025-01-01', 'check') AS ROW(day date, kind varchar))])";
        String second = "(2, timestamp '2025-01-02 08:00:00 UTC', ARRAY[CAST(ROW(DATE '2025-01-02', 'repair') AS ROW(day date, kind varchar))])";
        String secondLater = second.replace("2025-01-02 08:00:00", "2025-01-02 09:30:00");
        String third = "(3, timestamp '2025-01-03 08:00:00 UTC', ARRAY[CAST(ROW(DATE '2025-01-03', 'check') AS ROW(day date, kind varchar))])";
        String readings = "select * from (values " + first + ", " + second + ") as t(id, taken_at, log)";
        TestProject project = project()
                .file("models/readings.sql", "{{ config(materialized='table') }}\n" + readings)
                .file("models/schema.yml", "version: 2\nmodels:\n  - name: readings\n    columns:\n      - name: id\n        tests: [unique]\n")
                .file("models/stamps.sql", "{{ config(materialized='table') }}\nselect taken_at, log from {{ ref('readings') }}")
                .file("models/reading_count.sql", "{{ config(materialized='view') }}\nselect count(*) as n from {{ ref('readings') }}");
        try (Workspace workspace = open(endpoints)) {
            assertThat(workspace.materialize(RunRequest.builder(Selector.all()).build(), RunListener.SILENT).await().outcome())
                    .isEqualTo(RunResult.Outcome.MERGED);
            project.file("models/readings.sql", "{{ config(materialized='table') }}\nselect * from (values " + first + ", " + secondLater + ", " + third
                    + ") as t(id, taken_at, log)");
            assertThat(workspace.materialize(RunRequest.builder(Selector.all()).devBranch(Optional.of(devBranch)).build(), RunListener.SILENT).await()
                    .outcome()).isEqualTo(RunResult.Outcome.BUILT_ON_DEV_BRANCH);

            BranchDiff diff = workspace.diff(devBranch, Selector.all(), 10);

            BranchDiff.RowChanges byUniqueTest = asset(diff, "readings").rows().orElseThrow();
            assertThat(byUniqueTest.key()).as("the column of the unique test").containsExactly("id");
            assertThat(List.of(byUniqueTest.added(), byUniqueTest.removed(), byUniqueTest.changed())).containsExactly(1L, 0L, 1L);
            BranchDiff.RowChanges wholeRows = asset(diff, "stamps").rows().orElseThrow();
            assertThat(wholeRows.key()).isEmpty();
            assertThat(List.of(wholeRows.added(), wholeRows.removed(), wholeRows.changed()))
                    .as("a changed timestamp is one row removed and one added; the new row is added").containsExactly(2L, 1L, 0L);
            AssetDiff view = asset(diff, "reading_count");
            assertThat(view.mainRows()).hasValue(1);
            assertThat(view.branchRows()).hasValue(1);
            assertThat(view.rows()).as("a view's rows are its query's, not compared").isEmpty();
        }
    }

    @Test
    void mainCannotBeDiffedAndUnknownBranchesAreNotFound(LakeEndpoints endpoints) {
        project().file("models/one.sql", "select 1 as n");
        try (Workspace workspace = open(endpoints)) {
            assertThatThrownBy(() -> workspace.diff(Branches.MAIN, Selector.all(), 10))
                    .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.kind()).isEqualTo(StrataException.Kind.PROJECT));
            assertThatThrownBy(() -> workspace.diff("no-such-branch", Selector.all(), 10))
                    .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.kind()).isEqualTo(StrataException.Kind.NOT_FOUND));
        }
    }

    private static AssetDiff asset(BranchDiff diff, String key) {
        return diff.assets().stream().filter(asset -> asset.key().equals(AssetKey.of(key))).findFirst().orElseThrow();
    }
}
