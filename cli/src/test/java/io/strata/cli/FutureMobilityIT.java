package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.strata.branch.NessieBranches;
import io.strata.stack.LocalStack;
import io.strata.stack.StackSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The FutureMobility lakehouse of the repository root, run end to end with {@code strata materialize} on a copy
 * of the project and the real local stack it shares with the examples' tests ({@link SharedStack}). The gold numbers
 * are computed here again from the raw sample files, with none of the project's SQL, and must agree with what the run
 * merged into main.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FutureMobilityIT {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final String DATA = "examples/futuremobility/data/";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path project;

    @BeforeAll
    static void copyTheProject() throws IOException {
        assertThat(REPOSITORY.resolve("strata.yml")).as("the test runs from the cli module of the repository").exists();
        for (String path : List.of("strata.yml", "models", "macros", "tests", DATA)) {
            copy(REPOSITORY.resolve(path), project.resolve(path));
        }
        SharedStack.link(project);
    }

    @Test
    @Order(0)
    void lsAndGraphShowTheJavaAssetsWithTheirDeps() throws Exception {
        CommandRun listed = CommandRun.in(project, "ls", "-s", "+battery_failure_risk+", "--output", "json");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        JsonNode assets = JSON.readTree(listed.out());
        List<String> keys = new ArrayList<>();
        assets.forEach(asset -> keys.add(asset.get("key").asText()));
        assertThat(keys).contains("battery_failure_risk", "battery_failure_risk_holdout", "vehicle_health", "vehicle_maintenance",
                "vehicle_battery_outlook");

        CommandRun graph = CommandRun.in(project, "graph", "-o", "json", "-s", "1+battery_failure_risk");
        assertThat(graph.exitCode()).as(graph.err()).isZero();
        JsonNode edges = JSON.readTree(graph.out()).get("edges");
        List<String> into = new ArrayList<>();
        edges.forEach(edge -> {
            if (edge.get("to").asText().equals("battery_failure_risk")) {
                into.add(edge.get("from").asText());
            }
        });
        assertThat(into).containsExactlyInAnyOrder("vehicle_health", "vehicle_maintenance");
    }

    @Test
    @Order(1)
    void theMainJobIngestsBuildsTestsAndMergesWhatTheRawFilesSay() throws Exception {
        CommandRun run = CommandRun.in(project, "materialize");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("26 built, 0 up to date, 0 failed, 0 skipped").contains("merged into main at");
        assertThat(run.out()).as("silver sales is partitioned by month: every month built as one range")
                .containsPattern("OK +sales +table +[\\d,]+ rows in partitions 2024-01-01\\.\\.2025-12-01 \\(24 built, 0 up to date\\)")
                .as("bronze sales: each monthly file is its month's partition")
                .containsPattern("OK +ecoride_sales +ingest +[\\d,]+ rows \\([\\d,]+ read, [\\d,]+ rejected\\) in partitions 2024-01-01\\.\\.2025-12-01 \\(24 built, 0 up to date\\)")
                .containsPattern("OK +charging_sessions +table +[\\d,]+ rows in partitions 2025-01-01\\.\\.");

        // Rejects: every record the raw files hold that does not fit its declared type, counted here from the files.
        assertThat(rejects("ecoride_sales")).isEqualTo(csvRejects("ecoride/sales-*.csv", Map.of("sale_id", LONG,
                "model_year", INT, "sale_date", DATE, "price_eur", DECIMAL))).isPositive();
        assertThat(rejects("ecoride_customers")).isEqualTo(csvRejects("ecoride/customers.csv", Map.of("age", INT))).isPositive();
        assertThat(rejects("ecoride_vehicles")).isEqualTo(csvRejects("ecoride/vehicles.csv", Map.of("model_year", INT,
                "battery_kwh", DOUBLE, "range_km", INT, "price_eur", DECIMAL))).isPositive();
        assertThat(rejects("chargenet_sessions")).isEqualTo(jsonlRejects("chargenet/sessions-*.jsonl")).isPositive();
        assertThat(rejects("ecoride_vehicle_health")).isEqualTo(jsonlRejects("telemetry/vehicle-health-*.jsonl")).isPositive();
        assertThat(rejects("chargenet_stations")).isEqualTo(jsonArrayRejects("chargenet/stations.json", "capacity")).isPositive();
        assertThat(rejects("ecoride_reviews")).isEqualTo(jsonArrayRejects("reviews/reviews-*.json", "rating")).isPositive();
        // The fixed-width tariff sheet, read by the Java ingest asset: a line of another length is a reject.
        List<String> tariffLines = Files.readAllLines(project.resolve(DATA + "chargenet/tariffs.txt"));
        assertThat(rejects("chargenet_tariffs")).isEqualTo(tariffLines.stream().filter(line -> line.length() != 27).count()).isPositive();
        Map<String, BigDecimal> tariffs = new TreeMap<>();
        tariffLines.stream().filter(line -> line.length() == 27)
                .forEach(line -> tariffs.put(line.substring(0, 6).strip(), new BigDecimal(line.substring(16, 24).strip())));
        for (Map<String, String> row : query("select charger_type, tariff_eur_per_kwh, difference_pct from gold.charging_price_check")) {
            assertThat(new BigDecimal(row.get("tariff_eur_per_kwh"))).as(row.get("charger_type")).isEqualByComparingTo(tariffs.get(row.get("charger_type")));
            assertThat(Math.abs(Double.parseDouble(row.get("difference_pct")))).as("sessions are billed at the tariff").isLessThan(0.1);
        }

        // Sales trends: units and revenue per model over the whole calendar.
        Map<Long, Map<String, String>> sales = validSales();
        Map<String, long[]> unitsAndCents = new TreeMap<>();
        for (Map<String, String> sale : sales.values()) {
            long[] totals = unitsAndCents.computeIfAbsent(sale.get("vehicle_model"), model -> new long[2]);
            totals[0]++;
            totals[1] += new BigDecimal(sale.get("price_eur")).movePointRight(2).longValueExact();
        }
        Map<String, long[]> gold = new TreeMap<>();
        for (Map<String, String> row : query("select vehicle_model, sum(units_sold) as units, sum(revenue_eur) * 100 as cents from gold.sales_monthly group by 1")) {
            gold.put(row.get("vehicle_model"), new long[] {Long.parseLong(row.get("units")), new BigDecimal(row.get("cents")).longValueExact()});
        }
        assertThat(gold.keySet()).isEqualTo(unitsAndCents.keySet());
        unitsAndCents.forEach((model, totals) -> assertThat(gold.get(model)).as(model).containsExactly(totals));

        // Customer lifetime value: vehicles bought and spent per customer.
        Map<String, long[]> perCustomer = new HashMap<>();
        for (Map<String, String> sale : sales.values()) {
            long[] totals = perCustomer.computeIfAbsent(sale.get("customer_id"), id -> new long[2]);
            totals[0]++;
            totals[1] += new BigDecimal(sale.get("price_eur")).movePointRight(2).longValueExact();
        }
        List<Map<String, String>> clv = query("select customer_id, vehicles_bought, vehicle_spend_eur * 100 as cents, segment from gold.customer_lifetime_value");
        assertThat(clv).hasSize(customerIds().size());
        for (Map<String, String> row : clv) {
            long[] expected = perCustomer.getOrDefault(row.get("customer_id"), new long[2]);
            assertThat(new long[] {Long.parseLong(row.get("vehicles_bought")), new BigDecimal(row.get("cents")).longValueExact()})
                    .as(row.get("customer_id")).containsExactly(expected);
            assertThat(row.get("segment").equals("prospect")).isEqualTo(expected[0] == 0);
        }

        // Station utilisation: completed sessions and energy per station.
        Map<String, double[]> perStation = new HashMap<>();
        for (JsonNode session : completedSessions().values()) {
            double[] totals = perStation.computeIfAbsent(session.get("station_id").asText(), id -> new double[2]);
            totals[0]++;
            totals[1] += session.hasNonNull("energy_kwh") ? session.get("energy_kwh").asDouble() : session.get("energy_wh").asLong() / 1000.0;
        }
        List<Map<String, String>> stations = query("select station_id, sessions, energy_kwh from gold.station_utilisation");
        assertThat(stations).hasSize((int) jsonArrayRecords("chargenet/stations.json").stream().filter(station -> station.get("capacity").isInt())
                .map(station -> station.get("station_id").asText()).distinct().count());
        for (Map<String, String> row : stations) {
            double[] expected = perStation.getOrDefault(row.get("station_id"), new double[2]);
            assertThat(Long.parseLong(row.get("sessions"))).as(row.get("station_id")).isEqualTo((long) expected[0]);
            assertThat(Double.parseDouble(row.get("energy_kwh"))).as(row.get("station_id")).isCloseTo(expected[1], within(0.01));
        }

        // Reviews: count and average rating per model.
        Map<String, List<Integer>> ratings = new TreeMap<>();
        Map<Long, JsonNode> reviews = new LinkedHashMap<>();
        for (JsonNode review : jsonArrayRecords("reviews/reviews-*.json")) {
            if (review.get("rating").isInt() && review.get("rating").asInt() >= 1 && review.get("rating").asInt() <= 5) {
                reviews.put(review.get("review_id").asLong(), review);
            }
        }
        reviews.values().forEach(review -> ratings.computeIfAbsent(review.get("vehicle_model").asText(), model -> new ArrayList<>())
                .add(review.get("rating").asInt()));
        List<Map<String, String>> summary = query("select vehicle_model, reviews, avg_rating from gold.review_summary order by 1");
        assertThat(summary).extracting(row -> row.get("vehicle_model")).containsExactlyElementsOf(ratings.keySet());
        for (Map<String, String> row : summary) {
            List<Integer> expected = ratings.get(row.get("vehicle_model"));
            assertThat(Long.parseLong(row.get("reviews"))).isEqualTo(expected.size());
            BigDecimal average = BigDecimal.valueOf(expected.stream().mapToInt(Integer::intValue).sum())
                    .divide(BigDecimal.valueOf(expected.size()), 2, RoundingMode.HALF_UP);
            assertThat(new BigDecimal(row.get("avg_rating"))).as(row.get("vehicle_model")).isEqualByComparingTo(average);
        }

        // Vehicle health: one risk row per connected car, scored from its latest state of health.
        Map<String, JsonNode> latest = new HashMap<>();
        for (JsonNode reading : jsonlRecords("telemetry/vehicle-health-*.jsonl")) {
            latest.merge(reading.get("vin").asText(), reading, (a, b) -> OffsetDateTime.parse(a.get("recorded_at").asText())
                    .isAfter(OffsetDateTime.parse(b.get("recorded_at").asText())) ? a : b);
        }
        List<Map<String, String>> risk = query("select vin, battery_health_pct, battery_points from gold.vehicle_health_risk");
        assertThat(risk).hasSize(latest.size());
        for (Map<String, String> row : risk) {
            double health = latest.get(row.get("vin")).get("battery_health_pct").asDouble();
            assertThat(Double.parseDouble(row.get("battery_health_pct"))).isEqualTo(health);
            assertThat(Integer.parseInt(row.get("battery_points"))).isEqualTo(health < 85 ? 40 : 0);
        }
        assertThat(risk).as("the sample has cars whose battery fades fast").anyMatch(row -> row.get("battery_points").equals("40"));

        // The Java asset: a battery service probability per connected car, its model's AUC checked on the run's branch.
        List<Map<String, String>> predictions = query("select vin, probability, top_reasons from gold.battery_failure_risk");
        assertThat(predictions).extracting(row -> row.get("vin")).containsExactlyInAnyOrderElementsOf(latest.keySet());
        assertThat(predictions).allSatisfy(row -> assertThat(Double.parseDouble(row.get("probability"))).isBetween(0.0, 1.0));
        assertThat(predictions).as("reasons in words for the riskiest cars").anySatisfy(row -> assertThat(row.get("top_reasons")).contains("battery"));
        assertThat(query("select count(*) as n from gold.vehicle_battery_outlook")).singleElement()
                .satisfies(row -> assertThat(Long.parseLong(row.get("n"))).isEqualTo(latest.size()));
        java.util.regex.Matcher merged = java.util.regex.Pattern.compile("Run (\\S+) merged into main").matcher(run.out());
        assertThat(merged.find()).isTrue();
        CommandRun shown = CommandRun.in(project, "runs", "show", merged.group(1));
        assertThat(shown.out()).containsPattern("PASS +battery_model_auc on battery_failure_risk")
                .containsPattern("battery_failure_risk: trained on \\d+ readings, AUC 0\\.\\d{3} on \\d+ readings of held-out cars");
    }

    @Test
    @Order(2)
    void aSecondRunIngestsNothingNewAndFindsEveryModelUpToDate() throws IOException {
        CommandRun run = CommandRun.in(project, "materialize");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        List<String> ingests = run.out().lines().filter(line -> line.contains(" ingest ")).toList();
        assertThat(ingests).hasSize(8).allSatisfy(line -> assertThat(line).contains("0 rows (0 read, 0 rejected)"));
        assertThat(run.out()).containsPattern("UP TO DATE +sales +table").containsPattern("UP TO DATE +station_utilisation +view")
                .as("no bronze month changed: no month of silver sessions is stale")
                .containsPattern("UP TO DATE +charging_sessions +table")
                .as("an incremental model's SQL now has its is_incremental() filter: built once more, adding nothing")
                .containsPattern("OK +vehicle_health +incremental +0 rows");

        CommandRun third = CommandRun.in(project, "materialize");
        assertThat(third.exitCode()).as(third.out() + third.err()).isZero();
        assertThat(third.out()).contains("8 built, 18 up to date, 0 failed, 0 skipped").containsPattern("UP TO DATE +vehicle_health +incremental");
        assertThat(CommandRun.in(project, "partitions", "chargenet_sessions").out()).as("a month without a file is missing")
                .containsPattern("built +2025-01-01\\.\\.2025-12-01 +12").containsPattern("missing +2026-01-01\\.\\.");

        CommandRun rebuilt = CommandRun.in(project, "materialize", "--rebuild", "-s", "+sales_monthly");
        assertThat(rebuilt.exitCode()).as(rebuilt.out() + rebuilt.err()).isZero();
        assertThat(rebuilt.out()).as("--rebuild builds what is selected, up to date or not").contains("3 built, 0 up to date");

        // The merged runs left main's columns with the project: a retyped column now names what derives from it on main.
        io.strata.lineage.MainColumns main = io.strata.lineage.MainColumns.read(project.resolve(".strata/main-columns-local.json"));
        assertThat(main.names(io.strata.api.AssetKey.of("sales"))).hasValueSatisfying(columns -> assertThat(columns).contains("price_eur"));
        assertThat(main.names(io.strata.api.AssetKey.of("battery_failure_risk_holdout")))
                .as("a Java asset's table whose columns the project does not say, read from the catalog's main")
                .hasValueSatisfying(columns -> assertThat(columns).isNotEmpty());
        assertThat(CommandRun.in(project, "ls", "--columns", "-s", "battery_failure_risk_holdout").out()).doesNotContainPattern("\\?\\s*$");
        Path sales = project.resolve("models/silver/sales.sql");
        String original = Files.readString(sales);
        Files.writeString(sales, original.replace("    price_eur,\n", "    cast(price_eur as double) as price_eur,\n"));
        try {
            CommandRun compiled = CommandRun.in(project, "compile");
            assertThat(compiled.exitCode()).as(compiled.out() + compiled.err()).isZero();
            assertThat(compiled.err()).contains("models/silver/sales.sql: warning: impact on main: column 'price_eur' of 'sales'"
                    + " (decimal(12,2) on main) is now double;").contains("sales_monthly.revenue_eur (aggregated)");
        }
        finally {
            Files.writeString(sales, original);
        }
        assertThat(CommandRun.in(project, "compile").err()).doesNotContain("impact on main");
    }

    @Test
    @Order(3)
    void aScheduleTriggeredByHandRunsItsSelectionRecordedWithItsTrigger() {
        CommandRun listed = CommandRun.in(project, "schedules");
        assertThat(listed.exitCode()).as(listed.out() + listed.err()).isZero();
        assertThat(listed.out()).containsPattern("gold_every_10m +schedule +active").containsPattern("nightly_full +schedule +active")
                .containsPattern("new_sales_files +sensor +active");

        CommandRun run = CommandRun.in(project, "schedules", "trigger", "gold_every_10m");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("merged into main").containsPattern("UP TO DATE +sales_monthly");
        CommandRun runs = CommandRun.in(project, "runs");
        assertThat(runs.out().lines().skip(1).findFirst().orElseThrow()).contains("MERGED").contains("schedule:gold_every_10m");
        assertThat(CommandRun.in(project, "schedules").out()).containsPattern("gold_every_10m +schedule +active +\\S+ \\S+ +\\S+ MERGED");
    }

    @Test
    @Order(4)
    void aBrokenModelLeavesMainAsItWas() throws Exception {
        String mainBefore = mainHash();
        Path broken = project.resolve("models/gold/broken_report.sql");
        Files.writeString(broken, "select station_id, sum(energy_kwh as total from {{ ref('charging_sessions') }} group by 1\n");
        try {
            CommandRun run = CommandRun.in(project, "materialize");

            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(6);
            assertThat(run.out()).contains("models/gold/broken_report.sql").contains("Main is unchanged");
            assertThat(mainHash()).isEqualTo(mainBefore);
        }
        finally {
            Files.delete(broken);
        }
    }

    @Test
    @Order(5)
    void aFailingCheckKeepsNewDataOffMainAndTheBranchForInspection() throws Exception {
        String mainBefore = mainHash();
        long sessionsBefore = Long.parseLong(query("select count(*) as n from silver.charging_sessions").getFirst().get("n"));
        // A late delivery with a session at a station the register does not know: relationships fails.
        Files.writeString(project.resolve(DATA + "chargenet/sessions-2026-01.jsonl"), """
                {"session_id": "S77777777", "station_id": "CN-7777", "vin": "WX000000000001", "start_time": "2026-01-05T08:00:00Z", \
                "end_time": "2026-01-05T09:00:00Z", "energy_kwh": 20.5, "cost_eur": 8.00}
                """);

        CommandRun run = CommandRun.in(project, "materialize");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(6);
        assertThat(run.out()).contains("FAIL relationships_charging_sessions_station_id").contains("Main is unchanged");
        assertThat(mainHash()).isEqualTo(mainBefore);
        assertThat(Long.parseLong(query("select count(*) as n from silver.charging_sessions").getFirst().get("n"))).isEqualTo(sessionsBefore);
        String branch = run.out().lines().filter(line -> line.startsWith("Building on branch ")).findFirst().orElseThrow().substring(19);
        assertThat(CommandRun.in(project, "branches").out()).contains(branch);
        assertThat(CommandRun.in(project, "query", "select count(*) as n from silver.charging_sessions where station_id = 'CN-7777'", "--ref", branch,
                "--output", "csv").out()).as("the kept branch shows the offending row").isEqualTo("n\r\n1\r\n");
    }

    @Test
    @Order(6)
    void aQuarterOfSalesBackfillsOnOneBranchAndMergesOnce() throws IOException {
        CommandRun before = CommandRun.in(project, "partitions", "sales");
        assertThat(before.exitCode()).as(before.out() + before.err()).isZero();
        assertThat(before.out()).containsPattern("built +2024-01-01\\.\\.2025-12-01 +24").contains("sales on main: 24 partitions: 24 built, 0 stale, 0 missing");
        long bronzeRows = Long.parseLong(query("select count(*) as n from bronze.ecoride_sales").getFirst().get("n"));

        // Bronze and silver, the quarter's files read again and its months rebuilt, on one branch.
        CommandRun backfill = CommandRun.in(project, "materialize", "-s", "ecoride_sales", "-s", "sales", "--from", "2025-01-01", "--to", "2025-03-01");

        assertThat(backfill.exitCode()).as(backfill.out() + backfill.err()).isZero();
        assertThat(backfill.out())
                .containsPattern("OK +ecoride_sales +ingest +[\\d,]+ rows \\([\\d,]+ read, [\\d,]+ rejected\\) in partitions 2025-01-01\\.\\.2025-03-01 \\(3 built, 21 up to date\\)")
                .containsPattern("OK +sales +table +[\\d,]+ rows in partitions 2025-01-01\\.\\.2025-03-01 \\(3 built, 0 up to date\\)")
                .contains("2 built, 0 up to date").contains("merged into main at");
        assertThat(Long.parseLong(query("select count(*) as n from bronze.ecoride_sales").getFirst().get("n")))
                .as("the quarter's files replace their rows, not add to them").isEqualTo(bronzeRows);
        assertThat(CommandRun.in(project, "partitions", "sales").out()).as("rebuilt into the same data: nothing is stale")
                .contains("sales on main: 24 partitions: 24 built, 0 stale, 0 missing");
        CommandRun refused = CommandRun.in(project, "materialize", "-s", "sales", "--partition", "2026-02-01");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("sales (models/silver/sales.sql): partition '2026-02-01' comes after the last window, which ends at 2026-01-01");
    }

    @Test
    @Order(7)
    void aChangedMonthlyFileMakesItsMonthStaleInBronzeAndSilverAndOnlyThatMonthIsBuilt() throws IOException {
        Path june = project.resolve(DATA + "ecoride/sales-2025-06.csv");
        String original = Files.readString(june);
        // A resent delivery with one more sale.
        Files.writeString(june, original + (original.endsWith("\n") ? "" : "\n")
                + "990001,C000001,ERNO000990001,EcoRide Nova,2025,2025-06-30,51000.00,EcoRide Amsterdam,north\n");
        try {
            assertThat(CommandRun.in(project, "partitions", "ecoride_sales").out()).as("the file changed: its month is stale")
                    .containsPattern("stale +2025-06-01 +1").contains("ecoride_sales on main: ").contains(" 1 stale");

            CommandRun run = CommandRun.in(project, "materialize", "-s", "ecoride_sales+");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out())
                    .containsPattern("OK +ecoride_sales +ingest +[\\d,]+ rows \\([\\d,]+ read, [\\d,]+ rejected\\) in partitions 2025-06-01 \\(1 built, 23 up to date\\)")
                    .as("the month of silver that reads the changed file, and no other")
                    .containsPattern("OK +sales +table +[\\d,]+ rows in partitions 2025-06-01 \\(1 built, 23 up to date\\)")
                    .contains("merged into main at");
            assertThat(query("select count(*) as n from silver.sales where sale_id = 990001")).singleElement()
                    .satisfies(row -> assertThat(row.get("n")).isEqualTo("1"));
            assertThat(CommandRun.in(project, "partitions", "ecoride_sales").out()).doesNotContain("stale  ").contains(" 0 stale");
            // The run store's summary of main: the run that changed June, and an earlier one for May.
            java.util.regex.Matcher merged = java.util.regex.Pattern.compile("Run (\\S+) merged into main").matcher(run.out());
            assertThat(merged.find()).isTrue();
            String json = CommandRun.in(project, "partitions", "ecoride_sales", "-o", "json").out();
            assertThat(json).containsPattern("\"key\" : \"2025-06-01\",\\s*\"status\" : \"BUILT\",\\s*\"last_run\" : \"" + merged.group(1) + "\"")
                    .containsPattern("\"key\" : \"2025-05-01\",\\s*\"status\" : \"BUILT\",\\s*\"last_run\" : \"(?!" + merged.group(1) + ")");
            assertThat(CommandRun.in(project, "partitions", "ecoride_sales").out()).contains("by run " + merged.group(1));
        }
        finally {
            Files.writeString(june, original);
        }
    }

    // ---- What main holds, through the command line.

    private static List<Map<String, String>> query(String sql) throws IOException {
        CommandRun run = CommandRun.in(project, "query", sql, "--output", "csv", "--limit", "100000");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<Map<String, String>> rows = new ArrayList<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(run.out())) {
            List<String> header = null;
            for (CsvRecord record : csv) {
                if (header == null) {
                    header = record.getFields();
                    continue;
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), record.getField(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static long rejects(String table) throws IOException {
        return Long.parseLong(query("select count(*) as n from bronze." + table + "__rejects").getFirst().get("n"));
    }

    private static String mainHash() {
        var endpoints = new LocalStack(StackSettings.forProject(project, System.err)).endpoints();
        try (NessieBranches branches = new NessieBranches(endpoints.nessieApi())) {
            return branches.main().hash();
        }
    }

    // ---- The raw sample, read without Strata.

    private static List<Path> files(String glob) throws IOException {
        var matcher = project.getFileSystem().getPathMatcher("glob:" + project.resolve(DATA) + "/" + glob);
        try (Stream<Path> paths = Files.walk(project.resolve(DATA))) {
            return paths.filter(matcher::matches).sorted().toList();
        }
    }

    /** CSV records: the header's fields by name, or null for a record of another length. */
    private static List<Map<String, String>> csvRecords(String glob) throws IOException {
        List<Map<String, String>> records = new ArrayList<>();
        for (Path file : files(glob)) {
            try (CsvReader<CsvRecord> csv = CsvReader.builder().allowExtraFields(true).allowMissingFields(true).ofCsvRecord(file)) {
                List<String> header = null;
                for (CsvRecord record : csv) {
                    if (header == null) {
                        header = record.getFields();
                    }
                    else if (record.getFieldCount() != header.size()) {
                        records.add(null);
                    }
                    else {
                        Map<String, String> row = new LinkedHashMap<>();
                        for (int i = 0; i < header.size(); i++) {
                            row.put(header.get(i), record.getField(i));
                        }
                        records.add(row);
                    }
                }
            }
        }
        return records;
    }

    private static long csvRejects(String glob, Map<String, Predicate<String>> typed) throws IOException {
        return csvRecords(glob).stream().filter(row -> row == null || !fits(row, typed)).count();
    }

    private static boolean fits(Map<String, String> row, Map<String, Predicate<String>> typed) {
        return typed.entrySet().stream().allMatch(column -> row.get(column.getKey()).isEmpty() || column.getValue().test(row.get(column.getKey())));
    }

    /** Sales that bronze keeps, one per sale id. */
    private static Map<Long, Map<String, String>> validSales() throws IOException {
        Map<Long, Map<String, String>> sales = new LinkedHashMap<>();
        csvRecords("ecoride/sales-*.csv").stream()
                .filter(row -> row != null && fits(row, Map.of("sale_id", LONG, "sale_date", DATE)))
                .forEach(row -> sales.put(Long.parseLong(row.get("sale_id")), row));
        return sales;
    }

    private static List<String> customerIds() throws IOException {
        return csvRecords("ecoride/customers.csv").stream().filter(row -> row != null && fits(row, Map.of("age", INT)))
                .map(row -> row.get("customer_id")).distinct().toList();
    }

    private static List<JsonNode> jsonlRecords(String glob) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (Path file : files(glob)) {
            for (String line : Files.readAllLines(file)) {
                parsed(line).ifPresent(records::add);
            }
        }
        return records;
    }

    private static long jsonlRejects(String glob) throws IOException {
        long rejects = 0;
        for (Path file : files(glob)) {
            rejects += Files.readAllLines(file).stream().filter(line -> !line.isBlank() && parsed(line).isEmpty()).count();
        }
        return rejects;
    }

    private static java.util.Optional<JsonNode> parsed(String line) {
        try {
            return java.util.Optional.of(JSON.readTree(line)).filter(JsonNode::isObject);
        }
        catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static List<JsonNode> jsonArrayRecords(String glob) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (Path file : files(glob)) {
            JSON.readTree(file.toFile()).forEach(records::add);
        }
        return records;
    }

    private static long jsonArrayRejects(String glob, String intField) throws IOException {
        return jsonArrayRecords(glob).stream().filter(record -> record.has(intField) && !record.get(intField).isInt()).count();
    }

    /** Sessions silver keeps: one per id, finished after they started and within a day. */
    private static Map<String, JsonNode> completedSessions() throws IOException {
        Map<String, JsonNode> sessions = new LinkedHashMap<>();
        for (JsonNode session : jsonlRecords("chargenet/sessions-*.jsonl")) {
            if (!session.hasNonNull("end_time")) {
                continue;
            }
            Duration duration = Duration.between(OffsetDateTime.parse(session.get("start_time").asText()), OffsetDateTime.parse(session.get("end_time").asText()));
            if (!duration.isNegative() && !duration.isZero() && duration.toMinutes() <= 24 * 60) {
                sessions.put(session.get("session_id").asText(), session);
            }
        }
        return sessions;
    }

    /** Whether the parser reads the text, as bronze's typing would. */
    private static Predicate<String> parses(java.util.function.Function<String, ?> parser) {
        return text -> {
            try {
                parser.apply(text);
                return true;
            }
            catch (RuntimeException e) {
                return false;
            }
        };
    }

    private static final Predicate<String> LONG = parses(Long::parseLong);
    private static final Predicate<String> INT = parses(Integer::parseInt);
    private static final Predicate<String> DOUBLE = parses(Double::parseDouble);
    private static final Predicate<String> DECIMAL = parses(BigDecimal::new);
    private static final Predicate<String> DATE = parses(LocalDate::parse);

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target);
                }
            }
        }
    }
}
