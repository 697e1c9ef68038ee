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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lineage page in Debian's Chromium against the real server, with no lake: it draws every asset, selecting one opens
 * the side panel, the search finds and selects, the panel opens the asset's page, the top bar reaches the runs, and
 * the browser logs no error on the way. (The branches need the lake: the stack's browser test covers them.)
 */
class LineagePageBrowserTest {
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
                .file("models/bronze/raw_orders.sql", "select 1 as id")
                .file("models/silver/orders.sql", "select * from {{ ref('raw_orders') }}")
                .file("models/gold/revenue.sql", "select * from {{ ref('orders') }}");
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
    void theLineageDrawsEveryAssetAndASelectedOneOpensItsPanelAndPage() {
        browser.get(base + "#/");
        waitFor(() -> Boolean.TRUE.equals(script("return !!(window.strataGraph && window.strataGraph.ready)")), "the graph to be drawn");
        assertThat(script("return document.body.dataset.page")).isEqualTo("graph");
        assertThat(script("return window.strataGraph.nodeCount")).isEqualTo(3L);
        assertThat(script("return window.strataGraph.statusOf('orders')")).as("never built").isEqualTo("NEVER");

        WebElement panel = browser.findElement(By.id("asset-panel"));
        assertThat(panel.isDisplayed()).isFalse();
        assertThat(script("return window.strataGraph.select('orders')")).isEqualTo(true);
        waitFor(panel::isDisplayed, "the side panel");
        assertThat(panel.getText()).contains("orders", "silver", "model");
        for (String button : new String[] {"panel-open", "panel-materialize", "panel-upstream", "panel-downstream"}) {
            assertThat(browser.findElement(By.id(button)).isDisplayed()).as(button).isTrue();
        }

        WebElement search = browser.findElement(By.id("search"));
        search.sendKeys("revenue", Keys.ENTER);
        waitFor(() -> panel.getText().contains("revenue"), "the search to select revenue");

        browser.findElement(By.id("panel-open")).click();
        waitFor(() -> "asset".equals(script("return document.body.dataset.page")), "the asset page");
        assertThat(browser.getCurrentUrl()).endsWith("#/assets/revenue");

        browser.findElement(By.cssSelector("[data-nav=runs]")).click();
        waitFor(() -> "runs".equals(script("return document.body.dataset.page")), "the runs page");
        waitFor(() -> !browser.findElements(By.cssSelector("#runs-table .empty, #runs")).isEmpty(), "the runs to load");
        assertThat(browser.findElement(By.id("message-bar")).isDisplayed()).as("no error shown").isFalse();
        assertThat(chromium.consoleErrors()).isEmpty();
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
