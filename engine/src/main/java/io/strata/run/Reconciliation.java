package io.strata.run;

import io.strata.branch.Branches;
import io.strata.branch.Commit;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Brings the run history in line with main after a process ended (or Nessie gave no answer) around a merge: a run
 * whose merge commit is on main is recorded MERGED with that commit, one whose merge is not there is ABANDONED as
 * any run whose process died.
 * <p>
 * Cheap on purpose, since every command calls it: Nessie is asked only when a run had started its merge and not
 * recorded the outcome, and then once, for main's newest {@link #DEPTH} commits. When Nessie cannot be reached the
 * statuses are left as they are and the next command looks again: a command never fails for it.
 */
public final class Reconciliation {
    /** How far back main's log is read for a run's merge commit. */
    public static final int DEPTH = 200;

    private Reconciliation() {
    }

    /**
     * Settles the runs whose process ended: those that never started their merge at once, those that did against
     * main's log.
     *
     * @param branches the catalog's branches, asked for only when a run's merge is in doubt (finding them may start or
     *                 reach servers)
     * @return the runs this call recorded as merged, for what follows a merge (main's columns, the partitions' summary)
     */
    public static List<String> reconcile(RunStore store, Supplier<Branches> branches) {
        store.abandonDead();
        List<String> unsettled = store.unsettledMerges();
        if (unsettled.isEmpty()) {
            return List.of();
        }
        Map<String, Commit> merges;
        try {
            merges = branches.get().runMerges(DEPTH);
        }
        catch (RuntimeException unreachable) {
            // Nessie is down or moved: the runs stay as recorded until a command can read main.
            return List.of();
        }
        List<String> merged = new java.util.ArrayList<>();
        for (String id : unsettled) {
            Commit merge = merges.get(id);
            if (merge != null) {
                if (store.mergedLate(id, merge.hash())) {
                    merged.add(id);
                }
            }
            else {
                store.notMerged(id);
            }
        }
        return merged;
    }
}
