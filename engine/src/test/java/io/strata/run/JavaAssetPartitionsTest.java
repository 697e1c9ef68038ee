package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.api.AssetPartition;
import io.strata.api.AssetResult;
import io.strata.api.AssetSpec;
import io.strata.api.Partitions;
import io.strata.branch.Branches;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.engine.InstantEngine;
import io.strata.lake.BranchTables;
import io.strata.partition.PartitionSelection;
import io.strata.project.Relation;
import io.strata.select.Selector;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partitioned Java asset, built on an in-memory Iceberg catalog: its code is called once per partition the run
 * chooses (missing or stale, or named), what it writes replaces that partition's rows only, and the partitions'
 * fingerprints, made from its code version, are recorded with its table as a model's are.
 */
class JavaAssetPartitionsTest {
    @TempDir
    java.nio.file.Path root;

    /** Kept open when the build's tables close it, so that the test reads what was written. */
    private final InMemoryCatalog catalog = new InMemoryCatalog() {
        @Override
        public void close() {
        }
    };
    /** An engine without data whose schemas the Iceberg catalog makes itself. */
    private final InstantEngine engine = new InstantEngine() {
        @Override
        public void createSchema(String branch, Relation relation) {
        }
    };
    /** The partitions the code was called for, in order. */
    private final List<String> calls = new ArrayList<>();
    /** What the code writes as each row's amount: a new value stands for data that changed. */
    private long amount = 1;
    /** Whether the code also writes a row of the day after its partition's. */
    private boolean strayRow;

    public record Sale(LocalDate saleDate, String region, long amount) {
    }

    @BeforeEach
    void open() {
        catalog.initialize("test", Map.of("warehouse", "memory://test"));
    }

    private AssetSpec.Builder dailySales() {
        return AssetSpec.builder("daily_sales")
                .partitionedBy(Partitions.daily("2025-03-01").end("2025-03-04").column("sale_date"))
                .compute(context -> {
                    AssetPartition partition = context.partition().orElseThrow();
                    calls.add(partition.key());
                    LocalDate day = partition.start().orElseThrow().toLocalDate();
                    List<Sale> sales = new ArrayList<>(List.of(new Sale(day, "north", amount), new Sale(day, "south", amount)));
                    if (strayRow) {
                        sales.add(new Sale(day.plusDays(1), "north", amount));
                    }
                    context.tables().overwrite("daily_sales", Sale.class, sales);
                    return AssetResult.rows(sales.size());
                });
    }

    private CompiledProject compile(AssetSpec.Builder asset) {
        return TestProject.in(root).with(() -> List.of(asset.build())).compile();
    }

    private AssetRun build(CompiledProject project, PartitionSelection selection) {
        RunRequest request = RunRequest.builder(Selector.all()).threads(1).partitions(selection).build();
        AssetExecutor executor = new AssetExecutor(engine, List.of(), project, Branches.MAIN, request, RunListener.SILENT, "run",
                () -> new BranchTables(catalog));
        return executor.build(project.graph().require(AssetKey.of("daily_sales")), false);
    }

    private static PartitionSelection partition(String key) {
        return new PartitionSelection(Optional.of(key), Optional.empty(), Optional.empty(), false, false);
    }

    private Relation relation(CompiledProject project) {
        return project.graph().require(AssetKey.of("daily_sales")).relation().orElseThrow();
    }

    /** The table's amounts by day and region, as committed. */
    private Map<String, Long> amounts(CompiledProject project) throws Exception {
        Map<String, Long> amounts = new TreeMap<>();
        try (BranchTables tables = new BranchTables(catalog)) {
            for (Map<String, Object> row : tables.read(relation(project))) {
                amounts.merge(row.get("sale_date") + " " + row.get("region"), (Long) row.get("amount"), Long::sum);
            }
        }
        return amounts;
    }

    @Test
    void aDailyJavaAssetIsBuiltOncePerDayEachCallWritingItsDaysRowsAndIsUpToDateAfter() throws Exception {
        CompiledProject project = compile(dailySales().codeVersion("1"));

        AssetRun first = build(project, PartitionSelection.DEFAULT);

        assertThat(first.status()).isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(calls).containsExactly("2025-03-01", "2025-03-02", "2025-03-03");
        assertThat(first.rows()).hasValue(6);
        assertThat(first.details()).containsEntry("partitions", "2025-03-01..2025-03-03").containsEntry("partitions_built", 3L);
        assertThat(amounts(project)).containsOnlyKeys("2025-03-01 north", "2025-03-01 south", "2025-03-02 north", "2025-03-02 south",
                "2025-03-03 north", "2025-03-03 south");
        assertThat(engine.partitionFingerprints(Branches.MAIN, relation(project))).containsOnlyKeys("2025-03-01", "2025-03-02", "2025-03-03");

        AssetRun second = build(project, PartitionSelection.DEFAULT);

        assertThat(second.status()).isEqualTo(AssetRun.Status.UP_TO_DATE);
        assertThat(calls).hasSize(3);
    }

