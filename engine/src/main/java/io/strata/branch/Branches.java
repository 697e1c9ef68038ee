package io.strata.branch;

import java.util.List;
import java.util.Optional;

/**
 * The catalog's branches: every run writes on its own branch, made from main's current commit and
 * merged into main in one commit. Implemented for Project Nessie.
 */
public interface Branches extends AutoCloseable {
    String MAIN = "main";

    BranchRef main();

    Optional<BranchRef> find(String name);

    List<BranchRef> list();

    /** A new branch at main's current commit; an existing name is an error. */
    BranchRef create(String name);

    /**
     * Merges the branch into main in one commit and returns main afterwards.
     *
     * @throws MergeConflictException naming the tables main changed meanwhile
     */
    BranchRef merge(String name);

    void delete(String name);

    /** The newest {@code limit} commits of a branch, newest first. */
    List<Commit> log(String name, int limit);

    @Override
    void close();
}
