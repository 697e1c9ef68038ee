package io.strata.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code strata infer-schema}: an ingest asset's inferred columns, printed, then frozen into its declaration. */
class InferSchemaCommandTest {
    @TempDir
    Path project;

    private static final String DECLARATION = """
            version: 2
            ingest:
              # Meter readings; the columns are inferred until frozen.
              - name: readings
                source: {path: "data/readings*.jsonl", format: jsonl}
                mode: append
            """;

    private void files() throws IOException {
        Files.writeString(project.resolve("strata.yml"), "name: meters\n");
        Files.createDirectories(project.resolve("models/bronze"));
        Files.writeString(project.resolve("models/bronze/meters.yml"), DECLARATION);
        Files.createDirectories(project.resolve("data"));
        Files.writeString(project.resolve("data/readings_01.jsonl"), """
                {"id": 1, "at": "2026-01-01T10:00:00Z", "kwh": 1.5, "meter": {"serial": "A1", "phase": 3}}
                {"id": 2, "at": "2026-01-01T11:00:00+01:00", "kwh": 2, "meter": {"serial": "A2", "phase": 1}, "tags": ["home"]}
                """);
    }

    @Test
    void printsTheInferredColumnsAndWritesThemIntoTheDeclarationOnRequest() throws IOException {
        files();

        CommandRun printed = CommandRun.in(project, "infer-schema", "readings");

        assertThat(printed.exitCode()).as(printed.err()).isZero();
        assertThat(printed.out()).isEqualTo("""
                columns:
                  - {name: id, type: "bigint"}
                  - {name: at, type: "timestamp with time zone"}
                  - {name: kwh, type: "double"}
                  - {name: meter, type: "struct<serial: string, phase: bigint>"}
                  - {name: tags, type: "array<string>"}
                """);
        assertThat(Files.readString(project.resolve("models/bronze/meters.yml"))).as("printing changes nothing").isEqualTo(DECLARATION);

        CommandRun written = CommandRun.in(project, "infer-schema", "readings", "--write");

        assertThat(written.exitCode()).as(written.err()).isZero();
        assertThat(written.out()).contains("Wrote 5 columns of readings into models/bronze/meters.yml");
        assertThat(Files.readString(project.resolve("models/bronze/meters.yml"))).contains("""
                  - name: readings
                    columns:
                      - {name: id, type: "bigint"}
                """).contains("# Meter readings; the columns are inferred until frozen.");
        CommandRun compiled = CommandRun.in(project, "ls", "-s", "kind:ingest");
        assertThat(compiled.exitCode()).as("the frozen declaration still reads: " + compiled.err()).isZero();
        assertThat(compiled.out()).contains("readings");

        CommandRun again = CommandRun.in(project, "infer-schema", "readings", "--write");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("models/bronze/meters.yml:4").contains("already declares its columns");
    }

    @Test
    void aNameThatIsNoIngestAssetIsAUserError() throws IOException {
        files();

        CommandRun run = CommandRun.in(project, "infer-schema", "readingz");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("'readingz' is not an ingest asset");
    }
}
