package io.strata.run;

import io.strata.branch.BranchRef;
import io.strata.branch.Branches;
import io.strata.branch.Commit;
import io.strata.branch.MemoryBranches;
import io.strata.branch.MergeConflictException;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.InstantEngine;
import io.strata.lake.LakeException;
import io.strata.select.Selector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run's merge tells the truth in the run history when a process or Nessie fails around it: a run whose merge
 * commit is on main is recorded as merged, never as abandoned or failed.
 */
class MergeRecordingTest {
    @TempDir
    Path root;

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        return gone.pid();
    }

    /** Branches whose merge fails with a transport error, before or after the merge landed, and whose main may be unreadable. */
    private static final class FailingNessie implements Branches {
        final MemoryBranches memory = new MemoryBranches();
        boolean mergeLandsBeforeFailing;
        boolean mainUnreadable;
        boolean conflicts;
        boolean mergeAnswers;
        boolean deleteFails;

        @Override
        public BranchRef main() {
            return memory.main();
        }

        @Override
        public Optional<BranchRef> find(String name) {
            return memory.find(name);
        }

        @Override
        public List<BranchRef> list() {
            return memory.list();
        }

        @Override
        public BranchRef create(String name) {
            return memory.create(name);
        }

        @Override
        public BranchRef merge(String name, Optional<String> runId) {
            if (conflicts) {
                throw new MergeConflictException(name, List.of("silver.orders"), "conflict");
            }
            if (mergeAnswers) {
                return memory.merge(name, runId);
            }
            if (mergeLandsBeforeFailing) {
                memory.merge(name, runId);
            }
            throw new LakeException("connection reset");
        }

        @Override
        public Map<String, Commit> runMerges(int depth) {
            if (mainUnreadable) {
                throw new LakeException("connection refused");
            }
            return memory.runMerges(depth);
        }

        @Override
        public void delete(String name) {
            if (deleteFails) {
                throw new LakeException("connection refused");
            }
            memory.delete(name);
        }

        @Override
        public List<Commit> log(String name, int limit) {
            return memory.log(name, limit);
        }

        @Override
        public void close() {
        }
    }

    /** Branches that count how often they are asked for: reconciliation must not ask when no merge is in doubt. */
    private record Counted(Branches branches, AtomicInteger asked) implements Supplier<Branches> {
        Counted(Branches branches) {
            this(branches, new AtomicInteger());
        }

        @Override
        public Branches get() {
            asked.incrementAndGet();
            return branches;
        }
    }

    private RunStore store() {
        return RunStore.open(root.resolve(".strata"));
    }

    private static RunStore.RunSummary run(RunStore store, String id) {
        return store.find(id).orElseThrow();
    }

    private Runner runner(Compiler compiler, Branches branches, RunStore store) {
        return new Runner(compiler, new InstantEngine(), branches, Optional.of(store));
    }

    private Compiler compiler() {
        return TestProject.in(root).file("models/orders.sql", "select 1 as id").compiler();
    }

    private static RunRequest all() {
        return RunRequest.builder(Selector.all()).threads(1).build();
    }

    @Test
    void aRunThatMergedButWhoseProcessDiedBeforeRecordingItIsRecordedMergedWithItsCommit() throws Exception {
        MemoryBranches branches = new MemoryBranches();
        try (RunStore store = store()) {
            store.started("r1", "run-r1", "orders", Instant.now(), deadPid());
            branches.create("run-r1");
            store.merging("r1");
            BranchRef main = branches.merge("run-r1", Optional.of("r1"));
            // Another run merged after it: the run's own commit is recorded, not main's newest.
            branches.create("run-r2");
            branches.merge("run-r2", Optional.of("r2"));

            Reconciliation.reconcile(store, () -> branches);

            RunStore.RunSummary recorded = run(store, "r1");
            assertThat(recorded.status()).isEqualTo(RunStatus.MERGED);
            assertThat(recorded.mergedCommit()).contains(main.hash());
            assertThat(recorded.reason().orElseThrow())
                    .isEqualTo("merged into main at " + main.hash() + "; the process ended before it recorded the merge");
            assertThat(recorded.duration()).as("it has ended").isPresent();
        }
    }

    @Test
    void aDeadRunThatNeverStartedItsMergeIsAbandonedWithoutAskingNessie() throws Exception {
        Counted nessie = new Counted(new MemoryBranches());
        try (RunStore store = store()) {
            store.started("r1", "run-r1", "orders", Instant.now(), deadPid());

            Reconciliation.reconcile(store, nessie);

            assertThat(run(store, "r1").status()).isEqualTo(RunStatus.ABANDONED);
            assertThat(run(store, "r1").reason().orElseThrow()).contains("main was not changed");
            assertThat(nessie.asked()).hasValue(0);
        }
    }

    @Test
    void aDeadRunWhoseMergeIsNotOnMainIsAbandoned() throws Exception {
        MemoryBranches branches = new MemoryBranches();
        try (RunStore store = store()) {
            store.started("r1", "run-r1", "orders", Instant.now(), deadPid());
            store.merging("r1");
            branches.create("run-r2");
            branches.merge("run-r2", Optional.of("r2"));

            Reconciliation.reconcile(store, () -> branches);

            assertThat(run(store, "r1").status()).isEqualTo(RunStatus.ABANDONED);
            assertThat(run(store, "r1").mergedCommit()).isEmpty();
            assertThat(run(store, "r1").reason().orElseThrow()).contains("the merge is not on main");
        }
    }

    @Test
    void aRunStillGoingIsLeftAloneThoughItIsMerging() {
        Counted nessie = new Counted(new MemoryBranches());
        try (RunStore store = store()) {
            // This process is alive: its run may be recording the merge right now.
            store.started("r1", "run-r1", "orders", Instant.now());
            store.merging("r1");

            Reconciliation.reconcile(store, nessie);

            assertThat(run(store, "r1").status()).isEqualTo(RunStatus.RUNNING);
            assertThat(nessie.asked()).hasValue(0);
        }
    }

    @Test
    void anUnreachableNessieLeavesTheRunsAsRecordedUntilTheNextCommandCanReadMain() throws Exception {
        FailingNessie nessie = new FailingNessie();
        try (RunStore store = store()) {
            store.started("dead", "run-dead", "orders", Instant.now(), deadPid());
            store.merging("dead");
            nessie.memory.create("run-dead");
            nessie.memory.merge("run-dead", Optional.of("dead"));
            store.started("doubt", "run-doubt", "orders", Instant.now());
            store.merging("doubt");
            store.failed("doubt", "the merge got no answer");

            Reconciliation.reconcile(store, () -> {
                throw new LakeException("Nessie cannot be reached at http://127.0.0.1:1/api/v2");
            });
            nessie.mainUnreadable = true;
            Reconciliation.reconcile(store, () -> nessie);

            assertThat(run(store, "dead").status()).isEqualTo(RunStatus.RUNNING);
            assertThat(run(store, "doubt").status()).isEqualTo(RunStatus.FAILED);
            assertThat(run(store, "doubt").reason()).contains("the merge got no answer");

            nessie.mainUnreadable = false;
            Reconciliation.reconcile(store, () -> nessie);

            assertThat(run(store, "dead").status()).isEqualTo(RunStatus.MERGED);
            assertThat(run(store, "doubt").status()).as("its merge is not on main").isEqualTo(RunStatus.FAILED);
            assertThat(run(store, "doubt").reason()).contains("the merge got no answer");
        }
    }

    @Test
    void aMergeThatLandedBeforeNessiesAnswerWasLostIsRecordedMerged() {
        FailingNessie nessie = new FailingNessie();
        nessie.mergeLandsBeforeFailing = true;
        try (RunStore store = store(); Compiler compiler = compiler()) {
            RunResult result = runner(compiler, nessie, store).run(all(), RunListener.SILENT);

            assertThat(result.outcome()).isEqualTo(RunResult.Outcome.MERGED);
            String commit = nessie.memory.findMerge(result.id(), 10).orElseThrow().hash();
            assertThat(result.mergedCommit()).contains(commit);
            assertThat(run(store, result.id()).status()).isEqualTo(RunStatus.MERGED);
            assertThat(run(store, result.id()).mergedCommit()).contains(commit);
            assertThat(run(store, result.id()).reason().orElseThrow()).contains("connection reset");

            // Recorded for good: a later look at main has nothing to settle.
            Counted asked = new Counted(nessie);
            Reconciliation.reconcile(store, asked);
            assertThat(asked.asked()).hasValue(0);
        }
    }

    @Test
    void aMergeThatFailedBeforeLandingFailsTheRunNamingNessieAndKeepsTheBranch() {
        FailingNessie nessie = new FailingNessie();
        try (RunStore store = store(); Compiler compiler = compiler()) {
            assertThatThrownBy(() -> runner(compiler, nessie, store).run(all(), RunListener.SILENT))
                    .hasMessageContaining("connection reset").hasMessageContaining("Nessie's main does not have the merge");

            RunStore.RunSummary recorded = store.list(1).getFirst();
            assertThat(recorded.status()).isEqualTo(RunStatus.FAILED);
            assertThat(recorded.reason().orElseThrow()).contains("Nessie's main does not have the merge").contains("is kept");
            assertThat(nessie.find(recorded.branch())).isPresent();
            assertThat(nessie.main().hash()).as("main is unchanged").isEqualTo("0");
        }
    }

    /** Ends the run where a {@code kill -9} of its process would: nothing after the point runs, no catch sees it. */
    private static final class ProcessEnded extends Error {
        ProcessEnded() {
            super("the process ended", null, false, false);
        }
    }

    @Test
    void aRunWhoseProcessEndsRightAfterItsMergeIsRecordedMergedWithWhatItBuilt() throws Exception {
        MemoryBranches branches = new MemoryBranches();
        FaultPoints.install((point, branch) -> {
            if (point == FaultPoints.Point.MERGED) {
                throw new ProcessEnded();
            }
        });
        try (RunStore store = store(); Compiler compiler = compiler()) {
            assertThatThrownBy(() -> runner(compiler, branches, store).run(all(), RunListener.SILENT)).isInstanceOf(ProcessEnded.class);
            String id = store.list(1).getFirst().id();
            assertThat(run(store, id).status()).isEqualTo(RunStatus.RUNNING);
            try (var connection = store.dataSource().getConnection(); var statement = connection.prepareStatement("UPDATE runs SET pid = ? WHERE id = ?")) {
                statement.setLong(1, deadPid());
                statement.setString(2, id);
                statement.executeUpdate();
            }

            Reconciliation.reconcile(store, () -> branches);

            RunStore.RunSummary recorded = run(store, id);
            assertThat(recorded.status()).isEqualTo(RunStatus.MERGED);
            assertThat(recorded.mergedCommit()).contains(branches.main().hash());
            assertThat(recorded.built()).as("what the run built, recorded before its merge").isEqualTo(1);
        }
        finally {
            FaultPoints.clear();
        }
    }

    @Test
    void aBranchNotDeletedAfterTheMergeLeavesTheRunMergedSayingSo() {
        FailingNessie nessie = new FailingNessie();
        nessie.mergeAnswers = true;
        nessie.deleteFails = true;
        try (RunStore store = store(); Compiler compiler = compiler()) {
            RunResult result = runner(compiler, nessie, store).run(all(), RunListener.SILENT);

            assertThat(result.outcome()).isEqualTo(RunResult.Outcome.MERGED);
            assertThat(result.mergedCommit()).contains(nessie.main().hash());
            assertThat(result.reason().orElseThrow()).contains("was not deleted").contains("strata branches drop " + result.branch());
            assertThat(run(store, result.id()).status()).isEqualTo(RunStatus.MERGED);
        }
    }

    @Test
    void aMergeConflictKeepsTheBranchWithoutAMergeInDoubt() {
        FailingNessie nessie = new FailingNessie();
        nessie.conflicts = true;
        nessie.mainUnreadable = true;
        try (RunStore store = store(); Compiler compiler = compiler()) {
            RunResult result = runner(compiler, nessie, store).run(all(), RunListener.SILENT);

            assertThat(result.outcome()).isEqualTo(RunResult.Outcome.KEPT);
            assertThat(run(store, result.id()).status()).isEqualTo(RunStatus.KEPT);
            assertThat(run(store, result.id()).reason().orElseThrow()).contains("main changed silver.orders");
            assertThat(store.unsettledMerges()).isEmpty();
        }
    }

    @Test
    void aMergeInDoubtWhileMainIsUnreadableIsRecordedMergedByTheNextCommandThatFindsIt() {
        FailingNessie nessie = new FailingNessie();
        nessie.mergeLandsBeforeFailing = true;
        nessie.mainUnreadable = true;
        try (RunStore store = store(); Compiler compiler = compiler()) {
            assertThatThrownBy(() -> runner(compiler, nessie, store).run(all(), RunListener.SILENT))
                    .hasMessageContaining("whether the merge landed on main could not be read now");
            RunStore.RunSummary failed = store.list(1).getFirst();
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);

            nessie.mainUnreadable = false;
            Reconciliation.reconcile(store, () -> nessie);

            RunStore.RunSummary recorded = run(store, failed.id());
            assertThat(recorded.status()).isEqualTo(RunStatus.MERGED);
            assertThat(recorded.mergedCommit()).contains(nessie.memory.findMerge(failed.id(), 10).orElseThrow().hash());
            assertThat(recorded.reason().orElseThrow()).contains("found on main afterwards");
        }
    }

    @Test
    void aRunsMergeCommitIsFoundOnMainOnlyWithinTheDepthRead() {
        MemoryBranches branches = new MemoryBranches();
        branches.create("run-old");
        BranchRef old = branches.merge("run-old", Optional.of("old"));
        for (int i = 0; i < 3; i++) {
            branches.create("dev-" + i);
            branches.merge("dev-" + i);
        }

        assertThat(branches.findMerge("old", 4)).map(Commit::hash).contains(old.hash());
        assertThat(branches.findMerge("old", 3)).isEmpty();
        assertThat(branches.findMerge("other", 10)).isEmpty();
    }
}
