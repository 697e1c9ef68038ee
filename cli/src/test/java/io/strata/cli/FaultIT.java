package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.branch.NessieBranches;
import io.strata.run.FaultPoints;
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
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults in the middle of a run, on the project's own local stack: a service of the stack (Nessie, the object
 * store, Trino) or the runner itself is killed (SIGKILL) while the run builds (after its first asset is built), while
 * it checks an asset, as its merge starts and right after the merge ({@link FaultPoints}). Each time main is exactly
 * as before or holds the whole run, the run's record says which (failed naming the service, or merged with main's
 * commit), the checks pass on main, the next command restarts what died and says so, and the next run merges.
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
        serviceKilledAt(FaultPoints.Point.BUILDING, "second", "nessie", "Nessie at 127.0.0.1:");
    }

    @Test
    @Order(2)
    void theObjectStoreKilledWhileBuilding() throws Exception {
        serviceKilledAt(FaultPoints.Point.BUILDING, "second", "s3proxy", "the object store at 127.0.0.1:");
    }

    @Test
    @Order(3)
    void trinoKilledWhileBuilding() throws Exception {
        serviceKilledAt(FaultPoints.Point.BUILDING, "second", "trino", "Trino at http://127.0.0.1:");
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
        assertHistoryMatchesMain(id, mainBefore);
        nextRunMerges();
    }

    @Test
    @Order(5)
    void nessieKilledWhileChecking() throws Exception {
        serviceKilledAt(FaultPoints.Point.CHECKING, "third", "nessie", "Nessie at 127.0.0.1:");
    }

    @Test
    @Order(6)
    void trinoKilledWhileChecking() throws Exception {
        serviceKilledAt(FaultPoints.Point.CHECKING, "third", "trino", "Trino at http://127.0.0.1:");
    }

    @Test
    @Order(7)
    void nessieKilledAsTheMergeStarts() throws Exception {
        serviceKilledAt(FaultPoints.Point.MERGING, null, "nessie", "Nessie at 127.0.0.1:");
    }

    @Test
    @Order(8)
    void trinoKilledAsTheMergeStarts() throws Exception {
        serviceKilledAt(FaultPoints.Point.MERGING, null, "trino", "Trino at http://127.0.0.1:");
    }

    @Test
    @Order(9)
    void nessieKilledRightAfterTheMerge() throws Exception {
        serviceKilledAt(FaultPoints.Point.MERGED, null, "nessie", "Nessie at 127.0.0.1:");
    }

    @Test
    @Order(10)
    void theRunnerKilledRightAfterTheMerge() throws Exception {
        String mainBefore = mainHash();
        // The runner in a process of its own, ended at the point as kill -9 would end it (no shutdown hook runs).
        Process runner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dstrata.fault.halt=merged", "-cp", System.getProperty("java.class.path"), StrataCommand.class.getName(),
                "materialize", "--rebuild", "--threads", "1", "--project", project.toString())
                .redirectErrorStream(true).start();
        String printed = new String(runner.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(runner.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.exitValue()).as(printed).isEqualTo(137);
        Matcher branch = RUN_ID.matcher(printed);
        assertThat(branch.find()).as(printed).isTrue();
        String id = branch.group(1);

        CommandRun shown = CommandRun.in(project, "runs", "show", id);
        assertThat(shown.out()).as("main's log settles the run").contains("Run " + id + ": MERGED")
                .contains("the process ended before it recorded the merge");
        assertThat(mainHash()).isNotEqualTo(mainBefore);
        assertHistoryMatchesMain(id, mainBefore);
        nextRunMerges();
    }

    /**
     * Kills the stack's {@code process} when the run reaches {@code point} (for {@code detail}, an asset, if given); the
     * run ends naming the service unless main already has the whole run, and the history says what main holds.
     */
    private static void serviceKilledAt(FaultPoints.Point point, String detail, String process, String named) throws Exception {
        String mainBefore = mainHash();
        long pid = pid(process);
        FaultPoints.install((reached, what) -> {
            if (reached == point && (detail == null || detail.equals(what))) {
                ProcessHandle.of(pid).ifPresent(service -> {
                    service.destroyForcibly();
                    service.onExit().join();
                });
            }
        });
        StringWriter printed = new StringWriter();
        StringWriter errors = new StringWriter();
        int exitCode;
        try {
            exitCode = StrataCommand.run(new String[] {"materialize", "--rebuild", "--threads", "1", "--project", project.toString()},
                    new PrintWriter(printed, true), new PrintWriter(errors, true));
        }
        finally {
            FaultPoints.clear();
        }
        Matcher branch = RUN_ID.matcher(printed.toString());
        assertThat(branch.find()).as(printed + "\n" + errors).isTrue();
        String id = branch.group(1);
        assertThat(errors.toString() + printed).as("no internal error, no library's words").doesNotContain("internal error").doesNotContain("Exception");

        // The next command on the stack restarts what died and says so (after a merge, the run's own recording of main's
        // columns may have been that command).
        CommandRun next = CommandRun.in(project, "branches");
        assertThat(errors + next.err()).contains(process + " (pid " + pid + ") is no longer running; starting it again");
        if (mainHash().equals(mainBefore)) {
            assertThat(exitCode).as(printed + "\n" + errors).isEqualTo(4);
            assertThat(errors.toString()).as("the error names the service").contains(named);
            assertThat(next.out()).as("the branch is kept for inspection").contains("run-" + id);
            assertThat(CommandRun.in(project, "runs", "show", id).out()).as("the record names the service").contains(named);
        }
        else {
            // The merge was made before the service died: the run merged, and says what was left undone.
            assertThat(point).as("main changes only from the merge on").isIn(FaultPoints.Point.MERGING, FaultPoints.Point.MERGED);
            assertThat(exitCode).as(printed + "\n" + errors).isZero();
            assertThat(printed.toString()).contains("Run " + id + " merged into main at");
        }
        assertHistoryMatchesMain(id, mainBefore);
        nextRunMerges();
    }

    /** Main is exactly as before and the run failed, or main has the run's merge commit and the run is recorded merged with it. */
    private static void assertHistoryMatchesMain(String id, String mainBefore) {
        String shown = CommandRun.in(project, "runs", "show", id).out();
        String main = mainHash();
        if (main.equals(mainBefore)) {
            assertThat(shown).as("main is as before, so the run did not merge").containsAnyOf("Run " + id + ": FAILED", "Run " + id + ": ABANDONED");
        }
        else {
            var endpoints = new LocalStack(StackSettings.forProject(project, System.err)).endpoints();
            try (NessieBranches branches = new NessieBranches(endpoints.nessieApi())) {
                assertThat(branches.findMerge(id, 10)).as("main's newest change is the run's merge").map(io.strata.branch.Commit::hash)
                        .contains(main);
            }
            assertThat(shown).contains("Run " + id + ": MERGED").contains(main);
        }
        CommandRun test = CommandRun.in(project, "test");
        assertThat(test.exitCode()).as("the checks pass on main: " + test.out() + test.err()).isZero();
    }

    /** The next run merges (so its checks passed on its branch): the last table rebuilt, on the restarted stack. */
    private static void nextRunMerges() {
        CommandRun again = CommandRun.in(project, "materialize", "--rebuild", "--select", "fourth");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("merged into main at");
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
}
