package io.flowmeter.engine.ui;

import com.github.mvysny.kaributesting.v10.ElementUtilsKt;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.dom.DomEvent;
import elemental.json.Json;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.engine.service.RunStore.StepRow;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The timeline without a server: its rows as HTML, their bars, the selection and clicks. */
class RunTimelineTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static StepRow step(String node, StepStatus status, int queuedMs, int startMs, Integer endMs, String waiting) {
        return new StepRow(UUID.randomUUID(), UUID.randomUUID(), node, status, 1, null, null, waiting, null,
                T0.plusMillis(queuedMs), T0.plusMillis(startMs), endMs == null ? null : T0.plusMillis(endMs), null);
    }

    private static RunService.RunDetails run(Integer endMs, StepRow... steps) {
        var run = new RunRow(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1,
                endMs == null ? RunStatus.RUNNING : RunStatus.SUCCEEDED, "manual", "{}", null, null, false, null, null, null, T0,
                T0, endMs == null ? null : T0.plusMillis(endMs), null, null);
        return new RunService.RunDetails(run, List.of(steps).stream().map(s -> new RunService.StepDetails(s, "core.noop", List.of())).toList());
    }

    private static Document rows(RunTimeline timeline) {
        Div rows = (Div) timeline.getChildren().filter(c -> c.getId().orElse("").equals("run-timeline-rows")).findFirst().orElseThrow();
        return Jsoup.parseBodyFragment(rows.getElement().getProperty("innerHTML"));
    }

    @Test
    void rowsAreOnePieceOfEscapedHtmlWithBarsOnTheRunsScale() {
        var details = run(1000,
                step("a", StepStatus.SUCCEEDED, 0, 100, 300, null),
                step("b<script>", StepStatus.FAILED, 300, 500, 1000, null));
        var timeline = new RunTimeline(details, id -> id.equals("a") ? "Fetch \"orders\" & <b>bold</b>" : id, "a", id -> { });

        assertThat(timeline.rows()).containsExactly("a", "b<script>");
        Document html = rows(timeline);
        assertThat(html.select("script")).isEmpty();
        assertThat(html.select("b")).isEmpty();
        var first = html.selectFirst("[data-node=a]");
        assertThat(first.selectFirst(".fm-tl-name").text()).isEqualTo("Fetch \"orders\" & <b>bold</b>");
        assertThat(first.hasClass("fm-tl-selected")).isTrue();
        assertThat(first.attr("aria-label")).isEqualTo("Fetch \"orders\" & <b>bold</b>: succeeded, 200 ms");
        // queued 0–100 ms, ran 100–300 ms of a 1 s run
        assertThat(first.select(".fm-tl-in-queue").attr("style")).isEqualTo("left:0.00%;width:10.00%");
        assertThat(first.select(".fm-tl-succeeded").attr("style")).isEqualTo("left:10.00%;width:20.00%");
        var second = html.select(".fm-tl-row").get(1);
        assertThat(second.attr("data-node")).isEqualTo("b<script>");
        assertThat(second.hasClass("fm-tl-selected")).isFalse();
        assertThat(second.select(".fm-tl-failed").attr("style")).isEqualTo("left:50.00%;width:50.00%");
        assertThat(second.selectFirst(".fm-tl-took").text()).isEqualTo("500 ms");
    }

    @Test
    void waitsAreStripedAndUnfinishedStepsRunUntilNow() {
        var details = run(null, step("wait", StepStatus.WAITING, 0, 0, null, "{\"kind\":\"delay\"}"));
        var timeline = new RunTimeline(details, id -> id, null, id -> { });
        var row = rows(timeline).selectFirst("[data-node=wait]");
        assertThat(row.select("i.fm-tl-waiting.fm-tl-waited")).hasSize(1);
        assertThat(row.selectFirst(".fm-tl-took").text()).endsWith("…");
    }

    @Test
    void aClickOrEnterOnARowSelectsItsStepAndAClickBesideRowsDoesNothing() {
        var details = run(1000, step("a", StepStatus.SUCCEEDED, 0, 0, 10, null), step("b", StepStatus.SUCCEEDED, 10, 10, 20, null));
        List<String> selected = new ArrayList<>();
        var timeline = new RunTimeline(details, id -> id, null, selected::add);
        var rows = timeline.getChildren().filter(c -> c.getId().orElse("").equals("run-timeline-rows")).findFirst().orElseThrow().getElement();

        var click = Json.createObject();
        click.put(RunTimeline.ROW_OF_EVENT, "b");
        ElementUtilsKt._fireDomEvent(rows, new DomEvent(rows, "click", click));
        var beside = Json.createObject();
        beside.put(RunTimeline.ROW_OF_EVENT, "");
        ElementUtilsKt._fireDomEvent(rows, new DomEvent(rows, "click", beside));
        var enter = Json.createObject();
        enter.put(RunTimeline.ROW_OF_EVENT, "a");
        enter.put("event.key === 'Enter' || event.key === ' '", true); // the listener's filter, as the browser evaluates it
        ElementUtilsKt._fireDomEvent(rows, new DomEvent(rows, "keydown", enter));

        assertThat(selected).containsExactly("b", "a");
    }

    @Test
    void aRunWithoutStartedStepsSaysSo() {
        var timeline = new RunTimeline(run(null), id -> id, null, id -> { });
        assertThat(timeline.rows()).isEmpty();
        assertThat(timeline.getElement().getTextRecursively()).contains("No step has started yet.");
    }
}
