package io.flowmeter.engine.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.engine.service.RunStore.StepRow;
import org.jspecify.annotations.Nullable;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Element;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The run as a timeline (Gantt-like): one row per step that started, a grey part while it was queued and a coloured
 * part while it ran or waited (striped for waits), on one time scale from the run's start to its end (or now);
 * totals above. Clicking a row selects its step.
 */
class RunTimeline extends Div {

    /** Where a bar starts and how wide it is, in percent of the run's span. */
    record Bar(String nodeId, double queuedFrom, double queuedWidth, double from, double width, boolean waited) {
    }

    /** What a click or a key on the timeline reports: the step of the row it hit, if any. */
    static final String ROW_OF_EVENT = "event.target.closest('[data-node]') ? event.target.closest('[data-node]').dataset.node : ''";

    /**
     * The rows' look, once per timeline (the rows are one piece of HTML, not components: 100 steps as components were
     * 500 of them, 5,500 changes and 390 KB for the browser on every refresh).
     */
    private static final String STYLE = """
            .fm-tl-row{display:flex;align-items:center;gap:var(--lumo-space-s);padding:2px 4px;cursor:pointer;border-radius:4px}
            .fm-tl-row:hover{background:var(--lumo-contrast-5pct)}
            .fm-tl-row:focus-visible{outline:2px solid var(--lumo-primary-color-50pct)}
            .fm-tl-row.fm-tl-selected{background:var(--lumo-primary-color-10pct)}
            .fm-tl-name{flex:0 0 11em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
            .fm-tl-track{position:relative;flex:1;height:.9em;background:var(--lumo-contrast-5pct);border-radius:3px}
            .fm-tl-track>i{position:absolute;top:0;bottom:0;border-radius:3px;background:var(--lumo-contrast-40pct)}
            .fm-tl-track>i.fm-tl-in-queue{background:var(--lumo-contrast-30pct)}
            .fm-tl-track>i.fm-tl-succeeded{background:var(--lumo-success-color)}
            .fm-tl-track>i.fm-tl-failed{background:var(--lumo-error-color)}
            .fm-tl-track>i.fm-tl-waiting{background:var(--lumo-warning-color,#e6a700)}
            .fm-tl-track>i.fm-tl-running,.fm-tl-track>i.fm-tl-queued{background:var(--lumo-primary-color)}
            .fm-tl-track>i.fm-tl-waited{background-image:repeating-linear-gradient(45deg,transparent 0 4px,rgba(255,255,255,.45) 4px 8px)}
            .fm-tl-took{flex:0 0 6.5em;text-align:end;color:var(--lumo-secondary-text-color)}
            """;

    private final List<String> rows = new ArrayList<>();

    RunTimeline(RunService.RunDetails details, Function<String, String> names, @Nullable String selected, Consumer<String> select) {
        setId("run-timeline");
        addClassName("fm-run-timeline");
        getStyle().set("padding", "var(--lumo-space-s) var(--lumo-space-m)").set("overflow", "auto")
                .set("border-top", "1px solid var(--lumo-contrast-10pct)").set("font-size", "var(--lumo-font-size-s)");
        Instant start = details.run().createdAt();
        Instant end = details.run().finishedAt() == null ? Instant.now() : details.run().finishedAt();
        List<StepRow> steps = started(details);
        add(totals(details, steps, start, end));
        if (steps.isEmpty()) {
            var none = new Span("No step has started yet.");
            none.addClassName("fm-muted");
            add(none);
            return;
        }
        // jsoup writes the HTML, so step names and ids are escaped as text and attribute values
        Element html = new Element("div");
        html.appendElement("style").appendChild(new DataNode(STYLE));
        for (StepRow step : steps) {
            rows.add(step.nodeId());
            Bar bar = bar(step, start, end);
            String status = step.status().name().toLowerCase(Locale.ROOT);
            String name = names.apply(step.nodeId());
            Element row = html.appendElement("div").addClass("fm-tl-row").attr("data-node", step.nodeId()).attr("role", "button")
                    .attr("tabindex", "0").attr("aria-label", name + ": " + status + ", " + took(step, end))
                    .attr("title", status + " · " + took(step, end));
            if (step.nodeId().equals(selected)) {
                row.addClass("fm-tl-selected").attr("aria-current", "true");
            }
            row.appendElement("span").addClass("fm-tl-name").text(name);
            Element track = row.appendElement("span").addClass("fm-tl-track");
            if (bar.queuedWidth() > 0) {
                segment(track, bar.queuedFrom(), bar.queuedWidth()).addClass("fm-tl-in-queue").attr("title", "queued");
            }
            Element ran = segment(track, bar.from(), bar.width()).addClass("fm-tl-" + status);
            if (bar.waited()) {
                ran.addClass("fm-tl-waited");
            }
            row.appendElement("span").addClass("fm-tl-took").text(took(step, end));
        }
        var list = new Div();
        list.setId("run-timeline-rows");
        list.getElement().setProperty("innerHTML", html.html());
        list.getElement().addEventListener("click", e -> chosen(e.getEventData().getString(ROW_OF_EVENT), select))
                .addEventData(ROW_OF_EVENT);
        list.getElement().addEventListener("keydown", e -> chosen(e.getEventData().getString(ROW_OF_EVENT), select))
                .addEventData(ROW_OF_EVENT).setFilter("event.key === 'Enter' || event.key === ' '");
        add(list);
    }

