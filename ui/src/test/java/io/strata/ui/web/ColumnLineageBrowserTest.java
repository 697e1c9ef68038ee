package io.strata.ui.web;

import io.strata.compile.CompileOptions;
import io.strata.compile.TestProject;
import io.strata.lake.LakeLocator;
import io.strata.ui.ServeCommand;
import io.strata.ui.ServerSettings;
import io.strata.ui.browser.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Column lineage in the pages, in Debian's Chromium against the real server, with no lake: the asset page shows each
 * column with the columns it derives from and how, linked to their assets' pages, and says when a model's columns
 * cannot be known; on the lineage graph, a column chosen for the selected asset lights only the assets its lineage
 * crosses.
 */
class ColumnLineageBrowserTest {
    private static final LakeLocator NO_LAKE = (profile, root) -> {
        throw new AssertionError("the lake was asked for");
    };

    @TempDir
    static Path root;
    private static ConfigurableApplicationContext server;
    private static Chromium chromium;
    private static WebDriver browser;
    private static String base;

    @BeforeAll
    static void start() {
        TestProject.in(root)
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: erp
                            tables: [{name: customers}]
                        """)
                .file("models/bronze/raw_orders.sql", "select 1 as id, 250 as cents")
                .file("models/silver/orders.sql", "select id, cents / 100.0 as amount from {{ ref('raw_orders') }}")
                .file("models/silver/customers.sql", "select * from {{ source('erp', 'customers') }}")
                .file("models/gold/order_count.sql", "select count(*) as orders from {{ ref('orders') }}");
        server = ServeCommand.start(ServerSettings.of(root, CompileOptions.defaults(), "127.0.0.1", 0, Optional.empty()), NO_LAKE);
        base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port") + "/";
        chromium = Chromium.shared(1280, 800);
        browser = chromium.driver();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theAssetPageShowsEachColumnWithTheColumnsItDerivesFromLinkedToTheirAssets() {
        browser.get(base + "#/assets/orders");
        waitFor(() -> !browser.findElements(By.cssSelector("#columns tr[data-column]")).isEmpty(), "the columns of orders");
        assertThat(browser.findElements(By.cssSelector("#columns tr[data-column]"))).extracting(row -> row.getAttribute("data-column"))
                .containsExactly("id", "amount");
        WebElement amount = browser.findElement(By.cssSelector("#columns tr[data-column='amount'] li[data-upstream='raw_orders.cents']"));
        assertThat(amount.getAttribute("data-derivation")).isEqualTo("transformed");
        assertThat(amount.getText()).contains("raw_orders.cents", "transformed");
        assertThat(browser.findElement(By.cssSelector("#columns tr[data-column='id'] li[data-upstream='raw_orders.id']")).getText()).contains("copied");
        chromium.screenshot("columns-asset-page");

        amount.findElement(By.linkText("raw_orders")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("#/assets/raw_orders"), "the upstream asset's page");
        waitFor(() -> !browser.findElements(By.cssSelector("#columns tr[data-column='cents']")).isEmpty(), "the columns of raw_orders");
        assertThat(browser.findElement(By.cssSelector("#columns tr[data-column='cents']")).getText()).contains("no column (a constant");

        browser.get(base + "#/assets/customers");
        waitFor(() -> !browser.findElements(By.id("columns-unknown")).isEmpty(), "the columns of customers to be unknown");
        assertThat(browser.findElement(By.id("columns-unknown")).getText())
                .contains("The columns of customers are not known", "selects * from a relation whose columns are not known");
        assertThat(browser.findElement(By.id("message-bar")).isDisplayed()).as("no error shown").isFalse();
        assertThat(chromium.consoleErrors()).isEmpty();
    }

    @Test
    void aColumnChosenOnTheLineageLightsOnlyTheAssetsItsLineageCrosses() {
        browser.get(base + "#/");
        waitFor(() -> Boolean.TRUE.equals(script("return !!(window.strataGraph && window.strataGraph.ready)")), "the graph to be drawn");
        assertThat(script("return window.strataGraph.select('orders')")).isEqualTo(true);
        waitFor(() -> !browser.findElements(By.cssSelector("#panel-column option[value='amount']")).isEmpty(), "the columns of orders");
        assertThat(litKeys()).as("the asset's lineage").containsExactlyInAnyOrder("raw_orders", "orders", "order_count");

        new Select(browser.findElement(By.id("panel-column"))).selectByValue("amount");
        waitFor(() -> "orders.amount".equals(script("return window.strataGraph.column()")), "the column view of orders.amount");
        assertThat(litKeys()).as("count(*) reads no column of orders").containsExactlyInAnyOrder("raw_orders", "orders");
        assertThat(browser.findElement(By.cssSelector("#panel-column-lineage li[data-edge='raw_orders.cents>orders.amount']")).getText())
                .contains("transformed");
        chromium.screenshot("columns-lineage-column-view");

        new Select(browser.findElement(By.id("panel-column"))).selectByValue("");
        waitFor(() -> script("return window.strataGraph.column()") == null, "the asset's lineage again");
        assertThat(litKeys()).containsExactlyInAnyOrder("raw_orders", "orders", "order_count");
        assertThat(browser.findElement(By.id("message-bar")).isDisplayed()).as("no error shown").isFalse();
        assertThat(chromium.consoleErrors()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<String> litKeys() {
        return (List<String>) script("return window.strataGraph.litKeys()");
    }

    private static Object script(String text) {
        return ((JavascriptExecutor) browser).executeScript(text);
    }

    private static void waitFor(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(25);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
