package io.strata.ui.browser;

import io.strata.compile.CompileOptions;
import io.strata.lake.LakeEndpoints;
import io.strata.service.QueryResult;
import io.strata.service.Workspace;
import io.strata.stack.testing.LocalStackExtension;
import io.strata.ui.ServeCommand;
import io.strata.ui.ServerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lineage UI in Debian's Chromium, on the FutureMobility project and the real local stack, as a data engineer
 * uses it: find an asset in the graph, open it, materialize it with its upstream and watch the run finish live;
 * then change a model so that a check fails, review the kept branch against main, see the merge refused, accept
 * the change in the test and merge the reviewed branch. Screenshots of every step go to target/screenshots.
 */
@ExtendWith(LocalStackExtension.class)
class BrowserIT {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Duration RUN = Duration.ofMinutes(4);

    @TempDir
    static Path project;
    private static ConfigurableApplicationContext server;
    private static Chromium browser;
    private static String base;

    @BeforeAll
    static void startTheServerAndTheBrowser(LakeEndpoints endpoints) throws IOException {
        for (String path : List.of("strata.yml", "models", "macros", "tests", "examples/futuremobility/data")) {
            copy(REPOSITORY.resolve(path), project.resolve(path));
        }
        server = ServeCommand.start(ServerSettings.of(project, CompileOptions.defaults(), "127.0.0.1", 0, Optional.empty()),
                (profile, root) -> endpoints);
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) server).getWebServer().getPort();
        browser = Chromium.shared(1500, 950);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aDataEngineerFindsMaterializesReviewsAndMergesFromTheBrowser() throws IOException {
        WebDriver page = browser.driver();

        // The lineage graph: every asset of the project, laid out by the server.
        page.get(base + "/");
        waitFor("the graph is drawn", () -> Boolean.TRUE.equals(script("return window.strataGraph && window.strataGraph.ready")));
        assertThat(((Number) script("return window.strataGraph.nodeCount")).intValue()).isGreaterThanOrEqualTo(23);
        browser.screenshot("01-lineage");

        // Materialize everything from the graph; the run's page follows it live until it is merged.
        page.findElement(By.id("materialize-all")).click();
        waitFor("the run page", () -> "run".equals(script("return document.body.dataset.page")));
        wait(page).until(ExpectedConditions.presenceOfElementLocated(By.id("run-status")));
        wait(page).until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-log"), "started"));
        browser.screenshot("02-run-going");
        awaitEndOfRun(page);
        assertThat(statusOf(page)).as(page.findElement(By.id("run-log")).getText()).isEqualTo("MERGED");
        assertThat(page.findElement(By.id("run-log")).getText()).contains("ecoride_sales").contains("merged into main");
        assertThat(page.findElements(By.cssSelector("#gantt [data-asset]"))).hasSizeGreaterThanOrEqualTo(23);
        browser.screenshot("03-run-merged");

        // The graph colours what the run built.
        page.get(base + "/");
        waitFor("the graph shows the run", () -> "SUCCESS".equals(script("return window.strataGraph.statusOf('sales_monthly')")));
        browser.screenshot("04-lineage-after-the-run");

        // Search an asset, select it: the side panel names it; open it, materialize it with its upstream.
        WebElement search = page.findElement(By.id("search"));
        search.sendKeys("sales_monthly", Keys.ENTER);
        script("window.strataGraph.select('sales_monthly')");
        WebElement panel = wait(page).until(ExpectedConditions.visibilityOfElementLocated(By.id("asset-panel")));
        wait(page).until(ExpectedConditions.textToBePresentInElement(panel, "sales_monthly"));
        browser.screenshot("05-search-and-select");
        page.findElement(By.id("panel-open")).click();
        waitFor("the asset page", () -> "asset".equals(script("return document.body.dataset.page")));
        wait(page).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "from silver.sales"));
        browser.screenshot("06-asset");
        page.findElement(By.id("materialize-upstream")).click();
        waitFor("the run page", () -> "run".equals(script("return document.body.dataset.page")));
        awaitEndOfRun(page);
        assertThat(statusOf(page)).as(page.findElement(By.id("run-log")).getText()).isEqualTo("MERGED");
        assertThat(page.findElement(By.id("run-log")).getText()).contains("sales_monthly").contains("up to date");

        // A change to a silver model that breaks one of its checks: the run is kept, main untouched.
        Path sales = project.resolve("models/silver/sales.sql");
        Files.writeString(sales, Files.readString(sales).replace("lower(trim(region))", "upper(trim(region))"));
        page.get(base + "/#/assets/sales");
        waitFor("the asset page", () -> "asset".equals(script("return document.body.dataset.page")));
        wait(page).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "upper(trim(region))"));
        page.findElement(By.id("materialize")).click();
        waitFor("the run page", () -> "run".equals(script("return document.body.dataset.page")));
        awaitEndOfRun(page);
        assertThat(statusOf(page)).isEqualTo("KEPT");
        browser.screenshot("07-run-kept");

        // The review of the kept branch: the sales rows changed, the check that failed; merging is refused.
        page.findElement(By.cssSelector("a[href^='#/branches/run-']")).click();
        waitFor("the branch page", () -> "branch".equals(script("return document.body.dataset.page")));
        wait(page).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "accepted_values"));
        String review = page.findElement(By.tagName("body")).getText();
        assertThat(review).contains("sales").containsIgnoringCase("changed");
        browser.screenshot("08-review");
        // A merge runs every check of the project on the branch first: as long as a run's checks may take.
        page.findElement(By.id("merge-branch")).click();
        new WebDriverWait(page, RUN).until(ExpectedConditions.textToBePresentInElementLocated(By.id("branch-message"), "accepted_values"));
        assertThat(page.findElement(By.id("branch-message")).getText()).contains("Not merged");
        browser.screenshot("09-merge-refused");

        // The new spelling was meant: the test is changed to accept it, and the reviewed branch merges.
        Path yaml = project.resolve("models/silver/silver.yml");
        Files.writeString(yaml, Files.readString(yaml).replace("values: [north, south, east, west, central]",
                "values: [NORTH, SOUTH, EAST, WEST, CENTRAL]"));
        page.findElement(By.id("merge-branch")).click();
        new WebDriverWait(page, RUN).until(ExpectedConditions.textToBePresentInElementLocated(By.id("branch-message"), "into main at"));
        browser.screenshot("10-merged");
        QueryResult north = server.getBean(Workspace.class).query("select count(*) from silver.sales where region = 'NORTH'", "main", 1);
        assertThat((Long) north.rows().getFirst().getFirst()).as("main holds the reviewed spelling").isPositive();

        // sales is partitioned by month: its page shows each month's state on main, and a quarter backfills on one branch.
        // The reviewed branch merged data built by a run whose checks failed, which recorded no partition: every month is stale.
        page.get(base + "/#/assets/sales");
        wait(page).until(ExpectedConditions.presenceOfElementLocated(By.id("partition-grid")));
        assertThat(page.findElements(By.cssSelector("#partition-grid .partition[data-status='STALE']"))).hasSize(24);
        script("document.querySelector('#backfill-from').value = '2025-01-01'; document.querySelector('#backfill-to').value = '2025-03-01'");
        browser.screenshot("10b-partitions");
        page.findElement(By.id("backfill")).click();
        waitFor("the run page", () -> "run".equals(script("return document.body.dataset.page")));
        awaitEndOfRun(page);
        assertThat(statusOf(page)).as(page.findElement(By.id("run-log")).getText()).isEqualTo("MERGED");
        page.get(base + "/#/assets/sales");
        wait(page).until(ExpectedConditions.presenceOfElementLocated(By.id("partition-grid")));
        assertThat(page.findElements(By.cssSelector("#partition-grid .partition[data-status='BUILT']"))).extracting(cell -> cell.getAttribute("data-key"))
                .containsExactly("2025-01-01", "2025-02-01", "2025-03-01");
        assertThat(page.findElement(By.id("partition-summary")).getText()).startsWith("24 partitions: 3 built, 21 stale, 0 missing");

        // Chromium logs every 4xx answer to a fetch as a failed load; the refused merge (409) was expected and shown above.
        assertThat(browser.consoleErrors()).as("errors in the browser's console")
                .allMatch(error -> error.contains("/merge - Failed to load resource: the server responded with a status of 409"));
    }

    @Test
    void theSchedulesOfTheProjectFileArePausedAndResumedFromTheirPage() {
        WebDriver page = browser.driver();
        browser.consoleErrors(); // what the other test left
        page.get(base + "/#/schedules");
        waitFor("the schedules page", () -> "schedules".equals(script("return document.body.dataset.page")));
        wait(page).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#schedules tr[data-schedule]")));
        assertThat(page.findElements(By.cssSelector("#schedules tr[data-schedule]"))).extracting(row -> row.getAttribute("data-schedule"))
                .containsExactly("gold_every_10m", "nightly_full", "new_sales_files");
        assertThat(page.findElement(By.cssSelector("#schedules tr[data-schedule='gold_every_10m']")).getText())
                .contains("schedule", "cron 0 0/10 * * * ? UTC", "+layer:gold", "enabled");
        assertThat(page.findElement(By.cssSelector("#schedules tr[data-schedule='nightly_full']")).getText())
                .contains("cron 0 0 2 * * ? Europe/Berlin", "everything");
        assertThat(page.findElement(By.cssSelector("#schedules tr[data-schedule='new_sales_files']")).getText())
                .contains("sensor", "every 1m, watching ecoride_sales", "ecoride_sales+");
        browser.screenshot("11-schedules");

        // Paused: the row says so and Resume replaces Pause; resumed, it is enabled again.
        page.findElement(By.cssSelector("button[data-action='pause'][data-schedule='gold_every_10m']")).click();
        waitFor("gold_every_10m to be paused", () -> "paused".equals(scheduleState("gold_every_10m")));
        assertThat(page.findElement(By.cssSelector("#schedules tr[data-schedule='gold_every_10m'] .schedule-state")).getText()).isEqualTo("paused");
        assertThat(page.findElements(By.cssSelector("button[data-action='pause'][data-schedule='gold_every_10m']"))).isEmpty();
        assertThat(scheduleState("nightly_full")).isEqualTo("enabled");
        browser.screenshot("12-schedule-paused");
        page.findElement(By.cssSelector("button[data-action='resume'][data-schedule='gold_every_10m']")).click();
        waitFor("gold_every_10m to be resumed", () -> "enabled".equals(scheduleState("gold_every_10m")));

        // A schedule's page: its facts and the history of its runs (none yet: nothing fired it in this test).
        page.findElement(By.linkText("nightly_full")).click();
        waitFor("the schedule's page", () -> "schedule".equals(script("return document.body.dataset.page")));
        wait(page).until(ExpectedConditions.textToBePresentInElementLocated(By.id("schedule-facts"), "schedule:nightly_full"));
        wait(page).until(ExpectedConditions.textToBePresentInElementLocated(By.id("schedule-runs"), "No run of nightly_full yet"));
        assertThat(page.findElement(By.id("message-bar")).isDisplayed()).as("no error shown").isFalse();
        assertThat(browser.consoleErrors()).as("errors in the browser's console").isEmpty();
    }

    /** A row's state read in one step in the page (the rows are re-rendered when the schedules are reloaded). */
    private static String scheduleState(String name) {
        return (String) script("const row = document.querySelector(\"#schedules tr[data-schedule='" + name + "']\"); return row && row.dataset.state");
    }

    private static void awaitEndOfRun(WebDriver page) {
        new WebDriverWait(page, RUN).withMessage("the run ends").until(driver -> !List.of("", "RUNNING").contains(statusOf(driver)));
    }

    private static String statusOf(WebDriver driver) {
        List<WebElement> status = driver.findElements(By.id("run-status"));
        return status.isEmpty() ? "" : String.valueOf(status.getFirst().getAttribute("data-status"));
    }

    private static Object script(String code) {
        return ((JavascriptExecutor) browser.driver()).executeScript(code);
    }

    private static WebDriverWait wait(WebDriver page) {
        return new WebDriverWait(page, Duration.ofSeconds(30));
    }

    private static void waitFor(String what, java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).withMessage(what).until(driver -> condition.get());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
    }
}
