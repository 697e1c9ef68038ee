package io.strata.benchmarks;

import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.ingestion.IngestDeclarationReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures compilation (load + render + refs + graph + SQL reading) of a synthetic project:
 * the first compile in a fresh JVM, a cold compile (new compiler, no caches) once the JVM is warm,
 * and a re-compile after one model file changes. Results go to docs/benchmarks.md by hand.
 * <p>
 * Usage: {@code CompileBenchmark [--models N] [--runs R] [--threads T] [--dir DIR] [--validate true|false]}
 */
public final class CompileBenchmark {
    public static void main(String[] args) throws IOException {
        int models = 10_000;
        int runs = 10;
        int threads = Runtime.getRuntime().availableProcessors();
        Path dir = null;
        boolean validate = true;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--models" -> models = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--validate" -> validate = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path root = dir != null ? dir : Files.createTempDirectory("strata-compile-benchmark");
        if (!Files.exists(root.resolve("strata.yml"))) {
            SyntheticProject.write(root, models, 42);
        }
        CompileOptions options = CompileOptions.defaults();
        options = new CompileOptions(options.profile(), options.vars(), options.existingAssets(), false, threads, validate);
        System.out.printf("project: %s (%d models), threads: %d, cores: %d, validation: %s, java %s%n", root, models, threads,
                Runtime.getRuntime().availableProcessors(), validate ? "on" : "off", Runtime.version());

        long start = System.nanoTime();
        CompiledProject first;
        try (Compiler compiler = compiler(root, options)) {
            first = compiler.compile();
        }
        System.out.printf("first compile in a fresh JVM: %d ms (%d assets, %d warnings)%n",
                millis(System.nanoTime() - start), first.graph().size(), first.warnings().size());
        System.out.println("  phases (ms): " + phases(first));

        for (int i = 0; i < 3; i++) {
            try (Compiler compiler = compiler(root, options)) {
                compiler.compile();
            }
        }
        List<Long> cold = new ArrayList<>();
        List<java.util.Map<String, Double>> coldPhases = new ArrayList<>();
        CompiledProject last = first;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            try (Compiler compiler = compiler(root, options)) {
                last = compiler.compile();
            }
            cold.add(System.nanoTime() - t);
            coldPhases.add(last.phases());
        }
        System.out.printf("cold compile, warm JVM (new compiler, no caches): median %d ms, min %d ms%n", millis(median(cold)), millis(min(cold)));
        System.out.println("  median of each phase (ms): " + medianPhases(coldPhases));

        Path changed;
        try (Stream<Path> files = Files.walk(root.resolve("models/silver"))) {
            changed = files.filter(file -> file.toString().endsWith(".sql")).sorted().findFirst().orElseThrow();
        }
        String original = Files.readString(changed);
        List<Long> incremental = new ArrayList<>();
        int reused = 0;
        try (Compiler compiler = compiler(root, options)) {
            compiler.compile();
            for (int i = 0; i < runs + 3; i++) {
                Files.writeString(changed, original + "\n-- edit " + i + "\n");
                Files.setLastModifiedTime(changed, FileTime.from(Instant.now().plusSeconds(i + 1)));
                long t = System.nanoTime();
                CompiledProject again = compiler.compile();
                if (i >= 3) {
                    incremental.add(System.nanoTime() - t);
                }
                reused = again.reused();
                last = again;
            }
        }
        finally {
            Files.writeString(changed, original);
        }
        System.out.printf("re-compile after one model changed: median %.1f ms, min %.1f ms (%d of %d models reused)%n",
                median(incremental) / 1e6, min(incremental) / 1e6, reused, first.models().size());
        System.out.println("  phases of the last one (ms): " + phases(last));
    }

    /** Each phase's median over the runs: one slow run (a collection, another process) does not move it. */
    private static String medianPhases(List<java.util.Map<String, Double>> runs) {
        StringBuilder text = new StringBuilder();
        for (String phase : runs.getFirst().keySet()) {
            List<Double> times = runs.stream().map(run -> run.getOrDefault(phase, 0.0)).sorted().toList();
            text.append(phase).append(' ').append(String.format("%.1f", times.get(times.size() / 2))).append(", ");
        }
        return text.substring(0, Math.max(0, text.length() - 2));
    }

    private static String phases(CompiledProject project) {
        StringBuilder text = new StringBuilder();
        project.phases().forEach((phase, ms) -> text.append(phase).append(' ').append(String.format("%.1f", ms)).append(", "));
        return text.substring(0, Math.max(0, text.length() - 2));
    }

    private static Compiler compiler(Path root, CompileOptions options) {
        return new Compiler(root, options, List.of(new IngestDeclarationReader()), List.of());
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long min(List<Long> values) {
        return values.stream().min(Comparator.naturalOrder()).orElseThrow();
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
