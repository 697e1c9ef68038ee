package io.strata.run;

import io.strata.graph.Asset;

/** Hears a run's progress, for live output. Called from the run's threads. */
public interface RunListener {
    RunListener SILENT = new RunListener() {
    };

    default void branchReady(String branch) {
    }

    default void started(Asset asset) {
    }

    default void finished(AssetRun run) {
    }

    /** A line a Java asset's code logged while it built, or what happened to it after the run (its export). */
    default void logged(Asset asset, String message) {
    }

    /** Something went wrong about an asset that does not fail the run, such as an export after the merge. */
    default void warned(Asset asset, String message) {
    }

    /** Building {@code asset} failed with a transient engine error; attempt {@code attempt + 1} starts after {@code wait}. */
    default void retryingAsset(Asset asset, int attempt, String error, java.time.Duration wait) {
    }

    /** The run ended: merged, built on a dev branch, or kept. */
    default void ended(RunResult result) {
    }

    /** The merge of {@code branch} conflicted on {@code tables}; the run starts again from the new main. */
    default void retrying(String branch, java.util.List<String> tables) {
    }
}
