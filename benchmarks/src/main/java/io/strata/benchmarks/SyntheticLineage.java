package io.strata.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Writes a synthetic project whose lineage is dense, to measure the lineage graph: N models in {@code models/bronze},
 * {@code models/silver} and {@code models/gold} (their layers), 20% bronze models reading nothing, 50% silver models
 * reading 3–4 bronze or earlier silver models, 30% gold models reading 4 silver ones: about 3 edges per asset (10,000
 * models: 10,000 assets, ~29,500 edges). The SQL is short (a join of the refs), so compiling stays a small part of the
 * measurement. Deterministic for a given size and seed.
 */
public final class SyntheticLineage {
    private static final int MODELS_PER_FOLDER = 200;

    private SyntheticLineage() {
    }

    /** Writes the project; returns the number of edges (refs) written. */
    public static int write(Path root, int models, long seed) throws IOException {
        Random random = new Random(seed);
        write(root.resolve("strata.yml"), """
                name: lineage
                models:
                  bronze:
                    +materialized: table
                  silver:
                    +materialized: table
                  gold:
                    +materialized: view
                """);
        int bronze = models / 5;
        int silver = models / 2;
        int gold = models - bronze - silver;
        int edges = 0;
        for (int i = 0; i < bronze; i++) {
            writeModel(root, "bronze", i, "raw_" + i, "select " + i + " as id, 'x' as customer_id, 1.0 as amount\n");
        }
        for (int i = 0; i < silver; i++) {
            Set<String> refs = new LinkedHashSet<>();
            int wanted = 3 + random.nextInt(2);
            while (refs.size() < wanted) {
                // Earlier silver models only from well before, so the graph is some 15 columns deep, not thousands.
                refs.add(i > 500 && random.nextInt(3) == 0 ? "clean_" + random.nextInt(i - 400) : "raw_" + random.nextInt(bronze));
            }
            edges += refs.size();
            writeModel(root, "silver", i, "clean_" + i, joining(new ArrayList<>(refs)));
        }
        for (int i = 0; i < gold; i++) {
            Set<String> refs = new LinkedHashSet<>();
            while (refs.size() < 4) {
                refs.add("clean_" + random.nextInt(silver));
            }
            edges += refs.size();
            writeModel(root, "gold", i, "mart_" + i, joining(new ArrayList<>(refs)));
        }
        return edges;
    }

    private static String joining(List<String> refs) {
        StringBuilder sql = new StringBuilder("select t0.id, t0.customer_id, t0.amount\nfrom {{ ref('").append(refs.getFirst()).append("') }} t0\n");
        for (int r = 1; r < refs.size(); r++) {
            sql.append("join {{ ref('").append(refs.get(r)).append("') }} t").append(r).append(" on t").append(r).append(".id = t0.id\n");
        }
        return sql.toString();
    }

    private static void writeModel(Path root, String layer, int index, String name, String sql) throws IOException {
        write(root.resolve("models/" + layer + "/part_" + (index / MODELS_PER_FOLDER) + "/" + name + ".sql"), sql);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
