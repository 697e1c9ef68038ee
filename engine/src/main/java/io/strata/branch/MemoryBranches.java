package io.strata.branch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Branches kept in memory, with no data behind them: for measuring and testing the orchestration alone.
 * A merge makes a new main commit, kept in main's log with the run it merged; nothing conflicts.
 */
public final class MemoryBranches implements Branches {
    private final Map<String, BranchRef> branches = new ConcurrentHashMap<>(Map.of(MAIN, new BranchRef(MAIN, "0")));
    /** Main's commits after the first, oldest first, each with the run it merged (or none). */
    private final List<MainCommit> mainLog = new ArrayList<>();

    private record MainCommit(Commit commit, Optional<String> runId) {
    }

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
    public synchronized BranchRef merge(String name, Optional<String> runId) {
        BranchRef merged = new BranchRef(MAIN, Integer.toString(mainLog.size() + 1));
        mainLog.add(new MainCommit(new Commit(merged.hash(), "strata: merge " + name, "strata", Instant.now()), runId));
        branches.put(MAIN, merged);
        return merged;
    }

    @Override
    public synchronized Map<String, Commit> runMerges(int depth) {
        Map<String, Commit> merges = new LinkedHashMap<>();
        for (MainCommit entry : mainLog.reversed().subList(0, Math.min(depth, mainLog.size()))) {
            entry.runId().ifPresent(run -> merges.putIfAbsent(run, entry.commit()));
        }
        return merges;
    }

    @Override
    public void delete(String name) {
        branches.remove(name);
    }

    @Override
    public synchronized List<Commit> log(String name, int limit) {
        if (name.equals(MAIN) && !mainLog.isEmpty()) {
            return mainLog.reversed().stream().limit(limit).map(MainCommit::commit).toList();
        }
        return List.of(new Commit(find(name).orElseThrow().hash(), "", "", Instant.now()));
    }

    @Override
    public void close() {
    }
}
