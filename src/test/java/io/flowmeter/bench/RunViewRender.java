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
 * The run view's render time in headless Chromium on the seeded data: from the navigation until the canvas shows
 * every step, measured as a page load of {@code /runs/{id}} (Vaadin's bootstrap included) and as a click on the run's
 * row in the runs list (the router's navigation within the page). Used by the runs benchmark against its own server
 * (dev mode) and by {@link RunViewRenderBenchmark} against the production jar.
 */
final class RunViewRender {

    /**
     * Installed in every page: from window.__fmStart (0, the navigation's start, unless a click sets it) it notes on
     * each animation frame when the server's answer arrived (the last init or UIDL response), when the canvas had drawn all
     * steps (in the page, measured, visible) and when all of them were inside the canvas (after its fit).
     */
    private static final String WATCHER = """
            (() => {
              window.__fmStart = 0;
              window.__fmSteps = %d;
              window.__fm = {};
              const frame = () => {
                const pane = document.querySelector('.react-flow');
                const nodes = [...document.querySelectorAll('.react-flow__node-step')];
                const now = performance.now() - window.__fmStart;
                const m = window.__fm;
                const uidl = performance.getEntriesByType('resource')
                    .filter(e => /v-r=(uidl|init)/.test(e.name) && e.startTime >= window.__fmStart);
                if (uidl.length) m.answered = Math.max(...uidl.map(e => e.responseEnd)) - window.__fmStart;
                if (pane && nodes.length >= window.__fmSteps) {
                  const drawn = nodes.filter(n => getComputedStyle(n).visibility !== 'hidden' && n.getBoundingClientRect().width > 0);
                  if (drawn.length >= window.__fmSteps && m.drawn == null) m.drawn = now;
                  const box = pane.getBoundingClientRect();
                  const inside = drawn.filter(n => {
                    const r = n.getBoundingClientRect();
                    return r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
                  });
                  if (inside.length >= window.__fmSteps && m.drawn != null && m.shown == null) m.shown = now;
                }
                requestAnimationFrame(frame);
              };
              requestAnimationFrame(frame);
            })();
            """;

    /** The milestones of one navigation, in ms from its start. */
    private record Milestones(double answered, double drawn, double shown) {
    }

    private RunViewRender() {
    }

    private static Milestones await(Page page) {
        page.waitForFunction("() => window.__fm && window.__fm.shown != null");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) page.evaluate("() => window.__fm");
        return new Milestones(number(m.get("answered")), number(m.get("drawn")), number(m.get("shown")));
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static void row(StringBuilder report, String label, List<Milestones> rounds) {
        report.append(String.format("  %-38s answered p50 %6.0f  drawn p50 %6.0f  shown p50 %6.0f  p95 %6.0f  max %6.0f ms%n", label,
                pct(rounds.stream().map(Milestones::answered).toList(), 50), pct(rounds.stream().map(Milestones::drawn).toList(), 50),
                pct(rounds.stream().map(Milestones::shown).toList(), 50), pct(rounds.stream().map(Milestones::shown).toList(), 95),
                pct(rounds.stream().map(Milestones::shown).toList(), 100)));
    }

    private static double pct(List<Double> values, int percentile) {
        return BenchmarkSupport.pct(values.stream().map(v -> Math.round(v * 1000)).toList(), percentile) / 1000.0;
    }

    static void measure(String base, String mode, String email, UUID runId, UUID workflowId, int steps, int rounds, StringBuilder report) {
        if (!Files.isExecutable(Path.of(System.getenv().getOrDefault("FLOWMETER_CHROMIUM", "/usr/bin/chromium")))) {
            report.append("\nBrowser render: skipped (no Chromium; apt-get install -y chromium)\n");
            return;
        }
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = BrowserTest.launchChromium(playwright)) {
            var context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 768));
            context.setDefaultTimeout(30_000);
            Page page = context.newPage();
            page.navigate(base + "/login");
            BrowserTest.signIn(page, email, TestData.PASSWORD);
            page.waitForURL(url -> !url.contains("/login"));

            page.addInitScript(WATCHER.formatted(steps));
            List<Milestones> loads = new ArrayList<>();
            List<Milestones> clicks = new ArrayList<>();
            int warmUp = 3;
            for (int i = 0; i < warmUp + rounds; i++) {
                page.navigate(base + "/settings");
                page.navigate(base + "/runs/" + runId);
                Milestones load = await(page);

                page.navigate(base + "/runs?workflow=" + workflowId);
                var row = page.locator("vaadin-grid-cell-content").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Hundred steps")).first();
                row.waitFor();
                page.evaluate("() => { window.__fm = {}; window.__fmStart = performance.now(); }");
                row.click();
                Milestones click = await(page);
                if (i >= warmUp) {
                    loads.add(load);
                    clicks.add(click);
                }
            }
            try {
                Files.createDirectories(Path.of("target", "e2e-screenshots"));
                page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "e2e-screenshots",
                        "runs-benchmark-100-step-run-" + mode.replaceAll("\\W+", "-") + ".png")));
            } catch (java.io.IOException ignored) {
                // a screenshot is a debugging aid only
            }
            report.append(String.format("%nBrowser render of the %d-step run view (headless Chromium %s, 1366x768, %s), until the "
                    + "canvas shows all %d steps; ms from the navigation's start, %d rounds after %d warm-up rounds:%n", steps, browser.version(), mode,
                    steps, rounds, warmUp));
            report.append("  (answered: the server's last response arrived; drawn: every step node measured and visible; shown: every step "
                    + "inside the canvas, after its fit)\n");
            row(report, "page load of /runs/{id}", loads);
            row(report, "click on the run in the runs list", clicks);
        }
    }
}
