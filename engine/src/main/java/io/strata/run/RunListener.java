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

    /** The merge of {@code branch} conflicted on {@code tables}; the run starts again from the new main. */
    default void retrying(String branch, java.util.List<String> tables) {
    }
}
