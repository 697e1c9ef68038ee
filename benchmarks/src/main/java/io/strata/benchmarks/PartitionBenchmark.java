package io.strata.benchmarks;

import io.strata.api.AssetKey;
import io.strata.branch.Branches;
import io.strata.branch.MemoryBranches;
import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.engine.InstantEngine;
import io.strata.partition.Partition;
import io.strata.partition.PartitionSelection;
import io.strata.run.AssetRun;
import io.strata.run.PartitionPlanning;
import io.strata.run.RunListener;
import io.strata.run.RunRequest;
import io.strata.run.RunResult;
import io.strata.run.Runner;
import io.strata.select.Selector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What partitions cost the orchestration, beyond engine time: a synthetic project of partitioned models (layers of
 * ten, each model reading two of the layer before, every model with the same daily windows), planned and run against
 * an engine that answers at once and branches kept in memory.
 * <ul>
 *   <li>Planning a backfill of every window: which partitions of which asset to build, in order, as a run decides it
 *   ({@link PartitionPlanning}), with nothing recorded yet and with every partition recorded (each partition then
 *   reads the fingerprints of the input partitions it overlaps).</li>
 *   <li>A backfill run of every partition, its time less the time of compiling the same project, per partition:
 *   once with consecutive windows built together (one range per asset), once with every partition built alone
 *   (the same project with static values instead of windows).</li>
 *   <li>A run with every partition up to date.</li>
 * </ul>
 * Usage: {@code PartitionBenchmark [--assets N] [--windows W] [--runs R] [--threads T] [--dir DIR]}; the windows are days
 * from 2020-01-01, so W must leave the last one in the past.
 */
public final class PartitionBenchmark {
    private static final int LAYER = 10;
    private static final LocalDate START = LocalDate.parse("2020-01-01");