    private static void chosen(@Nullable String nodeId, Consumer<String> select) {
        if (nodeId != null && !nodeId.isEmpty()) {
            select.accept(nodeId);
        }
    }

    /** The steps the rows show, top to bottom (for tests). */
    List<String> rows() {
        return List.copyOf(rows);
    }

    /** Steps that started (or were queued), in the order they did; the trigger row is the run's start and is left out. */
    static List<StepRow> started(RunService.RunDetails details) {
        return details.steps().stream().map(RunService.StepDetails::step)
                .filter(s -> s.startedAt() != null || s.queuedAt() != null)
                .filter(s -> !(s.attempt() <= 1 && s.queuedAt() == null && s.startedAt() != null && s.startedAt().equals(s.finishedAt())
                        && s.durationMs() == null))
                .sorted(Comparator.comparing((StepRow s) -> s.queuedAt() != null ? s.queuedAt() : s.startedAt()))
                .toList();
    }

    static Bar bar(StepRow step, Instant start, Instant end) {
        double span = Math.max(1, Duration.between(start, end).toMillis());
        Instant queued = step.queuedAt();
        Instant began = step.startedAt();
        Instant finished = step.finishedAt() == null ? end : step.finishedAt();
        double queuedFrom = 0;
        double queuedWidth = 0;
        if (queued != null) {
            queuedFrom = pct(Duration.between(start, queued).toMillis(), span);
            Instant queueEnd = began == null ? finished : began;
            queuedWidth = pct(Duration.between(queued, queueEnd).toMillis(), span);
        }
        double from = began == null ? queuedFrom + queuedWidth : pct(Duration.between(start, began).toMillis(), span);
        double width = began == null ? 0 : Math.max(0.4, pct(Duration.between(began, finished).toMillis(), span));
        boolean waited = step.status() == StepStatus.WAITING || step.waiting() != null;
        return new Bar(step.nodeId(), queuedFrom, queuedWidth, Math.min(from, 99.6), Math.min(width, 100 - Math.min(from, 99.6)), waited);
    }

    private static double pct(long ms, double span) {
        return Math.max(0, Math.min(100, ms * 100.0 / span));
    }

    private static Element segment(Element track, double from, double width) {
        return track.appendElement("i").attr("style", String.format(Locale.ROOT, "left:%.2f%%;width:%.2f%%", from, width));
    }

    private static String took(StepRow step, Instant end) {
        if (step.startedAt() == null) {
            return "queued";
        }
        Instant finished = step.finishedAt() == null ? end : step.finishedAt();
        return RunView.duration(Duration.between(step.startedAt(), finished)) + (step.finishedAt() == null ? "…" : "");
    }

    private static Div totals(RunService.RunDetails details, List<StepRow> steps, Instant start, Instant end) {
        long running = 0;
        long waiting = 0;
        long queued = 0;
        for (StepRow step : steps) {
            if (step.startedAt() != null) {
                long ms = Duration.between(step.startedAt(), step.finishedAt() == null ? end : step.finishedAt()).toMillis();
                if (step.status() == StepStatus.WAITING || step.waiting() != null) {
                    waiting += ms;
                } else {
                    running += ms;
                }
            }
            if (step.queuedAt() != null) {
                Instant queueEnd = step.startedAt() != null ? step.startedAt() : step.finishedAt() != null ? step.finishedAt() : end;
                queued += Math.max(0, Duration.between(step.queuedAt(), queueEnd).toMillis());
            }
        }
        var totals = new Div(new Span("Run " + RunView.duration(Duration.between(start, end)) + (details.run().finishedAt() == null ? " so far" : "")
                + " · steps working " + RunView.duration(Duration.ofMillis(running)) + " · waiting " + RunView.duration(Duration.ofMillis(waiting))
                + " · queued " + RunView.duration(Duration.ofMillis(queued))));
        totals.setId("run-timeline-totals");
        totals.addClassName("fm-muted");
        totals.getStyle().set("margin-bottom", "var(--lumo-space-xs)");
        return totals;
    }
}
