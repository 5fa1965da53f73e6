package dev.northstar.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Pdf;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the console's tests: Debian's {@code chromium} driven through its {@code chromedriver} (never
 * a driver selenium-manager would download), in one language, keeping every SEVERE entry of the browser's console
 * (script errors, failed loads, CSP violations), a PNG of every page it was told to look at and the PDFs it printed
 * under {@link #SCREENSHOTS}, and waiting on conditions, never for a time.
 */
final class Browser implements AutoCloseable {

    /** Where screenshots and printed PDFs go: {@code target/console-screenshots/<name>.png|.pdf}. */
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots").toAbsolutePath();
    static final Path CHROMIUM = Path.of(System.getProperty("northstar.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("northstar.chromedriver", "/usr/bin/chromedriver"));
    /** How long a condition may take: generous for a loaded 2-core CI machine, never waited in full when it holds. */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final int MAX_SHOT_HEIGHT = 12_000;

    private final String who;
    private final String language;
    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final List<String> severe = new ArrayList<>();
    private String where = "(no page yet)";
    private String lastShot = "start";
    private static final AtomicInteger TIMEOUTS = new AtomicInteger();

    private Browser(String who, String language, ChromeDriver driver) {
        this.who = who;
        this.language = language;
        this.driver = driver;
        this.wait = new WebDriverWait(driver, PATIENCE, Duration.ofMillis(50));
        // a page being replaced (a click that navigates, a reload) leaves elements behind that are gone
        wait.ignoring(StaleElementReferenceException.class);
    }

    /**
     * Starts headless Chromium preferring {@code language} (the UI language and the Accept-Language it sends);
     * {@code who} names it in failure messages (e.g. "admin", "read").
     */
    static Browser start(String who, String language) {
        for (Path file : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(file)) {
                throw new IllegalStateException(file + " is missing: the browser tests need Debian's chromium and"
                        + " chromium-driver (apt-get install -y chromium chromium-driver; .ci/run installs them)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--lang=" + language, "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-search-engine-choice-screen", "--disable-features=Translate,MediaRouter",
                "--password-store=basic");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(PATIENCE);
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            driver.quit();
            throw new UncheckedIOException(e);
        }
        return new Browser(who, language, driver);
    }

    ChromeDriver driver() {
        return driver;
    }

    String who() {
        return who;
    }

    String language() {
        return language;
    }

    /**
     * Goes to {@code url}, waits until the document is loaded and every chart on it has drawn, keeps a screenshot as
     * {@code <shot>.png} and the console's entries; returns the page's charts and their points.
     */
    Map<String, Integer> open(String url, String shot) {
        where = shot + " (" + url + ")";
        driver.get(url);
        return settle(shot);
    }

    /** After a navigation this browser did itself (a click, a submit, a reload): the same as {@link #open}. */
    Map<String, Integer> settle(String shot) {
        where = shot + " (" + driver.getCurrentUrl() + ")";
        lastShot = shot;
        await("the document loaded", d -> "complete".equals(js("return document.readyState")));
        Map<String, Integer> charts = awaitChartsDrawn();
        screenshot(shot);
        drainLog();
        return charts;
    }

    /** Reloads the page and settles it. */
    Map<String, Integer> reload(String shot) {
        driver.navigate().refresh();
        return settle(shot);
    }

    /**
     * Waits until every {@code .chart} of the page ({@code div.chart} that ECharts draws, or a sparkline the server
     * drew as SVG) has its {@code data-points}; returns each
     * chart's description ({@code data-chart}, with {@code data-kpi} where it has one, numbered when repeated) and
     * its points.
     */
    Map<String, Integer> awaitChartsDrawn() {
        await("every .chart drew (has data-points)", d -> d.findElements(By.cssSelector(".chart")).stream()
                .allMatch(e -> e.getDomAttribute("data-points") != null));
        Map<String, Integer> points = new LinkedHashMap<>();
        for (WebElement chart : driver.findElements(By.cssSelector(".chart"))) {
            String name = chart.getDomAttribute("data-chart");
            String kpi = chart.getDomAttribute("data-kpi");
            String key = kpi == null ? String.valueOf(name) : name + "/" + kpi;
            String unique = key;
            for (int n = 2; points.containsKey(unique); n++) {
                unique = key + "#" + n;
            }
            points.put(unique, Integer.parseInt(chart.getDomAttribute("data-points").strip()));
        }
        return points;
    }

    /** Waits for {@code condition} to give something other than null or false; on time-out, a screenshot and why. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        try {
            return wait.until(condition);
        } catch (TimeoutException e) {
            String shot = lastShot + "-timeout-" + TIMEOUTS.incrementAndGet();
            screenshot(shot);
            drainLog();
            throw new AssertionError(who + " waited " + PATIENCE.toSeconds() + " s in vain for " + what + " on "
                    + where + "; see " + SCREENSHOTS.resolve(shot + ".png") + (severe.isEmpty() ? ""
                    : "; console errors: " + severe), e);
        }
    }

    /** The element, waited for until it is in the page. */
    WebElement await(String css) {
        return await(css + " in the page", d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    boolean has(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** {@code <html lang>} of the current page. */
    String pageLanguage() {
        return driver.findElement(By.tagName("html")).getDomAttribute("lang");
    }

    /**
     * What the page put on the clipboard: the browser is granted the clipboard (as a user allowing it would), then
     * {@code action} runs (a click on a copy button), then this waits until the clipboard holds text.
     */
    String clipboardAfter(Runnable action) {
        driver.setPermission("clipboard-read", "granted");
        driver.setPermission("clipboard-write", "granted");
        js("return navigator.clipboard.writeText('')");
        action.run();
        return await("text on the clipboard", d -> {
            Object text = ((JavascriptExecutor) d).executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + " navigator.clipboard.readText().then(done, e => done(''))");
            return text instanceof String s && !s.isEmpty() ? s : null;
        });
    }

    /**
     * Writes a PNG of the whole page (beyond the window, up to {@value #MAX_SHOT_HEIGHT} px high; the window only if
     * the DevTools protocol refuses) as {@code <name>.png}; returns its path.
     */
    Path screenshot(String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        try {
            byte[] png;
            try {
                Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
                @SuppressWarnings("unchecked")
                Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
                double width = ((Number) size.get("width")).doubleValue();
                double height = Math.min(MAX_SHOT_HEIGHT, ((Number) size.get("height")).doubleValue());
                Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                        "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height,
                                "scale", 1)));
                png = Base64.getDecoder().decode((String) shot.get("data"));
            } catch (WebDriverException | ClassCastException | NullPointerException e) {
                png = driver.getScreenshotAs(OutputType.BYTES);
            }
            Files.write(file, png);
        } catch (IOException | WebDriverException e) {
            System.err.println("no screenshot " + file + ": " + e);
        }
        return file;
    }

    /** Prints the current page to PDF (as the browser's print does, backgrounds included), kept as {@code <name>.pdf}. */
    byte[] print(String name) {
        Pdf pdf = driver.print(new PrintOptions().setBackground(true));
        byte[] bytes = Base64.getDecoder().decode(pdf.getContent());
        try {
            Files.write(SCREENSHOTS.resolve(name + ".pdf"), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes;
    }

    /** The text of a PDF, page after page, as PDFBox extracts it. */
    static String pdfText(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cookies of the current site as a {@code Cookie} request header (HttpOnly ones included). */
    String cookieHeader() {
        return driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    List<Cookie> cookies() {
        return List.copyOf(driver.manage().getCookies());
    }

    /** Reads the console's new entries; keeps the SEVERE ones with the page they came from. */
    List<String> drainLog() {
        List<String> found = new ArrayList<>();
        try {
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    found.add(where + ": " + entry.getMessage());
                }
            }
        } catch (WebDriverException e) {
            found.add(where + ": the browser's log could not be read: " + e.getMessage());
        }
        severe.addAll(found);
        return found;
    }

    /** Every SEVERE entry since the last call (and clears them), after reading the log once more. */
    List<String> takeSevere() {
        drainLog();
        List<String> out = List.copyOf(severe);
        severe.clear();
        return out;
    }

    String where() {
        return where;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
