package io.strata.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The local stack's commands on the real processes: up, query, status, logs, down. */
class StackCommandIT {
    @TempDir
    Path project;

    private CommandRun strata(String... args) {
        return CommandRun.in(project, args);
    }

    @AfterEach
    void stopWhateverIsLeft() {
        strata("stack", "down", "--purge");
    }

    private List<Long> pids() throws IOException {
        var state = new ObjectMapper().readTree(project.resolve(".strata/stack/stack.json").toFile());
        List<Long> pids = new ArrayList<>();
        state.get("processes").forEach(process -> pids.add(process.get("pid").asLong()));
        return pids;
    }

    @Test
    void aRunKilledMidWayLeavesMainUntouchedAndIsRecordedAsAbandoned() throws Exception {
        Files.writeString(project.resolve("strata.yml"), "name: killed\n");
        Files.createDirectories(project.resolve("models/silver"));
        // 1.6 billion rows for Trino to count: far longer than the test takes to see the run start and kill it.
        Files.writeString(project.resolve("models/silver/slow.sql"), "{{ config(materialized='table') }}\n"
                + "select count(*) as n from unnest(sequence(1, 40000)) as a(x) cross join unnest(sequence(1, 40000)) as b(y)");
        assertThat(strata("stack", "up").exitCode()).isZero();
        String mainBefore;
        var endpoints = new io.strata.stack.LocalStack(io.strata.stack.StackSettings.forProject(project, System.err)).endpoints();
        try (var branches = new io.strata.branch.NessieBranches(endpoints.nessieApi())) {
            mainBefore = branches.main().hash();
        }

        Path output = Files.createTempFile("killed-run", ".log");
        Process runner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StrataCommand.class.getName(), "materialize", "--project", project.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            // Watch the runner's output, not the run store (opening the store's file beside the runner would
            // race with it): "Building on branch" is printed once the run is recorded and its branch exists.
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(120);
            boolean running = false;
            while (!running && java.time.Instant.now().isBefore(deadline) && runner.isAlive()) {
                running = Files.readString(output).contains("Building on branch");
                if (!running) {
                    runner.waitFor(250, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            }
            assertThat(running).as("the run started; its output:%n%s", Files.readString(output)).isTrue();
        }
        finally {
            runner.destroyForcibly().waitFor();
        }

        try (var branches = new io.strata.branch.NessieBranches(endpoints.nessieApi())) {
            assertThat(branches.main().hash()).as("main untouched").isEqualTo(mainBefore);
        }
        String history = strata("runs").out();
        assertThat(history).contains("ABANDONED");
        String[] columns = history.lines().skip(1).findFirst().orElseThrow().trim().split("\\s+");
        String branch = columns[columns.length - 1];
        assertThat(branch).startsWith("run-");
        assertThat(strata("branches").out()).contains(branch + " ").contains("ABANDONED").contains("main was not changed");
    }

    @Test
    void theStackFromUpToDownThroughTheCommandLine() throws IOException {
        Files.writeString(project.resolve("strata.yml"), "name: stacktest\n");

        CommandRun up = strata("stack", "up");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.out()).containsPattern("trino +http://127\\.0\\.0\\.1:\\d+").containsPattern("nessie +http://127\\.0\\.0\\.1:\\d+");
        List<Long> pids = pids();
        assertThat(pids).hasSize(3).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());

        CommandRun query = strata("query", "select 1 + 1 as two, 'ev' as kind");
        assertThat(query.exitCode()).as(query.err()).isZero();
        assertThat(query.out()).isEqualTo("two | kind\n----+-----\n2   | ev\n(1 row)\n");
        assertThat(strata("query", "select 1 + 1 as two", "--output", "csv").out()).isEqualTo("two\r\n2\r\n");
        assertThat(strata("query", "values (1), (2), (3)", "--output", "json", "--limit", "2").out().replaceAll("\\s", ""))
                .isEqualTo("[{\"_col0\":1},{\"_col0\":2}]");

        CommandRun status = strata("stack", "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out().lines().skip(1)).hasSize(3).allSatisfy(line -> assertThat(line).contains("healthy").containsPattern("\\d+ MB"));

        assertThat(strata("stack", "logs", "trino", "-n", "200").out()).contains("SERVER STARTED");

        CommandRun write = strata("query", "drop table analytics.anything");
        assertThat(write.exitCode()).isEqualTo(1);

        assertThat(write.err()).contains("'DROP' would change data");

        CommandRun unknownBranch = strata("query", "select 1", "--ref", "nope");
        assertThat(unknownBranch.exitCode()).isEqualTo(1);
        assertThat(unknownBranch.err()).contains("no branch 'nope'");

        CommandRun down = strata("stack", "down");
        assertThat(down.out()).isEqualTo("Stopped s3proxy, nessie, trino\n");
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        assertThat(project.resolve(".strata/stack/logs/trino.log")).as("down keeps the data").exists();

        assertThat(strata("stack", "status").exitCode()).isEqualTo(1);
        strata("stack", "down", "--purge");
        assertThat(project.resolve(".strata/stack/logs")).doesNotExist();
    }
}
