package io.strata.run;

import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.check.CheckScope;
import io.strata.partition.Partition;
import io.strata.partition.PartitionsDefinition;
import io.strata.project.CheckDefinition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Runs a partitioned model's per-partition tests ({@link CheckScope#PARTITION}) on the rows of the partitions a build
 * wrote: each test once over all of them; when it fails, again over each half of what failed until the partitions whose
 * rows fail are found, so a year of days with one bad day costs some twenty queries, not 365. A failing result is named
 * with those partitions ({@code not_null_daily_sales_region[2025-03-03]}); a passing one keeps the test's name. A test
 * that fails over the rows built but in no partition alone (an {@code error_if} crossed only by the total) fails every
 * partition built.
 */
final class PartitionChecks {
    /** One test over the rows a SQL condition holds for, empty when Strata has no SQL for it: {@code AssetChecks.run}. */
    interface Tester {
        Optional<CheckResult> test(CheckDefinition check, String rows, boolean storeFailures);
    }

    /** The results, one per test, and the partitions built whose rows failed a test, in build order. */
    record Checked(List<CheckResult> results, List<Partition> failed) {
        Checked {
            results = List.copyOf(results);
            failed = List.copyOf(failed);
        }
    }

    private final Tester tester;
    private final PartitionsDefinition definition;

    PartitionChecks(Tester tester, PartitionsDefinition definition) {
        this.tester = requireNonNull(tester, "tester");
        this.definition = requireNonNull(definition, "definition");
    }

    /** The tests given ({@link CheckScope#PARTITION} ones) on the rows of the partitions built. */
    Checked run(List<CheckDefinition> checks, List<Partition> built) {
        List<CheckResult> results = new ArrayList<>();
        Set<Partition> failed = new HashSet<>();
        for (CheckDefinition check : checks) {
            // Only this query stores failing rows (store_failures): those of every partition built.
            Optional<CheckResult> tested = tester.test(check, condition(built), true);
            if (tested.isEmpty()) {
                continue;
            }
            CheckResult result = tested.get();
            if (result.outcome() != CheckOutcome.FAIL) {
                results.add(result);
                continue;
            }
            // A query that errored would error on any part: it fails them all.
            List<Partition> failing = result.error().isPresent() ? built : failing(check, built);
            if (failing.isEmpty()) {
                failing = built;
            }
            failed.addAll(failing);
            results.add(new CheckResult(result.name() + "[" + io.strata.partition.Partition.describe(failing) + "]", result.asset(), result.outcome(),
                    result.failures(), result.sample(), result.sql(), result.storedIn(), result.error()));
        }
        return new Checked(results, built.stream().filter(failed::contains).toList());
    }

    /** The partitions of {@code part}, whose rows fail the test together, that fail it alone. */
    private List<Partition> failing(CheckDefinition check, List<Partition> part) {
        if (part.size() == 1) {
            return part;
        }
        List<Partition> failing = new ArrayList<>();
        for (List<Partition> half : List.of(part.subList(0, part.size() / 2), part.subList(part.size() / 2, part.size()))) {
            boolean fails = tester.test(check, condition(half), false).map(result -> result.outcome() == CheckOutcome.FAIL).orElse(false);
            if (fails) {
                failing.addAll(failing(check, half));
            }
        }
        return failing;
    }

    /** The SQL condition that holds for the rows of the partitions: one range of windows per run of consecutive ones. */
    String condition(List<Partition> partitions) {
        List<String> ranges = Partition.consecutive(partitions).stream()
                .map(run -> definition.condition(run.getFirst(), run.getLast())).toList();
        return ranges.size() == 1 ? ranges.getFirst() : ranges.stream().map(range -> "(" + range + ")").collect(Collectors.joining(" OR "));
    }
}
