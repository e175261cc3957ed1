package io.flowmeter.e2e;

import com.microsoft.playwright.Locator;
import io.flowmeter.support.BrowserTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Objects;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart component in a real browser, on the test-only page {@code io.flowmeter.shared.ui.ChartProbeView}: ECharts
 * draws, a click on a bar reaches the server, the tooltip carries the unit, the chart follows the dark theme, draws
 * again when attached again and follows its size.
 */
class ChartE2ETest extends BrowserTest {

    /**
     * Where the canvas shows most of the primary colour (the first series' colour): the x of the fullest column, the
     * middle of its run, in page pixels; and a checksum of the whole canvas, to tell one drawing from another.
     */
    private static final String PRIMARY_BAR = """
            host => {
              const canvas = host.shadowRoot.querySelector('canvas');
              if (!canvas || !canvas.width) return null;
              const probe = document.createElement('canvas').getContext('2d');
              probe.fillStyle = getComputedStyle(host).getPropertyValue('--lumo-primary-color').trim();
              const hex = probe.fillStyle;
              const want = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
              const { width, height } = canvas;
              const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
              let best = { x: -1, count: 0, top: 0, bottom: 0 }, painted = 0, sum = 0;
              for (let x = 0; x < width; x++) {
                let count = 0, top = -1, bottom = -1;
                for (let y = 0; y < height; y++) {
                  const i = (y * width + x) * 4;
                  if (pixels[i + 3]) { painted++; sum = (sum * 31 + pixels[i] + pixels[i + 1] * 7 + pixels[i + 2] * 13) % 1000000007; }
                  if (Math.abs(pixels[i] - want[0]) < 6 && Math.abs(pixels[i + 1] - want[1]) < 6 && Math.abs(pixels[i + 2] - want[2]) < 6) {
                    count++; if (top < 0) top = y; bottom = y;
                  }
                }
                if (count > best.count) best = { x, count, top, bottom };
              }
              const rect = canvas.getBoundingClientRect(), scale = width / rect.width;
              return { x: rect.left + best.x / scale, y: rect.top + (best.top + best.bottom) / 2 / scale, count: best.count,
                       painted, sum, width: rect.width };
            }""";

    @Test
    void drawsBarsWhoseClicksReachTheServerInLightAndDarkTheme() {
        page.navigate(url("/test-chart-probe"));
        Locator bars = page.locator("#probe-bars");
        assertThat(bars).hasAttribute("role", "img");
        assertThat(bars).hasAttribute("aria-label", java.util.regex.Pattern.compile("^Hours saved per day"));

        Map<?, ?> light = settledDrawing(bars);
        assertThat(((Number) light.get("painted")).intValue()).as("pixels drawn").isGreaterThan(5_000);
        assertThat(((Number) light.get("count")).intValue()).as("Wednesday's bar, pixels high").isGreaterThan(100);

        page.mouse().click(number(light, "x"), number(light, "y"));
        assertThat(page.locator("#probe-clicked")).hasText("1. Time saved · Wed · 9.0 · #2");
        // the pointer rests on the bar: the axis tooltip lists both series with the unit
        page.waitForFunction("host => host.shadowRoot.textContent.includes('9 h')", bars.elementHandle());
        assertThat(shadowText(bars)).contains("Time saved").contains("Approvals").contains("1.5 h");
        page.waitForTimeout(600); // the tooltip fades in
        screenshot("chart-probe-light");

        // the person's theme toggle sets theme="dark" on <html>; the chart draws again in Lumo's dark colours
        page.mouse().move(1, 1);
        page.evaluate("document.documentElement.setAttribute('theme', 'dark')");
        page.waitForFunction("([host, sum]) => { const c = host.shadowRoot.querySelector('canvas'); return c && "
                + "(" + PRIMARY_BAR + ")(host).sum !== sum; }", java.util.List.of(bars.elementHandle(), light.get("sum")));
        Map<?, ?> dark = settledDrawing(bars);
        page.mouse().move(number(dark, "x"), number(dark, "y"));
        page.waitForTimeout(600); // the tooltip fades in
        screenshot("chart-probe-dark");
        page.mouse().click(number(dark, "x"), number(dark, "y"));
        assertThat(page.locator("#probe-clicked")).hasText("2. Time saved · Wed · 9.0 · #2");

        // detached and attached again (a tab switched away and back): a new ECharts instance draws the same option
        page.locator("#probe-reattach").click();
        page.mouse().move(1, 1);
        Map<?, ?> again = settledDrawing(bars);
        assertThat(again.get("count")).isEqualTo(dark.get("count"));
        page.mouse().click(number(again, "x"), number(again, "y"));
        assertThat(page.locator("#probe-clicked")).hasText("3. Time saved · Wed · 9.0 · #2");

        // the canvas follows the element's size
        page.setViewportSize(800, 800);
        page.waitForFunction("host => Math.abs(host.shadowRoot.querySelector('canvas').getBoundingClientRect().width"
                + " - host.getBoundingClientRect().width) < 2 && host.getBoundingClientRect().width < 800", bars.elementHandle());
        assertThat(page.locator("#probe-donut canvas")).isVisible();
    }

    /** The bar chart's drawing once its entry animation is over: two looks 300 ms apart agree. */
    private Map<?, ?> settledDrawing(Locator chart) {
        Object previous = null;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            Object now = chart.evaluate(PRIMARY_BAR);
            if (now instanceof Map<?, ?> drawing && ((Number) drawing.get("count")).intValue() > 0 && drawing.equals(previous)) {
                return drawing;
            }
            previous = now;
            page.waitForTimeout(300);
        }
        throw new AssertionError("The chart did not finish drawing: " + previous);
    }

    private static String shadowText(Locator host) {
        return (String) host.evaluate("host => host.shadowRoot.textContent");
    }

    private static double number(Map<?, ?> drawing, String key) {
        return ((Number) Objects.requireNonNull(drawing.get(key), key)).doubleValue();
    }
}
