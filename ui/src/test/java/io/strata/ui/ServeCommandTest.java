package io.strata.ui;

import io.strata.compile.TestProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code strata serve} refuses before it starts a server. */
class ServeCommandTest {
    @TempDir
    Path root;

    private record Refused(int exitCode, String err) {
    }

    private Refused serve(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new ServeCommand()).execute(args);
            return new Refused(exit, err.toString(StandardCharsets.UTF_8));
        }
        finally {
            System.setErr(original);
        }
    }

    @Test
    void invalidSchedulesKeepTheServerFromStartingEachNamedWithItsLine() {
        TestProject.empty(root).file("strata.yml", """
                name: shop
                schedules:
                  - {name: hourly, cron: "0 0 * * * ?", select: orders}
                  - {name: broken, cron: "0 0 25 * * ?", select: orders}
                  - {name: nowhere, cron: "0 0 1 * * ?", timezone: Mars/Olympus, select: orders}
                  - {name: nothing, cron: "0 0 2 * * ?", select: customers}
                """).file("models/orders.sql", "select 1 as id");

        Refused refused = serve("--project", root.toString(), "--port", "0");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("strata.yml:4").contains("schedule 'broken'").contains("not a Quartz cron expression")
                .contains("strata.yml:5").contains("Mars/Olympus")
                .contains("strata.yml:6").contains("schedule 'nothing'")
                .contains("3 invalid schedule(s) or sensor(s)").contains("--ignore-invalid-schedules")
                .doesNotContain("'hourly'");
    }

    @Test
    void boundBeyondTheLoopbackAddressItNeedsAToken() {
        TestProject.in(root).file("models/orders.sql", "select 1 as id");

        Refused refused = serve("--project", root.toString(), "--host", "0.0.0.0", "--port", "0");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains(ServeCommand.TOKEN_VARIABLE);
    }
}
