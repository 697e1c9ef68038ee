package io.strata.service;

import io.strata.branch.Branches;
import io.strata.check.CheckOutcome;
import io.strata.compile.CompileOptions;
import io.strata.compile.TestProject;
import io.strata.graph.Asset;
import io.strata.lake.LakeEndpoints;
import io.strata.project.StrataException;
import io.strata.run.AssetRun;
import io.strata.run.Plan;
import io.strata.run.RunHandle;
import io.strata.run.RunListener;
import io.strata.run.RunRequest;
import io.strata.run.RunResult;
import io.strata.run.RunStatus;
import io.strata.select.Selector;
import io.strata.stack.testing.LocalStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The workspace on the real local stack: what the CLI, the server and the scheduler call. */
@ExtendWith(LocalStackExtension.class)
class WorkspaceIT {
    @TempDir
    Path root;

    /** Each test writes its own schema: the stack's main is shared by the tests of this JVM. */
    private final String schema = "ws_" + UUID.randomUUID().toString().substring(0, 8);

    private TestProject project() {
        return TestProject.empty(root).file("strata.yml", "name: workspace\nprofile: local\nprofiles:\n  local:\n    type: trino\n    schema: " + schema + "\n");
    }

    private Workspace open(LakeEndpoints endpoints) {
        return Workspace.open(root, CompileOptions.defaults(), (profile, projectRoot) -> endpoints);
    }

    private static RunRequest everything(int threads) {
        return RunRequest.builder(Selector.all()).threads(threads).build();
    }

