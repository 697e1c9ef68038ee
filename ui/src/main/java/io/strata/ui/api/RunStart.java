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
 * @param partition build this partition of the selected partitioned models ({@code --partition})
 * @param from a backfill's first partition ({@code --from}), inclusive
 * @param to a backfill's last partition ({@code --to}), inclusive
 * @param missing only partitions never built
 * @param stale only partitions built before their SQL or an input partition changed
 * @param resume the id of a run that did not reach main, to build again on its kept branch ({@code --resume}): what it built and
 *               checked that is still up to date is kept, the rest built, and the branch merged once everything passes
 */
@Schema(description = "What to run: a selection and the options of strata materialize.")
public record RunStart(@Schema(example = "+revenue", nullable = true) String select, @Schema(nullable = true) String exclude,
                       @Schema(defaultValue = "false") Boolean fullRefresh, @Schema(defaultValue = "false") Boolean rebuild,
                       @Schema(nullable = true) String devBranch, @Schema(nullable = true, example = "2025-03-01") String partition,
                       @Schema(nullable = true) String from, @Schema(nullable = true) String to,
                       @Schema(defaultValue = "false") Boolean missing, @Schema(defaultValue = "false") Boolean stale,
                       @Schema(nullable = true, example = "20250301-101500-ab12") String resume) {
    /** Everything, with every option at its default: what an empty body asks for. */
    static final RunStart EVERYTHING = new RunStart(null, null, false, false, null, null, null, null, false, false, null);

    /** A flag left out is false. */
    public RunStart {
        fullRefresh = Boolean.TRUE.equals(fullRefresh);
        rebuild = Boolean.TRUE.equals(rebuild);
        missing = Boolean.TRUE.equals(missing);
        stale = Boolean.TRUE.equals(stale);
    }

    /** The partitions the run asks for; a partition with a range is refused as the command line refuses it. */
    io.strata.partition.PartitionSelection partitions() {
        return new io.strata.partition.PartitionSelection(java.util.Optional.ofNullable(partition).filter(text -> !text.isBlank()),
                java.util.Optional.ofNullable(from).filter(text -> !text.isBlank()), java.util.Optional.ofNullable(to).filter(text -> !text.isBlank()),
                missing, stale);
    }
}
