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
    void aRunWhoseTrinoDiesFailsWithoutWaitingNamesTrinoKeepsItsBranchAndTheNextCommandRestartsTheStack() throws Exception {
        Files.writeString(project.resolve("strata.yml"), "name: enginedies\n");
        Files.createDirectories(project.resolve("models/silver"));
        // A hundred billion rows for Trino to count (a sequence holds at most 10,000): minutes, while the test takes seconds.
        Files.writeString(project.resolve("models/silver/slow.sql"), "{{ config(materialized='table') }}\n"
                + "select count(*) as n from unnest(sequence(1, 10000)) as a(x) cross join unnest(sequence(1, 10000)) as b(y)"
                + " cross join unnest(sequence(1, 1000)) as c(z)");
        Files.writeString(project.resolve("models/silver/silver.yml"), "models:\n  - name: slow\n    columns:\n      - name: n\n"
                + "        data_tests: [not_null]\n");
        assertThat(strata("stack", "up").exitCode()).isZero();
        var endpoints = new io.strata.stack.LocalStack(io.strata.stack.StackSettings.forProject(project, System.err)).endpoints();
        String mainBefore;
        try (var branches = new io.strata.branch.NessieBranches(endpoints.nessieApi())) {
            mainBefore = branches.main().hash();
        }
        var state = new ObjectMapper().readTree(project.resolve(".strata/stack/stack.json").toFile());
        long trino = state.get("processes").get("trino").get("pid").asLong();

        Path output = Files.createTempFile("engine-dies", ".log");
        Process runner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StrataCommand.class.getName(), "materialize", "--project", project.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(120);
            while (!Files.readString(output).contains("Building on branch") && java.time.Instant.now().isBefore(deadline) && runner.isAlive()) {
                runner.waitFor(250, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            assertThat(Files.readString(output)).as("the run started").contains("Building on branch");
            // The slow model is being built now (it takes minutes); Trino dies under it.
            runner.waitFor(3, java.util.concurrent.TimeUnit.SECONDS);
            ProcessHandle.of(trino).orElseThrow().destroyForcibly();
            long killed = System.nanoTime();
            // Before, the driver's own retries held the run for over two minutes; now it stops on the first lost request.
            assertThat(runner.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).as("the run ended; its output:%n%s", Files.readString(output)).isTrue();
            System.out.printf("the run failed %.1f s after Trino died%n", (System.nanoTime() - killed) / 1e9);
            String printed = Files.readString(output);
            assertThat(runner.exitValue()).as(printed).isEqualTo(4);
            assertThat(printed).contains("Trino at http://127.0.0.1:").contains("stopped answering").contains("main is unchanged").doesNotContain("internal error");
        }
        finally {
            runner.destroyForcibly().waitFor();
        }

        CommandRun test = strata("test");
        assertThat(test.exitCode()).as(test.out() + test.err()).isZero();
        assertThat(test.err()).contains("trino (pid " + trino + ") is no longer running; starting it again").doesNotContain("internal error");
        try (var branches = new io.strata.branch.NessieBranches(endpoints.nessieApi())) {
            assertThat(branches.main().hash()).as("main untouched").isEqualTo(mainBefore);
        }
        String history = strata("runs").out();
        assertThat(history).contains("FAILED");
        String[] columns = history.lines().skip(1).findFirst().orElseThrow().trim().split("\\s+");
        String branch = columns[columns.length - 1];
        assertThat(strata("branches").out()).as("the failed run's branch is kept").contains(branch + " ").contains("FAILED");
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
