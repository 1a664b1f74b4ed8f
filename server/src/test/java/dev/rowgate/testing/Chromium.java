package dev.rowgate.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for page tests: Debian's {@code chromium}, headless, driven through Selenium by Debian's
 * {@code chromedriver} (never Selenium Manager, which would download one). Each test class gets a browser with a fresh
 * profile, and each test starts on a blank tab without cookies. When a test fails, a screenshot, the page source and
 * the console log are saved as {@code target/screenshots/<Class>-<method>.png|.html|.log}. Register it with
 * {@code @RegisterExtension} (as {@link InBrowser} does).
 *
 * <p>When the executables are missing the tests fail saying what to install, unless {@code ROWGATE_TEST_BROWSER=skip}
 * (not with {@code CI=true}: CI installs them, so there a missing browser is a broken machine). Other locations:
 * {@code ROWGATE_TEST_CHROMIUM} and {@code ROWGATE_TEST_CHROMEDRIVER}.
 */
public final class Chromium implements BeforeAllCallback, BeforeEachCallback, AfterTestExecutionCallback, AfterAllCallback {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** Long enough for a cold browser on a busy 2-core machine; waits end as soon as their condition holds. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final Path CHROMIUM = Path.of(env("ROWGATE_TEST_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(env("ROWGATE_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final AtomicBoolean VERSIONS_PRINTED = new AtomicBoolean();
    /**
     * Selenium warns at every start that it has no CDP classes for this Chromium; none are used (only chromedriver's
     * version-independent commands), so the warning is noise. Held here: loggers are weakly referenced.
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private ChromeDriver driver;
    private Path profile;

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter(p -> !Files.isExecutable(p)).map(Path::toString)
                .collect(Collectors.joining(" and "));
        if (missing.isEmpty()) return;
        String message = "Browser tests need Debian's chromium and chromedriver, and " + missing + " is missing: install them with "
                + "`apt-get install chromium chromium-driver` (.ci/run does this in CI), point ROWGATE_TEST_CHROMIUM and "
                + "ROWGATE_TEST_CHROMEDRIVER at other copies, or set ROWGATE_TEST_BROWSER=skip to skip the browser tests";
        if ("skip".equals(System.getenv("ROWGATE_TEST_BROWSER")) && !"true".equals(System.getenv("CI"))) {
            System.err.println("WARNING: " + message + ": browser tests are SKIPPED.");
            Assumptions.abort(message);
        }
        throw new IllegalStateException(message);
    }

    /**
     * A browser per test class (starting one costs seconds on a busy machine), reset before each test to a blank tab
     * with no cookies, so every test starts signed out as a new visitor would.
     */
    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (driver != null) {
            try {
                driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
                driver.get("about:blank");
                console();
                return;
            } catch (WebDriverException e) {
                // the browser died with an earlier test: start another
                quit();
            }
        }
        start();
    }

    private void start() throws IOException {
        profile = Files.createTempDirectory("rowgate-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1024", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The service names the driver executable, so Selenium Manager is never asked for one (DriverFinder).
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream()).build();
        driver = new ChromeDriver(service, options);
        if (VERSIONS_PRINTED.compareAndSet(false, true)) {
            Object chrome = driver.getCapabilities().getCapability("chrome");
            Object chromedriver = chrome instanceof Map<?, ?> m ? m.get("chromedriverVersion") : "?";
            System.err.println("Browser tests: Chromium " + driver.getCapabilities().getBrowserVersion() + ", chromedriver " + chromedriver);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * An explicit wait: {@code chromium.await().until(ExpectedConditions...)}. A click that posts a form navigates, and
     * an element the condition has just found may go with the old document before chromedriver inspects it; chromedriver
     * then answers "unknown error: ... Node with given id does not belong to the document" instead of a stale element
     * (a clean-clone CI failed on it once, waiting for a revoked app to disappear). That is the same "not yet" as a
     * stale element, which {@code ExpectedConditions} already treat so, and the wait tries again; any other error
     * still ends it.
     */
    public WebDriverWait await() {
        return new WebDriverWait(driver, WAIT) {
            @Override
            public <V> V until(Function<? super WebDriver, ? extends V> condition) {
                return super.until(browser -> {
                    try {
                        return condition.apply(browser);
                    } catch (WebDriverException e) {
                        if (isGoneWithTheOldDocument(e)) return null;
                        throw e;
                    }
                });
            }
        };
    }

    private static boolean isGoneWithTheOldDocument(WebDriverException e) {
        return e instanceof StaleElementReferenceException
                || (e.getMessage() != null && e.getMessage().contains("does not belong to the document"));
    }

    /**
     * Saves a screenshot of the whole page as it is now (beyond the window, through chromedriver's CDP command, which
     * does not depend on Selenium's per-version CDP classes) as {@code target/screenshots/<name>.png}.
     */
    public Path screenshot(String name) {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<?, ?> size = (Map<?, ?>) metrics.get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path png = SCREENSHOTS.resolve(name + ".png");
            Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The console messages since the last call (the browser hands each out once), including CSP violations, which
     * Chromium reports there as errors ("Refused to ... because it violates the following Content Security Policy").
     */
    public List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty() || driver == null) return;
        String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
        try {
            Path png = screenshot(name);
            Files.writeString(SCREENSHOTS.resolve(name + ".html"), "<!-- " + driver.getCurrentUrl() + " -->\n" + driver.getPageSource());
            Files.write(SCREENSHOTS.resolve(name + ".log"), console());
            System.err.println("Browser test failed: the page is saved as " + png.toAbsolutePath() + " (and .html, .log)");
        } catch (RuntimeException | IOException e) {
            // The test's own failure is what matters; a browser that died with it cannot be photographed.
            System.err.println("Browser test failed, and its screenshot could not be saved: " + e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        quit();
    }

    private void quit() {
        try {
            if (driver != null) driver.quit();
        } catch (WebDriverException e) {
            // already gone
        } finally {
            driver = null;
            deleteProfile();
        }
    }

    private void deleteProfile() {
        if (profile != null) TestDb.deleteTree(profile);
        profile = null;
    }
}
