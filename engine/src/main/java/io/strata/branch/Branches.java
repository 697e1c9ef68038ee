package io.strata.branch;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog's branches: every run writes on its own branch, made from main's current commit and
 * merged into main in one commit. Implemented for Project Nessie.
 */
public interface Branches extends AutoCloseable {
    String MAIN = "main";
    /** The commit property that names the run a merge commit is of, so the merge can be found on main later. */
    String RUN_PROPERTY = "strata.run";

    BranchRef main();

    Optional<BranchRef> find(String name);

    List<BranchRef> list();

    /** A new branch at main's current commit; an existing name is an error. */
    BranchRef create(String name);

    /** Merges a branch that is no run's (merged on purpose) into main; see {@link #merge(String, Optional)}. */
    default BranchRef merge(String name) {
        return merge(name, Optional.empty());
    }

    /**
     * Merges the branch into main in one commit and returns main afterwards; the commit carries the run's id
     * ({@link #RUN_PROPERTY}) when it is a run's merge.
     *
     * @throws MergeConflictException naming the tables main changed meanwhile; main is unchanged
     * @throws RuntimeException of any other kind when the merge got no answer: it may have landed or not, as
     *         {@link #findMerge} tells
     */
    BranchRef merge(String name, Optional<String> runId);

    /** The merge commits of runs among main's newest {@code depth} commits, by run id: one read of main's log. */
    Map<String, Commit> runMerges(int depth);

    /** The merge commit of the run among main's newest {@code depth} commits, if it is there. */
    default Optional<Commit> findMerge(String runId, int depth) {
        return Optional.ofNullable(runMerges(depth).get(runId));
    }

    void delete(String name);

    /** The newest {@code limit} commits of a branch, newest first. */
    List<Commit> log(String name, int limit);

    @Override
    void close();
}
