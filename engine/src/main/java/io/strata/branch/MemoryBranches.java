package io.strata.branch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Branches kept in memory, with no data behind them: for measuring and testing the orchestration alone.
 * A merge makes a new main commit; nothing conflicts.
 */
public final class MemoryBranches implements Branches {
    private final Map<String, BranchRef> branches = new ConcurrentHashMap<>(Map.of(MAIN, new BranchRef(MAIN, "0")));
    private int commits;

    @Override
    public BranchRef main() {
        return branches.get(MAIN);
    }

    @Override
    public Optional<BranchRef> find(String name) {
        return Optional.ofNullable(branches.get(name));
    }

    @Override
    public List<BranchRef> list() {
        return List.copyOf(branches.values());
    }

    @Override
    public BranchRef create(String name) {
        BranchRef branch = new BranchRef(name, main().hash());
        branches.put(name, branch);
        return branch;
    }

    @Override
    public synchronized BranchRef merge(String name) {
        BranchRef merged = new BranchRef(MAIN, Integer.toString(++commits));
        branches.put(MAIN, merged);
        return merged;
    }

    @Override
    public void delete(String name) {
        branches.remove(name);
    }

    @Override
    public List<Commit> log(String name, int limit) {
        return List.of(new Commit(find(name).orElseThrow().hash(), "", "", Instant.now()));
    }

    @Override
    public void close() {
    }
}
