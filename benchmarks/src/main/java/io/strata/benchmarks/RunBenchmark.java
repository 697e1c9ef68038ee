package io.strata.benchmarks;

import io.strata.branch.MemoryBranches;
import io.strata.compile.CompileOptions;
import io.strata.compile.Compiler;
import io.strata.engine.InstantEngine;
import io.strata.run.AssetRun;
import io.strata.run.RunListener;
import io.strata.run.RunRequest;
import io.strata.run.RunResult;
import io.strata.run.Runner;
import io.strata.select.Selector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runner's own cost per asset, beyond engine time: a synthetic project (no tests) run against an
 * engine that answers at once and branches kept in memory, both hand-written here. The time of a run less
 * the time of compiling the same project, divided by the assets built, is the orchestration overhead.
 * <p>
 * Usage: {@code RunBenchmark [--models N] [--runs R] [--threads T]}
 */
public final class RunBenchmark {
    public static void main(String[] args) throws Exception {
        int models = 1000;
        int runs = 5;
        int threads = 2;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--models" -> models = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path root = Files.createTempDirectory("strata-run-benchmark");
        SyntheticProject.write(root, models, 42, false);
        CompileOptions options = new CompileOptions(Optional.empty(), Map.of(), java.util.Set.of(), false, threads);
        try (Compiler compiler = new Compiler(root, options, List.of(), List.of())) {
            Runner runner = new Runner(compiler, new InstantEngine(), new MemoryBranches(), Optional.empty());
            RunRequest request = RunRequest.builder(Selector.all()).threads(threads).build();
            for (int i = 0; i < 3; i++) {
                runner.run(request, RunListener.SILENT);
            }
            List<Double> perAsset = new ArrayList<>();
            long built = 0;
            for (int i = 0; i < runs; i++) {
                long compileStart = System.nanoTime();
                compiler.compile();
                long compileNanos = System.nanoTime() - compileStart;
                long runStart = System.nanoTime();
                RunResult result = runner.run(request, RunListener.SILENT);
                long runNanos = System.nanoTime() - runStart;
                built = result.count(AssetRun.Status.SUCCESS);
                if (result.outcome() != RunResult.Outcome.MERGED) {
                    throw new IllegalStateException("the run did not merge: " + result.reason());
                }
                perAsset.add((runNanos - compileNanos) / 1e6 / built);
            }
            perAsset.sort(Double::compare);
            System.out.printf("%d assets built per run on %d threads; orchestration overhead per asset: median %.3f ms, min %.3f ms%n",
                    built, threads, perAsset.get(perAsset.size() / 2), perAsset.getFirst());
        }
    }
}
