package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {
    @TempDir
    Path root;

    private CommandRun strata(String... args) {
        return CommandRun.in(root, args);
    }

    private void write(String path, String text) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void shop() {
        write("strata.yml", "name: shop\n");
        write("models/silver/orders.sql", "select 1 as id, 10 as amount");
        write("models/gold/revenue.sql", "select sum(amount) as revenue from {{ ref('orders') }}");
        write("models/bronze/bronze.yml", "version: 2\ningest:\n  - name: raw_orders\n    source: {path: data/orders.csv}\n");
    }

    @Test
    void compileWritesEachModelUnderTargetCompiledAndEndsWithOneSummaryLine() throws IOException {
        shop();

        CommandRun result = strata("compile");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).matches("Compiled 3 assets in \\d+ ms\\R");
        assertThat(Files.readString(root.resolve("target/compiled/models/gold/revenue.sql")))
                .isEqualTo("select sum(amount) as revenue from silver.orders\n");
        assertThat(root.resolve("target/compiled/models/silver/orders.sql")).exists();
    }

    @Test
    void compileWithASelectionWritesOnlyTheSelectedModels() {
        shop();

        CommandRun result = strata("compile", "-s", "layer:gold");

        assertThat(result.out()).startsWith("Compiled 1 asset in ");
        assertThat(root.resolve("target/compiled/models/gold/revenue.sql")).exists();
        assertThat(root.resolve("target/compiled/models/silver/orders.sql")).doesNotExist();
    }

    @Test
    void aSqlErrorShowsTheLineOfTheModelFileWithACaretAtItsColumn() {
        shop();
        write("models/gold/revenue.sql", "-- revenue\nselect sum(amount) as revenue\nfrom {{ ref('orders') }}\nwhere id = 'one'");

        CommandRun result = strata("compile");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("models/gold/revenue.sql:4:7: error: type mismatch: cannot compare integer with varchar (Trino casts"
                + " neither to the other); cast one side, as in CAST('one' AS integer)\n"
                + " 4 | where id = 'one'\n"
                + "   |       ^\n"
                + "strata: 1 error; nothing was written\n");
    }

    @Test
    void aProjectWithErrorsExitsWithOneWritesNothingAndShowsNoStackTrace() {
        shop();
        write("models/gold/broken.sql", "select *\nfrom {{ ref('order') }}");

        CommandRun result = strata("compile");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("models/gold/broken.sql:2: error: ref('order') names no model, seed or asset of this project;"
                + " did you mean 'orders'?\nstrata: 1 error; nothing was written\n");
        assertThat(result.out()).isEmpty();
        assertThat(root.resolve("target")).doesNotExist();
    }

    @Test
    void aFailedCompileLeavesEarlierOutputAsItWas() throws IOException {
        shop();
        assertThat(strata("compile").exitCode()).isZero();
        String before = Files.readString(root.resolve("target/compiled/models/gold/revenue.sql"));

        write("models/gold/revenue.sql", "select {% if %}");
        assertThat(strata("compile").exitCode()).isEqualTo(1);

        assertThat(Files.readString(root.resolve("target/compiled/models/gold/revenue.sql"))).isEqualTo(before);
    }

    @Test
    void debugAddsTheStackTrace() {
        shop();
        write("models/gold/broken.sql", "select {{ nope }}");

        CommandRun result = strata("compile", "--debug");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("io.strata.project.ProjectException").contains("\tat ");
    }

    @Test
    void aMissingProjectFileIsOneLineAndExitCodeOne() {
        CommandRun result = strata("compile");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: no strata.yml or dbt_project.yml in " + root
                + ": run from the project's folder or pass --project DIR\n");
    }

    @Test
    void aBadSelectorOrVarsIsExitCodeOne() {
        shop();

        assertThat(strata("ls", "-s", "colour:red").exitCode()).isEqualTo(1);
        CommandRun vars = strata("compile", "--vars", "[1, 2]");
        assertThat(vars.exitCode()).isEqualTo(1);
        assertThat(vars.err()).contains("--vars must be a YAML mapping");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithExitCodeTwo() {
        shop();

        CommandRun result = strata("compile", "--frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("compile", "ls", "graph", "materialize", "test")) {
            CommandRun result = strata(command, "--help");
            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.out()).as(command).contains("Usage: strata " + command).contains("--project").contains("--select");
        }
    }

    @Test
    void lsListsKeyKindLayerMaterializationAndPathInDependencyOrder() {
        shop();

        CommandRun result = strata("ls");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines().toList()).containsExactly(
                "KEY         KIND    LAYER   MATERIALIZATION  PATH",
                "orders      model   silver  view             models/silver/orders.sql",
                "raw_orders  ingest  bronze  ingest           models/bronze/bronze.yml",
                "revenue     model   gold    view             models/gold/revenue.sql");
    }

    @Test
    void lsAsJsonHasOneObjectPerSelectedAsset() throws IOException {
        shop();

        CommandRun result = strata("ls", "-s", "+revenue", "--output", "json");

        JsonNode assets = new ObjectMapper().readTree(result.out());
        assertThat(assets).hasSize(2);
        assertThat(assets.get(1).get("key").asText()).isEqualTo("revenue");
        assertThat(assets.get(1).get("relation").asText()).isEqualTo("gold.revenue");
        assertThat(assets.get(1).get("depends_on").get(0).asText()).isEqualTo("orders");
    }

    @Test
    void graphPrintsDotOrJsonWithTheEdgesBetweenSelectedAssets() throws IOException {
        shop();

        CommandRun dot = strata("graph");
        assertThat(dot.out()).startsWith("digraph \"shop\" {").contains("  \"orders\" -> \"revenue\";").endsWith("}\n");

        JsonNode json = new ObjectMapper().readTree(strata("graph", "-o", "json", "-s", "revenue").out());
        assertThat(json.get("nodes")).hasSize(1);
        assertThat(json.get("edges")).isEmpty();
    }

    @Test
    void theSampleProjectCompiles() throws IOException {
        Path sample = Path.of("../examples/quickstart").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.walk(sample)) {
            for (Path file : files.filter(Files::isRegularFile).filter(file -> !sample.relativize(file).startsWith("target")).toList()) {
                Path copy = root.resolve(sample.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }

        CommandRun result = strata("compile");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("Compiled 9 assets in ");
        assertThat(result.err()).as("the sample has no warnings").isEmpty();
        assertThat(Files.readString(root.resolve("target/compiled/models/silver/charging_sessions.sql")))
                .contains("round(cast(energy_wh as double) / 1000, 3) as energy_kwh")
                .contains("select * from bronze.raw_sessions\n")
                .doesNotContain("raw_sessions_late")
                .contains("where started_at >= date '2024-01-01'");
        assertThat(root.resolve("target/compiled/tests/assert_sessions_end_after_start.sql")).exists();
    }

    @Test
    void schedulesListsEachScheduleWithItsNextFirePausesAndResumesOneAndABrokenOneExitsOneNamingItsLine() {
        shop();
        write("strata.yml", """
                name: shop
                schedules:
                  - {name: revenue_hourly, cron: "0 0 * * * ?", timezone: Europe/Berlin, select: "+revenue"}
                sensors:
                  - {name: new_orders, watch: raw_orders, every: 60s}
                """);

        CommandRun listed = strata("schedules");

        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).containsPattern("revenue_hourly +schedule +active +\\d{4}-\\d\\d-\\d\\d \\d\\d:00:00Z +- +cron 0 0 \\* \\* \\* \\? Europe/Berlin; select \\+revenue")
                .containsPattern("new_orders +sensor +active +when a server runs +- +every 1m, watching raw_orders; select raw_orders\\+");

        CommandRun paused = strata("schedules", "pause", "revenue_hourly");
        assertThat(paused.exitCode()).as(paused.err()).isZero();
        assertThat(strata("schedules").out()).as("kept in the store beside the runs").containsPattern("revenue_hourly +schedule +paused +- ");
        assertThat(strata("schedules", "resume", "revenue_hourly").exitCode()).isZero();
        assertThat(strata("schedules").out()).containsPattern("revenue_hourly +schedule +active +\\d{4}");
        CommandRun unknown = strata("schedules", "pause", "revenue_daily");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no schedule or sensor 'revenue_daily'");

        write("strata.yml", "name: shop\nschedules:\n  - {name: broken, cron: \"0 0 25 * * ?\"}\n");
        CommandRun broken = strata("schedules");

        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.err()).contains("strata.yml:3").contains("schedule 'broken'").contains("not a Quartz cron expression");
    }
}
