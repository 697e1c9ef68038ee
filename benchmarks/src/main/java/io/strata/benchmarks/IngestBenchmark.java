package io.strata.benchmarks;

import io.strata.api.AssetKey;
import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.ingestion.IngestBuilder;
import io.strata.ingestion.IngestDeclarationReader;
import io.strata.run.AssetBuilder;
import org.apache.iceberg.inmemory.InMemoryCatalog;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Bronze ingestion speed: CSV and JSONL files of 10 mixed columns (bigint, int, string ×3, date, timestamp,
 * decimal, double, boolean) read, typed and written as zstd Parquet data files of an Iceberg table, by the
 * same builder a run uses, into an in-memory Iceberg catalog: what is measured is reading, converting and
 * Parquet writing, not the object store. The rows are split over as many files as threads, since files are
 * what ingestion runs in parallel.
 * <p>
 * Usage: {@code IngestBenchmark [--rows N] [--threads T] [--format csv|jsonl]}
 */
public final class IngestBenchmark {
    public static void main(String[] args) throws Exception {
        long rows = 1_000_000;
        int threads = 1;
        String format = "csv";
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--format" -> format = args[i + 1];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path root = Files.createTempDirectory("strata-ingest-benchmark");
        Files.writeString(root.resolve("strata.yml"), "name: bench\n");
        Files.createDirectories(root.resolve("models/bronze"));
        Files.writeString(root.resolve("models/bronze/ingest.yml"), """
                version: 2
                ingest:
                  - name: events
                    source: {path: "data/events_*.%s", format: %s}
                    columns:
                      - {name: id, type: bigint}
                      - {name: customer_id, type: int}
                      - {name: name, type: string}
                      - {name: city, type: string}
                      - {name: email, type: string}
                      - {name: day, type: date}
                      - {name: at, type: timestamp with time zone}
                      - {name: price, type: "decimal(12,2)"}
                      - {name: score, type: double}
                      - {name: active, type: boolean}
                    mode: replace
                """.formatted(format, format));
        Files.createDirectories(root.resolve("data"));
        long bytes = 0;
        for (int file = 0; file < threads; file++) {
            Path path = root.resolve("data/events_" + file + "." + format);
            write(path, format, rows / threads, file);
            bytes += Files.size(path);
        }
        try (Compiler compiler = new Compiler(root, CompileOptions.defaults(), List.of(new IngestDeclarationReader()), List.of())) {
            CompiledProject compiled = compiler.compile();
            AssetKey key = AssetKey.of("events");
            for (int run = 0; run < 3; run++) {
                IngestBuilder builder = new IngestBuilder(branch -> {
                    InMemoryCatalog catalog = new InMemoryCatalog();
                    catalog.initialize("bench", Map.of("warehouse", "memory://bench"));
                    return catalog;
                });
                long started = System.nanoTime();
                AssetBuilder.Built built = builder.build(new AssetBuilder.Context(compiled.graph().require(key),
                        Optional.of(compiled.declarations().get(key)), "main", "bench", root, false, threads));
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("%s %,d rows, %d thread(s), run %d: %.2f s, %,.0f rows/s, %.1f MB/s (%s)%n", format, rows, threads, run + 1, seconds,
                        rows / seconds, bytes / seconds / 1e6, built.details());
            }
        }
    }

    private static void write(Path path, String format, long rows, int seed) throws Exception {
        Random random = new Random(seed);
        String[] cities = {"Berlin", "Hamburg", "Munich", "Cologne", "Frankfurt", "Stuttgart", "Leipzig", "Dresden"};
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            if (format.equals("csv")) {
                out.write("id,customer_id,name,city,email,day,at,price,score,active\n");
            }
            for (long i = 0; i < rows; i++) {
                long id = seed * rows + i;
                int customer = random.nextInt(1_000_000);
                String name = "customer " + customer;
                String city = cities[random.nextInt(cities.length)];
                String email = "c" + customer + "@example.com";
                String day = String.format("2026-%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28));
                String at = day + "T" + String.format("%02d:%02d:%02dZ", random.nextInt(24), random.nextInt(60), random.nextInt(60));
                String price = (random.nextInt(100_000)) + "." + String.format("%02d", random.nextInt(100));
                double score = random.nextDouble();
                boolean active = random.nextBoolean();
                if (format.equals("csv")) {
                    out.write(id + "," + customer + "," + name + "," + city + "," + email + "," + day + "," + at + "," + price + "," + score + "," + active + "\n");
                }
                else {
                    out.write("{\"id\":" + id + ",\"customer_id\":" + customer + ",\"name\":\"" + name + "\",\"city\":\"" + city + "\",\"email\":\""
                            + email + "\",\"day\":\"" + day + "\",\"at\":\"" + at + "\",\"price\":" + price + ",\"score\":" + score + ",\"active\":"
                            + active + "}\n");
                }
            }
        }
    }
}
