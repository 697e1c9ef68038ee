package io.strata.service;

import io.strata.graph.Asset;
import io.strata.run.AssetRun;
import io.strata.run.RunListener;
import io.strata.run.RunResult;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hears a run for another listener and, when the run ends, hands its result to {@code ended} first: in the run's
 * thread, before anyone waiting for the run learns it ended, so what a merged run records is there when the
 * command that started it exits.
 */
final class MergedRunRecorder implements RunListener {
    private final RunListener next;
    private final Consumer<RunResult> ended;

    MergedRunRecorder(RunListener next, Consumer<RunResult> ended) {
        this.next = next;
        this.ended = ended;
    }

    @Override
    public void branchReady(String branch) {
        next.branchReady(branch);
    }

    @Override
    public void started(Asset asset) {
        next.started(asset);
    }

    @Override
    public void finished(AssetRun run) {
        next.finished(run);
    }

    @Override
    public void logged(Asset asset, String message) {
        next.logged(asset, message);
    }

    @Override
    public void retryingAsset(Asset asset, int attempt, String error, Duration wait) {
        next.retryingAsset(asset, attempt, error, wait);
    }

    @Override
    public void ended(RunResult result) {
        ended.accept(result);
        next.ended(result);
    }

    @Override
    public void retrying(String branch, List<String> tables) {
        next.retrying(branch, tables);
    }
}
