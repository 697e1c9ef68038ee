package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineageCommandTest {
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

    /** Bronze orders with declared columns, silver orders cleaned from them, gold revenue per customer. */
    private void shop() {
        write("strata.yml", "name: shop\n");
        write("models/bronze/bronze.yml", """
                version: 2
                ingest:
                  - name: raw_orders
                    source: {path: data/orders.csv}
                    columns:
                      - {name: id, type: bigint}
                      - {name: customer, type: string}
                      - {name: amount_cents, type: bigint}
                  - name: raw_events
                    source: {path: data/events.csv}
                """);
        write("models/silver/orders.sql", """
                select id as order_id, lower(customer) as customer, amount_cents / 100.0 as amount
                from {{ ref('raw_orders') }}
                where amount_cents > 0""");
        write("models/gold/revenue.sql", "select customer, sum(amount) as revenue from {{ ref('orders') }} group by customer");
    }

    @Test
    void upstreamTextShowsEachDerivationIndentedDownToTheIngestColumns() {
        shop();

        CommandRun result = strata("lineage", "revenue.revenue", "--upstream");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("""
                revenue.revenue
                  <- orders.amount  (aggregated)
                       <- raw_orders.amount_cents  (transformed)
                       <- raw_orders.amount_cents  (filtered by)
                """);
    }

    @Test
    void withoutADirectionBothAreShownEachUnderItsHeading() {
        shop();

        CommandRun result = strata("lineage", "orders.customer");

        assertThat(result.out()).isEqualTo("""
                orders.customer
                  upstream:
                    <- raw_orders.customer  (transformed)
                    <- raw_orders.amount_cents  (filtered by)
                  downstream:
                    -> revenue.customer  (copied)
                """);
    }

    @Test
    void downstreamFollowsAColumnToEveryModelColumnAndDepthStopsEarly() {
        shop();

        CommandRun all = strata("lineage", "raw_orders.customer", "--downstream");
        CommandRun one = strata("lineage", "raw_orders.customer", "--downstream", "--depth", "1");

        assertThat(all.out()).contains("-> orders.customer  (transformed)", "-> revenue.customer  (copied)");
        assertThat(strata("lineage", "raw_orders.customer", "--upstream").out()).isEqualTo("""
                raw_orders.customer
                  lineage starts here: a column of an ingest asset
                """);
        assertThat(strata("lineage", "revenue.customer", "--downstream").out()).contains("no model column derives from it");
        assertThat(one.out()).contains("-> orders.customer  (transformed)").doesNotContain("revenue.customer");
    }

    @Test
    void jsonHasTheColumnsAndTheEdgesWithTheirDerivation() throws IOException {
        shop();

        CommandRun result = strata("lineage", "orders.order_id", "--output", "json");

        JsonNode document = new ObjectMapper().readTree(result.out());
        assertThat(document.get("column").asText()).isEqualTo("orders.order_id");
        assertThat(document.get("direction").asText()).isEqualTo("both");
        List<String> edges = new ArrayList<>();
        document.get("edges").forEach(edge -> edges.add(edge.get("from").asText() + " " + edge.get("derivation").asText() + " " + edge.get("to").asText()));
        assertThat(edges).containsExactlyInAnyOrder("raw_orders.id renamed orders.order_id", "raw_orders.amount_cents filtered by orders.order_id");
    }

    @Test
    void dotDrawsOneClusterPerAssetAndDashesTheFilter() {
        shop();

        CommandRun result = strata("lineage", "orders.amount", "--upstream", "--output", "dot");

        assertThat(result.out()).startsWith("digraph \"orders.amount\" {")
                .contains("label=\"raw_orders\";", "\"raw_orders.amount_cents\" -> \"orders.amount\" [label=\"filtered by\", style=dashed];");
    }

    @Test
    void aMisspeltColumnIsAUsageErrorWithTheClosestName() {
        shop();

        CommandRun result = strata("lineage", "revenue.revenu");

        assertThat(result.exitCode()).isEqualTo(StrataCommand.USAGE_ERROR);
        assertThat(result.err()).contains("asset 'revenue' has no column 'revenu'; did you mean 'revenue'?");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aMisspeltModelIsAUsageErrorWithTheClosestName() {
        shop();

        CommandRun result = strata("lineage", "revenu.revenue");

        assertThat(result.exitCode()).isEqualTo(StrataCommand.USAGE_ERROR);
        assertThat(result.err()).contains("no asset 'revenu' in the project; did you mean 'revenue'?");
    }

    @Test
    void aColumnWithoutItsModelIsAUsageError() {
        shop();

        CommandRun result = strata("lineage", "revenue");

        assertThat(result.exitCode()).isEqualTo(StrataCommand.USAGE_ERROR);
        assertThat(result.err()).contains("give the column as MODEL.COLUMN");
    }

    @Test
    void lsWithColumnsListsDeclaredAndDerivedColumnsAndAQuestionMarkWhenUnknown() {
        shop();

        CommandRun result = strata("ls", "--columns");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines().toList()).anyMatch(line -> line.startsWith("revenue ") && line.endsWith("customer, revenue"))
                .anyMatch(line -> line.startsWith("raw_events ") && line.endsWith(" ?"))
                .anyMatch(line -> line.startsWith("raw_orders ") && line.endsWith("id, customer, amount_cents, _extra, _source_file, _source_line, _ingested_at"));
        assertThat(result.out().lines().findFirst().orElseThrow()).endsWith("COLUMNS");
        assertThat(strata("ls").out()).doesNotContain("COLUMNS", "amount_cents");
    }

    @Test
    void lsWithColumnsAsJsonGivesAnArrayOrNullWhenUnknown() throws IOException {
        shop();

        JsonNode assets = new ObjectMapper().readTree(strata("ls", "--columns", "--output", "json", "-s", "revenue", "raw_events").out());

        assertThat(assets).hasSize(2);
        for (JsonNode asset : assets) {
            switch (asset.get("key").asText()) {
                case "revenue" -> assertThat(asset.get("columns").toString()).isEqualTo("[\"customer\",\"revenue\"]");
                case "raw_events" -> assertThat(asset.get("columns").isNull()).isTrue();
                default -> throw new AssertionError("not selected: " + asset);
            }
        }
    }
}
