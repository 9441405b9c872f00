package dev.kcwechat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for integration tests: Debian's {@code /usr/bin/chromium} driven by its
 * {@code /usr/bin/chromedriver} (the system properties {@value #CHROMIUM_PROPERTY} and
 * {@value #CHROMEDRIVER_PROPERTY} move them). Both paths are given to Selenium, so Selenium Manager
 * never runs and nothing is downloaded. Mark a test that uses it {@link RequiresChromium}: it is
 * then skipped, with a message, where they are missing.
 *
 * <pre>{@code
 * try (Browser browser = Browser.start(Browser.Options.defaults().language("zh-CN"))) {
 *     browser.open(url).type(By.id("username"), "alice").click(By.id("kc-login"));
 *     browser.screenshot("signed-in");
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {

    public static final String CHROMIUM_PROPERTY = "browser.chromium";
    public static final String CHROMEDRIVER_PROPERTY = "browser.chromedriver";
    /** How long {@link #find} and {@link #waitUntil(String, BooleanSupplier)} wait. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
    /** The window of {@link Options#desktop()}, in pixels (screenshots are that size). */
    public static final int DESKTOP_WIDTH = 1280;
    public static final int DESKTOP_HEIGHT = 1200;
    /** WeChat's built-in browser on Android, as a page sees it (the {@code MicroMessenger} token is what pages look for). */
    public static final String WECHAT_USER_AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) "
            + "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.103 Mobile Safari/537.36 "
            + "XWEB/1300333 MMWEBSDK/20241103 MMWEBID/6325 MicroMessenger/8.0.54.2760(0x28003637) WeChat/arm64 "
            + "Weixin NetType/WIFI Language/zh_CN ABI/arm64";
    /** WeChat's in-app browser as a mini-program's {@code <web-view>}: it adds {@code miniProgram}. */
    public static final String MINI_PROGRAM_WEB_VIEW_USER_AGENT = WECHAT_USER_AGENT + " miniProgram/wx0123456789abcdef";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Selenium has no DevTools (CDP) module for every Chromium and warns so at each start; the harness uses none. */
    private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
    }

    /**
     * How to start it. {@code language}: the Accept-Language header and the page's language, e.g.
     * {@code zh-CN}; {@code userAgent}: the User-Agent header and {@code navigator.userAgent}, or
     * null for headless Chromium's own; {@code desktopWindow}: a desktop's window instead of a phone's.
     */
    public record Options(String language, String userAgent, boolean desktopWindow) {

        public static Options defaults() {
            return new Options("en-US", null, false);
        }

        public Options language(String language) {
            return new Options(language, userAgent, desktopWindow);
        }

        public Options userAgent(String userAgent) {
            return new Options(language, userAgent, desktopWindow);
        }

        /** A {@value Browser#DESKTOP_WIDTH} x {@value Browser#DESKTOP_HEIGHT} window, no phone: for pages made for a desktop, such as the admin console. */
        public Options desktop() {
            return new Options(language, userAgent, true);
        }
    }

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    public static Browser start() {
        return start(Options.defaults());
    }

    /**
     * Starts a headless Chromium with a profile of its own, emulating a phone: a 412 x 915 viewport
     * (pixel ratio 1, so screenshots are that size), touch, and pages' viewport meta tags applied.
     * (Headless Chromium's {@code --window-size} cannot go below 500 pixels wide.) With
     * {@link Options#desktop()} a desktop's window instead.
     */
    public static Browser start(Options options) {
        missing().ifPresent(reason -> {
            throw new IllegalStateException(reason + ": mark the test @RequiresChromium");
        });
        ChromeOptions chrome = new ChromeOptions();
        chrome.setBinary(chromium().toFile());
        chrome.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--lang=" + options.language());
        chrome.setExperimentalOption("prefs", Map.of("intl.accept_languages", options.language()));
        if (options.desktopWindow()) {
            chrome.addArguments("--window-size=" + DESKTOP_WIDTH + "," + DESKTOP_HEIGHT, "--force-device-scale-factor=1");
        } else {
            chrome.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                    Map.of("width", 412, "height", 915, "pixelRatio", 1.0, "mobile", true, "touch", true)));
        }
        if (options.userAgent() != null) {
            chrome.addArguments("--user-agent=" + options.userAgent());
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, chrome);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver);
    }

    /** The Chromium it runs. */
    public static Path chromium() {
        return Path.of(System.getProperty(CHROMIUM_PROPERTY, "/usr/bin/chromium"));
    }

    /** The chromedriver it runs Chromium with. */
    public static Path chromedriver() {
        return Path.of(System.getProperty(CHROMEDRIVER_PROPERTY, "/usr/bin/chromedriver"));
    }

    /** Why no browser can be started here, or empty when Chromium and chromedriver are both there. */
    public static Optional<String> missing() {
        for (Path program : List.of(chromium(), chromedriver())) {
            if (!Files.isExecutable(program)) {
                return Optional.of(program.getFileName() + " not found at " + program);
            }
        }
        return Optional.empty();
    }

    /** Loads the page and waits for it to have loaded. */
    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    /**
     * Saves what the window shows as {@code target/screenshots/<name>.png}, once the page's web
     * fonts have loaded (up to 5 s; before that Chromium draws their text invisible).
     */
    public Path screenshot(String name) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> "loaded".equals(script("return document.fonts.status")));
        } catch (TimeoutException e) {
            // take it anyway: a screenshot is for people, and the fonts may never come
        }
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "-") + ".png");
            return Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The element, waiting up to {@link #DEFAULT_WAIT} for it to be there, e.g. {@code find(By.id("username"))}. */
    public WebElement find(By by) {
        waitUntil(by + " to be on the page", () -> has(by));
        return driver.findElement(by);
    }

    /** The elements there now, no waiting. */
    public List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /** Whether such an element is there now. */
    public boolean has(By by) {
        return !driver.findElements(by).isEmpty();
    }

    /** Replaces the text of the input. */
    public Browser type(By by, String text) {
        WebElement input = find(by);
        input.clear();
        input.sendKeys(text);
        return this;
    }

    public Browser click(By by) {
        find(by).click();
        return this;
    }

    /** The element's visible text. */
    public String text(By by) {
        return find(by).getText();
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    public String title() {
        return driver.getTitle();
    }

    public String pageSource() {
        return driver.getPageSource();
    }

    /** Runs the JavaScript in the page and gives its result, e.g. {@code script("return navigator.userAgent")}. */
    public Object script(String javaScript, Object... arguments) {
        return driver.executeScript(javaScript, arguments);
    }

    public void waitUntil(String what, BooleanSupplier condition) {
        waitUntil(what, DEFAULT_WAIT, condition);
    }

    /**
     * Waits until the condition holds. If it does not within the timeout, saves the screenshot
     * {@code timed-out} and fails with what it waited for and where the browser was.
     */
    public void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        try {
            new WebDriverWait(driver, timeout).until(d -> condition.getAsBoolean());
        } catch (TimeoutException e) {
            Path shot = screenshot("timed-out");
            throw new AssertionError("Waited " + timeout.toSeconds() + " s for " + what + "; the browser is at "
                    + currentUrl() + " (\"" + title() + "\", " + shot + ")");
        }
    }

    /** The Selenium driver, for anything the methods above do not cover. */
    public WebDriver driver() {
        return driver;
    }

    /** Quits Chromium and its chromedriver. */
    @Override
    public void close() {
        driver.quit();
    }
}
