package io.strata.ui.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What to run, as {@code strata materialize} takes it.
 *
 * @param select the assets to build, in the selector syntax of {@code -s} (space = union, comma = intersection); null or blank for all
 * @param exclude the assets to leave out, in the same syntax
 * @param fullRefresh rebuild incremental models from scratch
 * @param rebuild build the selected assets even when they are up to date
 * @param devBranch build on this named branch, kept and never merged automatically; null for a run branch merged when every check passes
 */
@Schema(description = "What to run: a selection and the options of strata materialize.")
public record RunStart(@Schema(example = "+revenue", nullable = true) String select, @Schema(nullable = true) String exclude,
                       @Schema(defaultValue = "false") Boolean fullRefresh, @Schema(defaultValue = "false") Boolean rebuild,
                       @Schema(nullable = true) String devBranch) {
    /** Everything, with every option at its default: what an empty body asks for. */
    static final RunStart EVERYTHING = new RunStart(null, null, false, false, null);

    /** A flag left out is false. */
    public RunStart {
        fullRefresh = Boolean.TRUE.equals(fullRefresh);
        rebuild = Boolean.TRUE.equals(rebuild);
    }
}
