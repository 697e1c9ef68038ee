package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.branch.NessieBranches;
import io.strata.stack.LocalStack;
import io.strata.stack.StackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults in the middle of a run, on the project's own local stack: a service of the stack (Nessie, the object
 * store, Trino) or the runner itself is killed (SIGKILL) while the run builds, after its first asset is built. Each
 * time main is exactly as before, the run is recorded as failed (or abandoned, for the runner) and names the service,
 * the next command restarts what died and says so, and the next run merges with its checks passing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUN_ID = Pattern.compile("Building on branch run-(\\S+)");

    @TempDir
    static Path project;

    /** A seed and a chain of four tables, each with a check: one thread builds them one after another. */
    @BeforeAll
    static void writeTheProject() throws IOException {
        write("strata.yml", """
                name: faults
                profile: local
                profiles:
                  local: {type: trino, schema: faults}
                models:
                  +materialized: table
                """);
        write("seeds/readings.csv", "id,value\n1,10\n2,20\n3,30\n");
        write("models/first.sql", "select id, value from {{ ref('readings') }}");
        write("models/second.sql", "select id, value * 2 as value from {{ ref('first') }}");
        write("models/third.sql", "select id, value + 1 as value from {{ ref('second') }}");
        write("models/fourth.sql", "select count(*) as readings, sum(value) as total from {{ ref('third') }}");
        write("models/checks.yml", """
                version: 2
                models:
                  - name: third
                    columns:
                      - {name: id, tests: [not_null, unique]}
                  - name: fourth
                    columns:
                      - {name: readings, tests: [not_null]}
                """);
        CommandRun first = CommandRun.in(project, "materialize");
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    }

    @AfterAll
    static void stopTheStack() {
        CommandRun.in(project, "stack", "down", "--purge");
    }

    @Test
    @Order(1)
    void nessieKilledWhileBuilding() throws Exception {
        serviceKilledWhileBuilding("nessie", "Nessie at 127.0.0.1:");
    }

    @Test
    @Order(2)
    void theObjectStoreKilledWhileBuilding() throws Exception {
        serviceKilledWhileBuilding("s3proxy", "the object store at 127.0.0.1:");
    }

    @Test
    @Order(3)
    void trinoKilledWhileBuilding() throws Exception {
        serviceKilledWhileBuilding("trino", "Trino at http://127.0.0.1:");
    }

    @Test
    @Order(4)
    void theRunnerKilledWhileBuilding() throws Exception {
        String mainBefore = mainHash();
        // The runner in a process of its own, killed as an operator's kill -9 would.
        Process runner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StrataCommand.class.getName(),
                "materialize", "--rebuild", "--threads", "1", "--project", project.toString())
                .redirectErrorStream(true).start();
        String id = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher branch = RUN_ID.matcher(line);
                if (branch.find()) {
                    id = branch.group(1);
                }
                if (line.trim().startsWith("OK ")) {
                    runner.destroyForcibly();
                    break;
                }
            }
        }
        assertThat(runner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(id).as("the run started").isNotNull();

        CommandRun shown = CommandRun.in(project, "runs", "show", id);
        assertThat(shown.out()).as("the next command finds the run's process gone").contains("Run " + id + ": ABANDONED");
        assertThat(mainHash()).isEqualTo(mainBefore);
        nextRunMerges();
    }

    /** Kills the stack's {@code process} once the run's first asset is built; the run stops naming the service. */
    private static void serviceKilledWhileBuilding(String process, String named) throws Exception {
        String mainBefore = mainHash();
        long pid = pid(process);
        CountDownLatch firstBuilt = new CountDownLatch(1);
        StringBuilder printed = new StringBuilder();
        Writer watched = new LineWatcher(printed, line -> line.trim().startsWith("OK "), firstBuilt);
        StringBuilder errors = new StringBuilder();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> StrataCommand.run(
                new String[] {"materialize", "--rebuild", "--threads", "1", "--project", project.toString()},
                new PrintWriter(watched, true), new PrintWriter(new LineWatcher(errors, line -> false, new CountDownLatch(1)), true)));
        assertThat(firstBuilt.await(120, TimeUnit.SECONDS)).as("the first asset is built: " + printed).isTrue();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        int exitCode = run.get(5, TimeUnit.MINUTES);

        assertThat(exitCode).as(printed + "\n" + errors).isEqualTo(4);
        assertThat(errors.toString()).as("the error names the service").contains(named).contains("main is unchanged")
                .doesNotContain("internal error").doesNotContain("Exception");
        Matcher branch = RUN_ID.matcher(printed);
        assertThat(branch.find()).isTrue();
        // The next command on the stack restarts what died and says so.
        CommandRun next = CommandRun.in(project, "branches");
        assertThat(next.err()).contains(process + " (pid " + pid + ") is no longer running; starting it again");
        assertThat(next.out()).as("the branch is kept for inspection").contains("run-" + branch.group(1));
        assertThat(CommandRun.in(project, "runs", "show", branch.group(1)).out()).contains("Run " + branch.group(1) + ": FAILED").contains(named);
        assertThat(mainHash()).as("main is exactly as before").isEqualTo(mainBefore);
        nextRunMerges();
    }

    /** The next run merges, and the checks pass on main. */
    private static void nextRunMerges() {
        CommandRun again = CommandRun.in(project, "materialize", "--rebuild");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("merged into main at");
        CommandRun test = CommandRun.in(project, "test");
        assertThat(test.exitCode()).as(test.out() + test.err()).isZero();
    }

    private static long pid(String process) throws IOException {
        JsonNode stack = JSON.readTree(project.resolve(".strata/stack/stack.json").toFile());
        return stack.at("/processes/" + process + "/pid").asLong();
    }

    private static String mainHash() {
        var endpoints = new LocalStack(StackSettings.forProject(project, System.err)).endpoints();
        try (NessieBranches branches = new NessieBranches(endpoints.nessieApi())) {
            return branches.main().hash();
        }
    }

    private static void write(String path, String text) throws IOException {
        Files.createDirectories(project.resolve(path).getParent());
        Files.writeString(project.resolve(path), text);
    }

    /** Keeps what is written and opens the latch on the first line that matches. */
    private static final class LineWatcher extends Writer {
        private final StringBuilder all;
        private final Predicate<String> match;
        private final CountDownLatch matched;
        private final StringBuilder line = new StringBuilder();

        LineWatcher(StringBuilder all, Predicate<String> match, CountDownLatch matched) {
            this.all = all;
            this.match = match;
            this.matched = matched;
        }

        @Override
        public synchronized void write(char[] buffer, int offset, int length) {
            all.append(buffer, offset, length);
            for (int i = offset; i < offset + length; i++) {
                if (buffer[i] == '\n') {
                    if (match.test(line.toString())) {
                        matched.countDown();
                    }
                    line.setLength(0);
                }
                else {
                    line.append(buffer[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