    private PartitionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int assets = 100;
        int windows = 100;
        int runs = 15;
        int threads = 2;
        Path dir = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--assets" -> assets = Integer.parseInt(args[i + 1]);
                case "--windows" -> windows = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path root = dir != null ? dir : Files.createTempDirectory("strata-partition-benchmark");
        Path daily = root.resolve("daily");
        Path values = root.resolve("values");
        writeProject(daily, assets, "{'granularity': 'day', 'start': '" + START + "', 'end': '" + START.plusDays(windows) + "', 'column': 'day'}");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            keys.add("v%04d".formatted(i));
        }
        writeProject(values, assets, "{'values': [" + String.join(", ", keys.stream().map(key -> "'" + key + "'").toList()) + "], 'column': 'day'}");
        PartitionSelection dailyBackfill = backfill(START.toString(), START.plusDays(windows - 1).toString());
        PartitionSelection valuesBackfill = backfill(keys.getFirst(), keys.getLast());
        CompileOptions options = new CompileOptions(Optional.empty(), Map.of(), Set.of(), false, threads);
        System.out.printf("%d partitioned assets of %d partitions (%d in all), %d threads, %s%n", assets, windows, assets * windows, threads, root);

        try (Compiler compiler = new Compiler(daily, options, List.of(), List.of())) {
            CompiledProject project = compiler.compile();
            // The first planning in the JVM, as a fresh process plans a backfill over partitions built before.
            InstantEngine built = new InstantEngine();
            Map<String, String> placeholders = new LinkedHashMap<>();
            for (int i = 0; i < windows; i++) {
                placeholders.put(START.plusDays(i).toString(), "0".repeat(64));
            }
            project.graph().assets().forEach(asset -> built.recordPartitions(Branches.MAIN, asset.relation().orElseThrow(), placeholders));
            long start = System.nanoTime();
            int planned = planned(PartitionPlanning.plan(project, built, Branches.MAIN, dailyBackfill, Instant.now()));
            double first = millis(start);
            InstantEngine engine = new InstantEngine();
            if (planned != assets * windows) {
                throw new IllegalStateException("the backfill plans " + planned + " partitions, not " + assets * windows + ": fewer windows, please");
            }
            Times fresh = planning(project, engine, dailyBackfill, runs);
            Runner runner = new Runner(compiler, engine, new MemoryBranches(), Optional.empty());
            RunRequest backfill = RunRequest.builder(Selector.all()).threads(threads).partitions(dailyBackfill).build();
            runner.run(backfill, RunListener.SILENT);
            Times recorded = planning(project, engine, dailyBackfill, runs);
            System.out.printf("planning a backfill of %d partitions: first in the JVM %.1f ms (every partition recorded); warm, median (min) of %d:"
                    + " %.1f (%.1f) ms with nothing recorded, %.1f (%.1f) ms with every partition recorded%n", planned, first, runs, fresh.median, fresh.min,
                    recorded.median, recorded.min);

            RunTimes grouped = runs(compiler, runner, backfill, runs);
            System.out.printf("backfill run, consecutive windows built together: %d partitions built in %d engine calls; median %.0f ms"
                    + " (compile %.0f ms): %.4f ms per partition beyond compiling (%.4f with it)%n", grouped.partitions, grouped.engineCalls, grouped.run,
                    grouped.compile, grouped.perPartition, grouped.run / grouped.partitions);
            RunTimes upToDate = runs(compiler, runner, RunRequest.builder(Selector.all()).threads(threads).build(), runs);
            if (upToDate.partitions != 0) {
                throw new IllegalStateException("a run after the backfill built " + upToDate.partitions + " partitions; none should be stale");
            }
            System.out.printf("run with every partition up to date: median %.0f ms (compile %.0f ms)%n", upToDate.run, upToDate.compile);
        }
        try (Compiler compiler = new Compiler(values, options, List.of(), List.of())) {
            Runner runner = new Runner(compiler, new InstantEngine(), new MemoryBranches(), Optional.empty());
            RunTimes alone = runs(compiler, runner, RunRequest.builder(Selector.all()).threads(threads).partitions(valuesBackfill).build(), runs);
            System.out.printf("backfill run, every partition built alone: %d partitions built in %d engine calls; median %.0f ms"
                    + " (compile %.0f ms): %.4f ms per partition beyond compiling (%.4f with it)%n", alone.partitions, alone.engineCalls, alone.run,
                    alone.compile, alone.perPartition, alone.run / alone.partitions);
        }
    }

    private static PartitionSelection backfill(String from, String to) {
        return new PartitionSelection(Optional.empty(), Optional.of(from), Optional.of(to), false, false);
    }

    /**
     * Layers of ten models, {@code p_<layer>_<index>}; a model of the first layer reads nothing, any other reads two
     * of the layer before; every model selects its window with {@code partition.start} and {@code partition.end}.
     */
    static void writeProject(Path root, int assets, String partitionedBy) throws IOException {
        write(root.resolve("strata.yml"), "name: partitions\n");
        for (int i = 0; i < assets; i++) {
            int layer = i / LAYER;
            String config = "{{ config(materialized='table', partitioned_by=" + partitionedBy + ") }}\n";
            String sql;
            if (layer == 0) {
                sql = "select cast('{{ partition.start }}' as varchar) as day, " + i + " as amount";
            }
            else {
                String left = name(i - LAYER);
                String right = name((layer - 1) * LAYER + (i % LAYER + 1) % LAYER);
                sql = """
                        select l.day, l.amount + r.amount as amount
                        from {{ ref('%s') }} l
                        join {{ ref('%s') }} r on r.day = l.day
                        where l.day >= '{{ partition.start }}' and l.day < '{{ partition.end }}'
                        """.formatted(left, right);
            }
            write(root.resolve("models/layer_" + layer + "/" + name(i) + ".sql"), config + sql);
        }
    }

    private static String name(int index) {
        return "p_" + index / LAYER + "_" + index % LAYER;
    }

    private record Times(double median, double min) {
        static Times of(List<Double> times) {
            List<Double> sorted = times.stream().sorted().toList();
            return new Times(sorted.get(sorted.size() / 2), sorted.getFirst());
        }
    }

    private static Times planning(CompiledProject project, InstantEngine engine, PartitionSelection selection, int runs) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            PartitionPlanning.plan(project, engine, Branches.MAIN, selection, Instant.now());
            times.add(millis(start));
        }
        return Times.of(times);
    }

    private static int planned(Map<AssetKey, List<Partition>> plans) {
        return plans.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Medians over {@code runs} runs, after two to warm up, of a run's time and a compile's; per partition, the median
     * of a run's time less the compile's measured just before it; the partitions and engine calls of the last run.
     */
    private record RunTimes(double run, double compile, double perPartition, long partitions, long engineCalls) {
    }

    private static RunTimes runs(Compiler compiler, Runner runner, RunRequest request, int runs) {
        for (int i = 0; i < 2; i++) {
            runner.run(request, RunListener.SILENT);
        }
        List<Double> runTimes = new ArrayList<>();
        List<Double> compileTimes = new ArrayList<>();
        List<Double> perPartition = new ArrayList<>();
        long partitions = 0;
        long engineCalls = 0;
        for (int i = 0; i < runs; i++) {
            long compileStart = System.nanoTime();
            compiler.compile();
            compileTimes.add(millis(compileStart));
            long runStart = System.nanoTime();
            RunResult result = runner.run(request, RunListener.SILENT);
            runTimes.add(millis(runStart));
            if (result.outcome() != RunResult.Outcome.MERGED) {
                throw new IllegalStateException("the run did not merge: " + result.reason());
            }
            partitions = result.assets().stream().mapToLong(run -> (long) run.details().getOrDefault("partitions_built", 0L)).sum();
            engineCalls = result.assets().stream().filter(run -> run.status() == AssetRun.Status.SUCCESS)
                    .mapToLong(run -> ranges(String.valueOf(run.details().get("partitions")))).sum();
            perPartition.add((runTimes.getLast() - compileTimes.getLast()) / Math.max(partitions, 1));
        }
        return new RunTimes(median(runTimes), median(compileTimes), median(perPartition), partitions, engineCalls);
    }

    /** How many builds a description such as {@code 2025-01-01..2025-01-31, 2025-03-01} stands for (static values: one each). */
    private static long ranges(String described) {
        return described.isEmpty() ? 0 : described.split(", ").length;
    }

    private static double median(List<Double> times) {
        List<Double> sorted = times.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double millis(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
