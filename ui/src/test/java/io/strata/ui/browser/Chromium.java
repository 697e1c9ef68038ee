package io.strata.ui.browser;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.OutputType;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

/**
 * Debian's Chromium driven through its WebDriver, headless: installed with apt by the project's own script
 * ({@code .ci/install-chromium}) when missing, started with the flags that work as root on a closed network
 * (no sandbox, no background networking: without them it floods the network with requests that never answer).
 */
public final class Chromium implements AutoCloseable {
    private static final Path INSTALL = Path.of("..", ".ci", "install-chromium");
    private static final String BINARY = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path userData;

    private Chromium(ChromeDriver driver, Path userData) {
        this.driver = driver;
        this.userData = userData;
    }

    private static Chromium shared;

    /**
     * The one Chromium the browser tests of this JVM share, started on first need (installed first if needed), its window
     * set to the given size, quit when the JVM ends. Its console log is emptied, so a test sees only its own errors.
     */
    public static synchronized Chromium shared(int width, int height) {
        if (shared == null) {
            shared = start(width, height);
            Chromium browser = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(browser::close, "strata-chromium-quit"));
        }
        shared.driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
        shared.consoleErrors();
        return shared;
    }

    /** Chromium in a window of the given size, installed first if needed. */
    private static Chromium start(int width, int height) {
        install();
        try {
            Path userData = Files.createTempDirectory("strata-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BINARY);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=" + width + "," + height, "--user-data-dir=" + userData);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new Chromium(driver, userData);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void install() {
        if (new File(BINARY).canExecute() && new File(DRIVER).canExecute()) {
            return;
        }
        try {
            Process process = new ProcessBuilder("sh", INSTALL.toAbsolutePath().normalize().toString()).inheritIO().start();
            if (process.waitFor() != 0 || !new File(BINARY).canExecute()) {
                throw new IllegalStateException("Chromium could not be installed by " + INSTALL + " (exit " + process.exitValue() + ")");
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The console messages of level SEVERE since the last call: errors of the page's scripts and failed loads. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** Saves what the window shows as {@code target/screenshots/NAME.png}. */
    public Path screenshot(String name) {
        try {
            Path file = Path.of("target", "screenshots", name + ".png");
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        }
        finally {
            try (var files = Files.walk(userData)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
            catch (IOException ignored) {
                // A temp folder left behind is harmless.
            }
        }
    }
}
