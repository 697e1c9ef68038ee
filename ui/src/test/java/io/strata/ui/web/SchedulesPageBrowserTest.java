package io.strata.ui.web;

import io.strata.compile.CompileOptions;
import io.strata.compile.TestProject;
import io.strata.lake.LakeLocator;
import io.strata.run.RunResult;
import io.strata.run.RunStore;
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
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schedules page in Debian's Chromium against the real server, with no lake: it lists the schedules and the sensor
 * of the project file with their last run, pauses and resumes one, and a schedule's page lists its runs; the browser
 * logs no error on the way. (Triggering needs the lake: the stack's browser test covers it.)
 */
class SchedulesPageBrowserTest {
    private static final LakeLocator NO_LAKE = (profile, root) -> {
        throw new AssertionError("the lake was asked for");
    };
    private static final String HOURLY_RUN = "20250301-080000-aaaa";

    @TempDir
    static Path root;
    private static ConfigurableApplicationContext server;
    private static Chromium chromium;
    private static WebDriver browser;
    private static String base;

    @BeforeAll
    static void start() {
        TestProject.empty(root)
                .file("strata.yml", """
                        name: shop
                        schedules:
                          - {name: orders_hourly, cron: "0 0 * * * ?", select: "orders+"}
                          - {name: nightly_full, cron: "0 0 2 * * ?", timezone: Europe/Berlin, full_refresh: true}
                        sensors:
                          - {name: new_order_files, watch: "ingest:raw_orders", every: 5m, select: "raw_orders+"}
                        """)
                .file("models/bronze/raw_orders.yml", "ingest:\n  - name: raw_orders\n    source: {path: \"data/orders-*.csv\"}\n")
                .file("models/silver/orders.sql", "select * from {{ ref('raw_orders') }}");
        try (RunStore store = RunStore.open(root.resolve(".strata"))) {
            store.started(HOURLY_RUN, "run-" + HOURLY_RUN, "orders", Instant.parse("2025-03-01T08:00:00Z"), "schedule:orders_hourly");
            store.finished(new RunResult(HOURLY_RUN, "run-" + HOURLY_RUN, RunResult.Outcome.MERGED, List.of(), List.of(), Optional.of("c0ffee"),
                    Optional.empty(), Duration.ofSeconds(5)));
        }
        server = ServeCommand.start(ServerSettings.of(root, CompileOptions.defaults(), "127.0.0.1", 0, Optional.empty()), NO_LAKE);
        base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port") + "/";
        chromium = Chromium.shared(1400, 800);
        browser = chromium.driver();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSchedulesArePausedAndResumedFromTheirPageAndAScheduleListsItsRuns() {
        browser.get(base + "#/");
        browser.findElement(By.cssSelector("[data-nav=schedules]")).click();
        waitFor(() -> "schedules".equals(script("return document.body.dataset.page")), "the schedules page");
        waitFor(() -> !browser.findElements(By.cssSelector("#schedules tr[data-schedule]")).isEmpty(), "the schedules to load");
        assertThat(browser.findElements(By.cssSelector("#schedules tr[data-schedule]"))).extracting(row -> row.getAttribute("data-schedule"))
                .containsExactly("orders_hourly", "nightly_full", "new_order_files");
        WebElement hourly = row("orders_hourly");
        assertThat(hourly.getText()).contains("schedule", "cron 0 0 * * * ? UTC", "orders+", "enabled", "merged");
        assertThat(hourly.findElement(By.cssSelector("a[href='#/runs/" + HOURLY_RUN + "']")).getText()).isEqualTo(HOURLY_RUN);
        assertThat(row("new_order_files").getText()).contains("sensor", "every 5m, watching raw_orders");
        assertThat(row("nightly_full").getText()).contains("everything", "none yet");

        browser.findElement(By.cssSelector("button[data-action='pause'][data-schedule='nightly_full']")).click();
        waitFor(() -> "paused".equals(stateOf("nightly_full")), "nightly_full to be paused");
        assertThat(browser.findElements(By.cssSelector("button[data-action='pause'][data-schedule='nightly_full']"))).isEmpty();
        assertThat(stateOf("orders_hourly")).isEqualTo("enabled");

        browser.findElement(By.cssSelector("button[data-action='resume'][data-schedule='nightly_full']")).click();
        waitFor(() -> "enabled".equals(stateOf("nightly_full")), "nightly_full to be resumed");

        hourly = row("orders_hourly");
        hourly.findElement(By.linkText("orders_hourly")).click();
        waitFor(() -> "schedule".equals(script("return document.body.dataset.page")), "the schedule's page");
        waitFor(() -> !browser.findElements(By.cssSelector("#schedule-runs tr[data-run]")).isEmpty(), "its runs");
        assertThat(browser.findElements(By.cssSelector("#schedule-runs tr[data-run]"))).extracting(run -> run.getAttribute("data-run"))
                .containsExactly(HOURLY_RUN);
        assertThat(browser.findElement(By.id("schedule-facts")).getText()).contains("schedule:orders_hourly", "enabled");
        browser.findElement(By.cssSelector("#schedule-actions button[data-action='pause'][data-schedule='orders_hourly']")).click();
        waitFor(() -> "paused".equals(script("return document.getElementById('schedule-state').textContent.trim()")), "orders_hourly to be paused");
        browser.findElement(By.cssSelector("#schedule-actions button[data-action='resume'][data-schedule='orders_hourly']")).click();
        waitFor(() -> "enabled".equals(script("return document.getElementById('schedule-state').textContent.trim()")), "orders_hourly to be resumed");

        assertThat(browser.findElement(By.id("message-bar")).isDisplayed()).as("no error shown").isFalse();
        assertThat(chromium.consoleErrors()).isEmpty();
    }

    private static WebElement row(String schedule) {
        return browser.findElement(By.cssSelector("#schedules tr[data-schedule='" + schedule + "']"));
    }

    /** Read in the page in one step: a row is re-rendered when the schedules are reloaded. */
    private static String stateOf(String schedule) {
        return (String) script("const row = document.querySelector(\"#schedules tr[data-schedule='" + schedule + "']\"); return row && row.dataset.state");
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
