package io.flowmeter.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * End-to-end tests in Debian's headless Chromium driven by Playwright, against the app on a random port.
 * Nothing is downloaded: Playwright's driver comes from Maven Central and the browser from Debian
 * ({@code apt-get install chromium}); {@code FLOWMETER_CHROMIUM} points elsewhere if needed.
 */
public abstract class BrowserTest extends IntegrationTest {

    private static Playwright playwright;
    private static Browser browser;

    @LocalServerPort
    protected int port;
    protected BrowserContext browserContext;
    protected Page page;

    @BeforeAll
    static void launchBrowser() {
        // assertions wait as long as actions do: on a loaded CI machine a server round trip can take more than 5 s
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = launchChromium(playwright);
    }

    /** Debian's headless Chromium with the flags the design notes list (also for benchmarks that drive a browser). */
    public static Browser launchChromium(Playwright playwright) {
        String chromium = System.getenv().getOrDefault("FLOWMETER_CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            throw new IllegalStateException("End-to-end tests need Chromium at " + chromium
                    + ": apt-get install -y chromium (or set FLOWMETER_CHROMIUM)");
        }
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(chromium))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openPage() {
        browserContext = newBrowserContext();
        page = browserContext.newPage();
    }

    /** A separate cookie jar: a second person using the app at the same time. */
    protected BrowserContext newBrowserContext() {
        var context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        context.setDefaultTimeout(20_000);
        return context;
    }

    @AfterEach
    void closePage(TestInfo test) {
        try {
            Path shots = Path.of("target", "e2e-screenshots");
            Files.createDirectories(shots);
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve(test.getDisplayName().replaceAll("\\W+", "_") + ".png")));
        } catch (Exception ignored) {
            // a screenshot is a debugging aid only
        }
        browserContext.close();
    }

    /** Keeps what {@code page} shows now as {@code target/e2e-screenshots/<name>.png}, for people to look at. */
    protected void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "e2e-screenshots", name + ".png")));
    }

    /**
     * Waits until the builder has settled. On a laptop screen its navigation drawer folds away one round trip after the
     * page loads and slides the toolbar left; a click aimed before that lands on the button that slides in underneath.
     */
    public static void awaitBuilderSettled(Page page) {
        page.waitForFunction("() => { const l = document.querySelector('vaadin-app-layout'); return !!l && !l.drawerOpened; }");
        awaitStill(page, "#builder-publish");
    }

    /** Waits until the element {@code selector} names has kept its place for six animation frames. */
    public static void awaitStill(Page page, String selector) {
        page.waitForFunction("""
                (sel) => new Promise(done => {
                  const el = document.querySelector(sel);
                  if (!el) return done(false);
                  const first = el.getBoundingClientRect();
                  let frames = 0;
                  const check = () => {
                    const now = el.getBoundingClientRect();
                    if (Math.abs(now.left - first.left) > 0.5 || Math.abs(now.top - first.top) > 0.5) return done(false);
                    if (++frames >= 6) return done(true);
                    requestAnimationFrame(check);
                  };
                  requestAnimationFrame(check);
                })""", selector);
    }

    /**
     * Clicks {@code button} until {@code opened} shows, a few times: on a loaded machine a click in the first round trips
     * after a page loads can land before the button's listener is there (or on a toolbar still moving), and is lost.
     */
    public static void clickUntilVisible(Page page, String button, String opened) {
        for (int attempt = 1; ; attempt++) {
            page.locator(button).click();
            try {
                page.locator(opened).first().waitFor(new com.microsoft.playwright.Locator.WaitForOptions().setTimeout(5_000));
                return;
            } catch (com.microsoft.playwright.TimeoutError notYet) {
                if (attempt == 4) {
                    throw notYet;
                }
            }
        }
    }

    /**
     * From now on, records each canvas node's status as it changes ({@code id:status}, in order), and marks the page so
     * that {@link #recordedNodeStates} can tell it was not reloaded since.
     */
    public static void recordNodeStates(Page page) {
        page.evaluate("""
                () => { window.fmNoReload = true; window.fmStates = [];
                  const seen = {};
                  const record = () => document.querySelectorAll('.react-flow__node').forEach(n => {
                    const el = n.querySelector('[class*="fm-node-status-"]');
                    const m = el ? [...el.classList].map(c => /^fm-node-status-(.*)$/.exec(c)).find(x => x) : null;
                    const state = m ? m[1] : 'none'; const id = n.getAttribute('data-id');
                    if (seen[id] !== state) { seen[id] = state; window.fmStates.push(id + ':' + state); } });
                  record(); new MutationObserver(record).observe(document.body, {subtree: true, attributes: true, childList: true}); }""");
    }

    /** The node states {@link #recordNodeStates} saw; fails if the page was reloaded in between. */
    @SuppressWarnings("unchecked")
    public static List<String> recordedNodeStates(Page page) {
        if (!Boolean.TRUE.equals(page.evaluate("() => window.fmNoReload === true"))) {
            throw new AssertionError("The page was reloaded while its node states were recorded");
        }
        return (List<String>) page.evaluate("() => window.fmStates");
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public static void signIn(Page page, String email, String password) {
        page.locator("vaadin-login-form input[name=username]").fill(email);
        page.locator("vaadin-login-form input[name=password]").fill(password);
        page.locator("vaadin-login-form vaadin-button[slot=submit]").click();
    }
}
