package io.strata.run;

/** Where a recorded run stands; the run store's {@code runs.status} holds the constant's name. */
public enum RunStatus {
    /** Started and not yet finished (or its process died and nobody has noticed yet). */
    RUNNING,
    /** Every asset built, every error check passed, and the branch is merged into main. */
    MERGED,
    /** Built on a named dev branch, which is kept and not merged. */
    BUILT_ON_DEV_BRANCH,
    /** Something failed: nothing reached main; the branch is kept for inspection. */
    KEPT,
    /** Stopped by an error of its own (the engine failed it, or Nessie gave no answer to its merge and main lacks it). */
    FAILED,
    /** Its process ended before the run finished; main was not changed. */
    ABANDONED,
    /** Stopped by the user before it finished. */
    CANCELLED;

    /** The status a finished run is recorded with. */
    public static RunStatus of(RunResult.Outcome outcome) {
        return switch (outcome) {
            case MERGED -> MERGED;
            case BUILT_ON_DEV_BRANCH -> BUILT_ON_DEV_BRANCH;
            case KEPT -> KEPT;
            case CANCELLED -> CANCELLED;
        };
    }
}