    @Test
    void rebuildingOneDayReplacesThatDaysRowsAndLeavesTheOthers() throws Exception {
        CompiledProject project = compile(dailySales().codeVersion("1"));
        build(project, PartitionSelection.DEFAULT);
        amount = 2;

        AssetRun rebuilt = build(project, partition("2025-03-02"));

        assertThat(rebuilt.status()).isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(calls).containsExactly("2025-03-01", "2025-03-02", "2025-03-03", "2025-03-02");
        assertThat(amounts(project)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "2025-03-01 north", 1L, "2025-03-01 south", 1L,
                "2025-03-02 north", 2L, "2025-03-02 south", 2L,
                "2025-03-03 north", 1L, "2025-03-03 south", 1L)));
    }

    @Test
    void aChangedCodeVersionMakesEveryPartitionStale() throws Exception {
        build(compile(dailySales().codeVersion("1")), PartitionSelection.DEFAULT);
        assertThat(build(compile(dailySales().codeVersion("1")), PartitionSelection.DEFAULT).status())
                .as("the same version, compiled again").isEqualTo(AssetRun.Status.UP_TO_DATE);
        amount = 3;

        CompiledProject changed = compile(dailySales().codeVersion("2"));
        AssetRun run = build(changed, PartitionSelection.DEFAULT);

        assertThat(run.status()).isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(run.details()).containsEntry("partitions", "2025-03-01..2025-03-03").containsEntry("partitions_up_to_date", 0L);
        assertThat(calls).hasSize(6);
        assertThat(amounts(changed).values()).containsOnly(3L).hasSize(6);
    }

    @Test
    void aPartitionedJavaAssetWithoutACodeVersionIsAnErrorThatSaysToAddOne() {
        List<String> errors = TestProject.in(root).with(() -> List.of(dailySales().build())).errors();

        assertThat(errors).singleElement().asString()
                .contains("Java asset 'daily_sales' is partitioned but declares no code version: add .codeVersion(\"1\")");
    }

    @Test
    void rowsOutsideThePartitionFailTheBuildWithTheirCountAndNothingIsWritten() throws Exception {
        CompiledProject project = compile(dailySales().codeVersion("1"));
        build(project, PartitionSelection.DEFAULT);
        long snapshot = catalog.loadTable(TableIdentifier.of(relation(project).schema(), "daily_sales")).currentSnapshot().snapshotId();
        Map<String, String> recorded = engine.partitionFingerprints(Branches.MAIN, relation(project));
        amount = 4;
        strayRow = true;

        AssetRun failed = build(project, new PartitionSelection(Optional.empty(), Optional.of("2025-03-01"), Optional.of("2025-03-03"), false, false));

        assertThat(failed.status()).isEqualTo(AssetRun.Status.FAILED);
        assertThat(failed.error()).hasValueSatisfying(error -> assertThat(error)
                .contains("1 of 3 rows written to " + relation(project).render() + " for partition 2025-03-01 lie outside it"
                        + " (sale_date from 2025-03-01T00:00 to 2025-03-02T00:00 (exclusive)), e.g. sale_date 2025-03-02")
                .contains("nothing is written")
                .contains("(building partition 2025-03-01)"));
        assertThat(catalog.loadTable(TableIdentifier.of(relation(project).schema(), "daily_sales")).currentSnapshot().snapshotId())
                .as("no commit").isEqualTo(snapshot);
        assertThat(amounts(project).values()).containsOnly(1L);
        assertThat(engine.partitionFingerprints(Branches.MAIN, relation(project))).isEqualTo(recorded);
    }

    @Test
    void theCodeSeesNoPartitionInItsChecksAndAFailingCheckRecordsThePartitionsBuiltAsFailedSoTheNextRunBuildsThemAgain() {
        List<Optional<AssetPartition>> seenByCheck = new ArrayList<>();
        CompiledProject project = compile(dailySales().codeVersion("1").check(new io.strata.api.AssetCheck("positive_amounts",
                io.strata.api.AssetCheck.Severity.ERROR, context -> {
                    seenByCheck.add(context.partition());
                    return amount > 0 ? io.strata.api.AssetCheck.Result.passed("every amount is positive")
                            : io.strata.api.AssetCheck.Result.failed(6, "6 amounts are not positive");
                })));
        amount = -1;

        AssetRun failed = build(project, PartitionSelection.DEFAULT);

        assertThat(failed.checks()).singleElement().satisfies(check -> assertThat(check.outcome()).isEqualTo(io.strata.check.CheckOutcome.FAIL));
        assertThat(seenByCheck).containsExactly(Optional.empty());
        assertThat(engine.partitionFingerprints(Branches.MAIN, relation(project)))
                .containsOnlyKeys("2025-03-01", "2025-03-02", "2025-03-03").containsValue(PartitionedBuild.CHECKS_FAILED);
        amount = 1;

        AssetRun next = build(project, PartitionSelection.DEFAULT);

        assertThat(next.status()).isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(next.details()).containsEntry("partitions", "2025-03-01..2025-03-03");
        assertThat(engine.partitionFingerprints(Branches.MAIN, relation(project)).values()).doesNotContain(PartitionedBuild.CHECKS_FAILED);
    }

    @Test
    void aMalformedDeclarationOrAPartitionedAssetWithoutItsOwnTableIsAnErrorNamingTheAsset() {
        List<String> errors = TestProject.in(root).with(() -> List.of(
                AssetSpec.builder("weekly_sales").codeVersion("1").partitionedBy(Partitions.weekly("2025-03-05").column("week")).build(),
                AssetSpec.builder("exports").codeVersion("1").sideEffects().partitionedBy(Partitions.daily("2025-03-01").column("day")).build())).errors();

        assertThat(errors).hasSize(2);
        assertThat(errors).anySatisfy(error -> assertThat(error).contains("Java asset 'weekly_sales': start '2025-03-05' is not the start of a week"
                + " window: weeks start on Monday, as in 2025-03-03"));
        assertThat(errors).anySatisfy(error -> assertThat(error).contains("Java asset 'exports' is partitioned, and a partition is rows of its own"
                + " table: its output must be table(), not sideEffects()"));
    }

    public record RegionSale(String region, long amount) {
    }

    @Test
    void aPartitionOfStaticValuesIsBuiltByItsOwnCallAndRebuildingOneReplacesOnlyItsRows() throws Exception {
        CompiledProject project = compile(AssetSpec.builder("daily_sales").codeVersion("1")
                .partitionedBy(Partitions.values("north", "south").column("region"))
                .compute(context -> {
                    AssetPartition partition = context.partition().orElseThrow();
                    calls.add(partition.key());
                    assertThat(partition.start()).isEmpty();
                    context.tables().overwrite("daily_sales", RegionSale.class, List.of(new RegionSale(partition.key(), amount)));
                    return AssetResult.rows(1);
                }));
        build(project, PartitionSelection.DEFAULT);
        amount = 5;

        AssetRun rebuilt = build(project, partition("south"));

        assertThat(rebuilt.status()).isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(calls).containsExactly("north", "south", "south");
        try (BranchTables tables = new BranchTables(catalog)) {
            assertThat(tables.read(relation(project))).containsExactlyInAnyOrder(Map.of("region", "north", "amount", 1L),
                    Map.of("region", "south", "amount", 5L));
        }
    }

    private AssetRun build(CompiledProject project, String asset) {
        RunRequest request = RunRequest.builder(Selector.all()).threads(1).build();
        return new AssetExecutor(engine, List.of(), project, Branches.MAIN, request, RunListener.SILENT, "run", () -> new BranchTables(catalog))
                .build(project.graph().require(AssetKey.of(asset)), false);
    }

    @Test
    void aPartitionedModelOverAPartitionedJavaAssetReadsItsRecordedPartitions() {
        String dailyCopy = "{{ config(materialized='table', partitioned_by={'granularity': 'day', 'start': '2025-03-01', 'end': '2025-03-04',"
                + " 'column': 'sale_date'}) }}\nselect * from {{ ref('daily_sales') }}"
                + " where sale_date >= date '{{ partition.start }}' and sale_date < date '{{ partition.end }}'";
        CompiledProject first = TestProject.in(root).file("models/daily_copy.sql", dailyCopy)
                .with(() -> List.of(dailySales().codeVersion("1").build())).compile();
        build(first, "daily_sales");
        build(first, "daily_copy");
        assertThat(build(first, "daily_copy").status()).isEqualTo(AssetRun.Status.UP_TO_DATE);

        CompiledProject changed = TestProject.in(root).file("models/daily_copy.sql", dailyCopy)
                .with(() -> List.of(dailySales().codeVersion("2").build())).compile();
        build(changed, "daily_sales");
        AssetRun copy = build(changed, "daily_copy");

        assertThat(copy.status()).isEqualTo(AssetRun.Status.SUCCESS);
        assertThat(copy.details()).containsEntry("partitions", "2025-03-01..2025-03-03");
    }
}