    @Test
    void aQueryReadsTheProfilesSchemaByBareNamesAndRefusesWrites(LakeEndpoints endpoints) {
        project().file("models/customers.sql", "{{ config(materialized='table') }}\nselect * from (values (1, 'ada'), (2, 'grace')) as t(id, name)");
        try (Workspace workspace = open(endpoints)) {
            assertThat(workspace.materialize(everything(1), RunListener.SILENT).await().outcome()).isEqualTo(RunResult.Outcome.MERGED);

            QueryResult count = workspace.query("select count(*) as customers from customers", Branches.MAIN, 10);

            assertThat(count.columns()).containsExactly("customers");
            assertThat(count.rows()).containsExactly(List.of(2L));
            assertThatThrownBy(() -> workspace.query("delete from customers", Branches.MAIN, 10))
                    .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.kind()).isEqualTo(StrataException.Kind.PROJECT))
                    .hasMessageContaining("'DELETE' would change data");
        }
    }

    @Test
    void aCancelledRunStartsNoMoreAssetsIsRecordedCancelledKeepsItsBranchAndLeavesMainAlone(LakeEndpoints endpoints, Branches branches) throws Exception {
        project().file("models/first.sql", "{{ config(materialized='table') }}\nselect 1 as n")
                .file("models/second.sql", "{{ config(materialized='table') }}\nselect n + 1 as n from {{ ref('first') }}")
                .file("models/third.sql", "{{ config(materialized='table') }}\nselect n + 1 as n from {{ ref('second') }}");
        CountDownLatch firstStarting = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        AtomicBoolean firstStarted = new AtomicBoolean();
        RunListener holdTheFirstAsset = new RunListener() {
            @Override
            public void started(Asset asset) {
                // The first asset waits until the test has cancelled: it was started before, the others after.
                if (firstStarted.compareAndSet(false, true)) {
                    firstStarting.countDown();
                    try {
                        cancelled.await(60, TimeUnit.SECONDS);
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        try (Workspace workspace = open(endpoints)) {
            String mainBefore = branches.main().hash();
            RunHandle handle = workspace.materialize(everything(1), holdTheFirstAsset);
            assertThat(handle.id()).as("known before the run starts").isNotBlank();
            assertThat(firstStarting.await(120, TimeUnit.SECONDS)).as("the first asset is starting").isTrue();
            handle.cancel();
            cancelled.countDown();

            RunResult result = handle.await();

            assertThat(result.outcome()).isEqualTo(RunResult.Outcome.CANCELLED);
            assertThat(result.id()).isEqualTo(handle.id());
            assertThat(result.assets()).extracting(AssetRun::status)
                    .containsExactly(AssetRun.Status.SUCCESS, AssetRun.Status.SKIPPED, AssetRun.Status.SKIPPED);
            assertThat(result.assets().get(1).error()).hasValueSatisfying(reason -> assertThat(reason).contains("cancelled"));
            assertThat(branches.find(result.branch())).as("the branch is kept").isPresent();
            assertThat(branches.main().hash()).as("main untouched").isEqualTo(mainBefore);
            assertThat(workspace.runs(1)).singleElement().satisfies(run -> {
                assertThat(run.id()).isEqualTo(handle.id());
                assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
            });
            workspace.drop(result.branch());
            assertThat(branches.find(result.branch())).isEmpty();
        }
    }

    @Test
    void thePlanSaysWhatARunWouldBuildAndWhy(LakeEndpoints endpoints) {
        TestProject project = project().file("models/orders.sql", "{{ config(materialized='table') }}\nselect 1 as id")
                .file("models/order_count.sql", "{{ config(materialized='view') }}\nselect count(*) as n from {{ ref('orders') }}");
        try (Workspace workspace = open(endpoints)) {
            assertThat(reasons(workspace.plan(Selector.all(), false))).containsExactly(Map.entry("orders", Plan.Reason.NEW),
                    Map.entry("order_count", Plan.Reason.NEW));
            assertThat(workspace.materialize(everything(2), RunListener.SILENT).await().outcome()).isEqualTo(RunResult.Outcome.MERGED);

            assertThat(reasons(workspace.plan(Selector.all(), false))).containsExactly(Map.entry("orders", Plan.Reason.UP_TO_DATE),
                    Map.entry("order_count", Plan.Reason.UP_TO_DATE));
            assertThat(reasons(workspace.plan(Selector.all(), true))).containsExactly(Map.entry("orders", Plan.Reason.REBUILD),
                    Map.entry("order_count", Plan.Reason.REBUILD));

            project.file("models/orders.sql", "{{ config(materialized='table') }}\nselect 2 as id");
            assertThat(reasons(workspace.plan(Selector.all(), false))).containsExactly(Map.entry("orders", Plan.Reason.CHANGED),
                    Map.entry("order_count", Plan.Reason.UPSTREAM));
        }
    }

    @Test
    void aBranchIsMergedOnPurposeOnlyOnceItsChecksPassAndItsViewsThenReadMain(LakeEndpoints endpoints, Branches branches) {
        String dev = "dev-" + schema.replace('_', '-');
        TestProject project = project()
                .file("models/orders.sql", "{{ config(materialized='table') }}\nselect 1 as id, 'lost' as status")
                .file("models/order_count.sql", "{{ config(materialized='view') }}\nselect count(*) as n from {{ ref('orders') }}")
                .file("models/schema.yml", "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: status\n"
                        + "        tests:\n          - accepted_values: {values: [new, paid]}\n");
        try (Workspace workspace = open(endpoints)) {
            RunRequest onDev = RunRequest.builder(Selector.all()).devBranch(Optional.of(dev)).build();
            assertThat(workspace.materialize(onDev, RunListener.SILENT).await().outcome()).isEqualTo(RunResult.Outcome.KEPT);
            String mainBefore = branches.main().hash();

            MergeResult refused = workspace.merge(dev);

            assertThat(refused.merged()).isFalse();
            assertThat(refused.checks()).anySatisfy(check -> assertThat(check.outcome()).isEqualTo(CheckOutcome.FAIL));
            assertThat(branches.main().hash()).as("main untouched").isEqualTo(mainBefore);

            project.file("models/orders.sql", "{{ config(materialized='table') }}\nselect 1 as id, 'paid' as status");
            assertThat(workspace.materialize(onDev, RunListener.SILENT).await().outcome()).isEqualTo(RunResult.Outcome.BUILT_ON_DEV_BRANCH);

            MergeResult merged = workspace.merge(dev);

            assertThat(merged.merged()).isTrue();
            assertThat(merged.mergedCommit()).contains(branches.main().hash());
            assertThat(branches.find(dev)).as("a branch merged on purpose is kept").isPresent();
            // The branch's catalog is gone now: the view reads main only if it was pointed at main's catalog before the merge.
            assertThat(workspace.query("select n from order_count", Branches.MAIN, 10).rows()).containsExactly(List.of(1L));
            workspace.drop(dev);
        }
    }

    @Test
    void branchesThatDoNotExistAreNotFoundAndMainCannotBeDroppedOrMerged(LakeEndpoints endpoints) {
        project().file("models/one.sql", "select 1 as n");
        try (Workspace workspace = open(endpoints)) {
            assertThatThrownBy(() -> workspace.test(Selector.all(), "no-such-branch"))
                    .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.kind()).isEqualTo(StrataException.Kind.NOT_FOUND));
            assertThatThrownBy(() -> workspace.drop(Branches.MAIN))
                    .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.kind()).isEqualTo(StrataException.Kind.PROJECT));
            assertThatThrownBy(() -> workspace.merge(Branches.MAIN)).hasMessageContaining("main cannot be merged into itself");
        }
    }

    private static List<Map.Entry<String, Plan.Reason>> reasons(Plan plan) {
        return plan.steps().stream().map(step -> Map.entry(step.key().toString(), step.reason())).toList();
    }
}
