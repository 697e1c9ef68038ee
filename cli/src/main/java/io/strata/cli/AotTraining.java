package io.strata.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A short, typical workload for the JVM's ahead-of-time cache: the {@code strata} launcher runs it once
 * per build in the background (with {@code -XX:AOTCacheOutput}) so that later commands start with
 * classes loaded and linked and methods profiled. It compiles a small generated project in a
 * temporary folder and removes it.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Files.createTempDirectory("strata-aot-training");
        try {
            write(root.resolve("strata.yml"), "name: training\nvars: {start: '2024-01-01'}\nmodels:\n  silver: {+materialized: table}\n");
            write(root.resolve("macros/m.sql"), "{% macro cents(c) %}round({{ c }} / 100.0, 2){% endmacro %}");
            write(root.resolve("models/bronze/bronze.yml"), """
                    version: 2
                    ingest:
                      - name: raw_events
                        source: {path: data/*.csv, format: csv, header: true}
                        columns: [{name: id, type: bigint, tests: [not_null]}, {name: amount, type: "decimal(12,2)"}]
                    sources:
                      - name: ops
                        tables: [{name: rates}]
                    """);
            for (int i = 0; i < 200; i++) {
                String upstream = i == 0 ? "{{ ref('raw_events') }}" : "{{ ref('m" + (i - 1) + "') }}";
                write(root.resolve("models/silver/part" + i / 50 + "/m" + i + ".sql"), """
                        {{ config(tags=['t%d']) }}
                        with base as (select id, amount from %s where id > {{ var('n', 0) }})
                        select b.id, {{ cents('b.amount') }} as amount, r.rate
                        from base b left join {{ source('ops', 'rates') }} r on r.id = b.id
                        """.formatted(i % 5, upstream));
            }
            write(root.resolve("models/silver/schema.yml"), "version: 2\nmodels:\n  - name: m1\n    columns: [{name: id, tests: [unique]}]\n");
            write(root.resolve("tests/positive.sql"), "select * from {{ ref('m3') }} where amount < 0");
            PrintWriter quiet = new PrintWriter(Writer.nullWriter());
            for (String[] command : new String[][] {
                    {"compile"}, {"compile"}, {"ls", "-o", "json"}, {"graph", "-s", "+m10"}, {"ls", "-s", "nope:x"}}) {
                String[] withProject = Stream.concat(Stream.of(command), Stream.of("--project", root.toString())).toArray(String[]::new);
                StrataCommand.run(withProject, quiet, quiet);
            }
        }
        finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
