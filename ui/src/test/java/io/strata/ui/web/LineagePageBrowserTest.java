package io.strata.ui.web;

import io.strata.compile.CompileOptions;
import io.strata.compile.TestProject;
import io.strata.lake.LakeLocator;
import io.strata.ui.ServeCommand;
import io.strata.ui.ServerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The lineage page in Debian's Chromium against the real server: it draws every asset, selecting one opens the side
 * panel, the search finds and selects, the panel opens the asset's page. Skipped where Chromium and its driver are not
 * installed ({@code apt-get install chromium chromium-driver}).
 */
class LineagePageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final LakeLocator NO_LAKE = (profile, root) -> {
        throw new AssertionError("the lake was asked for");
    };

    @TempDir
    static Path root;
    @TempDir
    static Path profile;
    private static ConfigurableApplicationContext server;
    private static ChromeDriver browser;
    private static String base;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "Chromium and chromedriver are not installed");
        TestProject.in(root)
                .file("models/bronze/raw_orders.sql", "select 1 as id")
                .file("models/silver/orders.sql", "select * from {{ ref('raw_orders') }}")
                .file("models/gold/revenue.sql", "select * from {{ ref('orders') }}");
        server = ServeCommand.start(ServerSettings.of(root, CompileOptions.defaults(), "127.0.0.1", 0, Optional.empty()), NO_LAKE);
        base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port") + "/";
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,800");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).build(), options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
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
        browser.findElement(By.cssSelector("[data-nav=branches]")).click();
        waitFor(() -> "branches".equals(script("return document.body.dataset.page")), "the branches page");
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
