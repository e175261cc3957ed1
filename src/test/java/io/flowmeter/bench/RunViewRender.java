package io.flowmeter.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.flowmeter.support.BrowserTest;
import io.flowmeter.support.TestData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The run view's render time in headless Chromium (the app's own server, the seeded data): from the navigation until
 * the canvas shows every step, measured twice, as a page load of {@code /runs/{id}} (Vaadin's bootstrap included) and
 * as a click on the run's row in the runs list (the router's navigation within the page).
 */
final class RunViewRender {

    /** True once the canvas has drawn {@code arg} step nodes, each measured (visible) and inside the canvas. */
    private static final String ALL_STEPS_SHOWN = """
            n => {
              const pane = document.querySelector('.react-flow');
              if (!pane) return false;
              const box = pane.getBoundingClientRect();
              const shown = [...document.querySelectorAll('.react-flow__node-step')].filter(node => {
                const r = node.getBoundingClientRect();
                return getComputedStyle(node).visibility !== 'hidden' && r.width > 0
                    && r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
              });
              return shown.length >= n;
            }
            """;

    private RunViewRender() {
    }

    static void measure(int port, String email, UUID runId, UUID workflowId, int steps, int rounds, StringBuilder report) {
        if (!Files.isExecutable(Path.of(System.getenv().getOrDefault("FLOWMETER_CHROMIUM", "/usr/bin/chromium")))) {
            report.append("\nBrowser render: skipped (no Chromium; apt-get install -y chromium)\n");
            return;
        }
        String base = "http://127.0.0.1:" + port;
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = BrowserTest.launchChromium(playwright)) {
            var context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 768));
            context.setDefaultTimeout(30_000);
            Page page = context.newPage();
            page.navigate(base + "/login");
            BrowserTest.signIn(page, email, TestData.PASSWORD);
            page.waitForURL(url -> !url.contains("/login"));

            List<Long> loads = new ArrayList<>();
            List<Long> clicks = new ArrayList<>();
            int warmUp = 3;
            for (int i = 0; i < warmUp + rounds; i++) {
                page.navigate(base + "/settings");
                long started = System.nanoTime();
                page.navigate(base + "/runs/" + runId);
                page.waitForFunction(ALL_STEPS_SHOWN, steps);
                long load = System.nanoTime() - started;

                page.navigate(base + "/runs?workflow=" + workflowId);
                var row = page.locator("vaadin-grid-cell-content").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Hundred steps")).first();
                row.waitFor();
                started = System.nanoTime();
                row.click();
                page.waitForFunction(ALL_STEPS_SHOWN, steps);
                long click = System.nanoTime() - started;
                if (i >= warmUp) {
                    loads.add(load);
                    clicks.add(click);
                }
            }
            try {
                Files.createDirectories(Path.of("target", "e2e-screenshots"));
                page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "e2e-screenshots", "runs-benchmark-100-step-run.png")));
            } catch (java.io.IOException ignored) {
                // a screenshot is a debugging aid only
            }
            report.append(String.format("%nBrowser render of the %d-step run view (headless Chromium %s, 1366x768, dev-mode bundle), until the "
                    + "canvas shows all %d steps, %d rounds after %d warm-up rounds:%n", steps, browser.version(), steps, rounds, warmUp));
            report.append(String.format("  page load of /runs/{id}                      p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms%n",
                    BenchmarkSupport.ms(BenchmarkSupport.pct(loads, 50)), BenchmarkSupport.ms(BenchmarkSupport.pct(loads, 95)),
                    BenchmarkSupport.ms(BenchmarkSupport.pct(loads, 100))));
            report.append(String.format("  click on the run in the runs list            p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms%n",
                    BenchmarkSupport.ms(BenchmarkSupport.pct(clicks, 50)), BenchmarkSupport.ms(BenchmarkSupport.pct(clicks, 95)),
                    BenchmarkSupport.ms(BenchmarkSupport.pct(clicks, 100))));
        }
    }
}
