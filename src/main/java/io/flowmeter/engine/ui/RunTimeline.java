package io.flowmeter.engine.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.engine.service.RunStore.StepRow;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
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
        for (StepRow step : steps) {
            Bar bar = bar(step, start, end);
            var label = new Span(names.apply(step.nodeId()));
            label.getStyle().set("flex", "0 0 11em").set("overflow", "hidden").set("text-overflow", "ellipsis").set("white-space", "nowrap");
            var track = new Div();
            track.getStyle().set("position", "relative").set("flex", "1").set("height", "0.9em")
                    .set("background", "var(--lumo-contrast-5pct)").set("border-radius", "3px");
            if (bar.queuedWidth() > 0) {
                var queued = segment(bar.queuedFrom(), bar.queuedWidth(), "var(--lumo-contrast-30pct)");
                queued.getElement().setAttribute("title", "queued");
                track.add(queued);
            }
            var ran = segment(bar.from(), bar.width(), colour(step.status()));
            if (bar.waited()) {
                ran.getStyle().set("background-image",
                        "repeating-linear-gradient(45deg, transparent 0 4px, rgba(255,255,255,.45) 4px 8px)");
            }
            track.add(ran);
            var took = new Span(took(step, end));
            took.getStyle().set("flex", "0 0 6.5em").set("text-align", "end");
            took.addClassName("fm-muted");
            var row = new Div(label, track, took);
            row.getStyle().set("display", "flex").set("align-items", "center").set("gap", "var(--lumo-space-s)")
                    .set("padding", "2px 4px").set("cursor", "pointer").set("border-radius", "4px");
            if (step.nodeId().equals(selected)) {
                row.getStyle().set("background", "var(--lumo-primary-color-10pct)");
            }
            row.getElement().setAttribute("role", "button");
            row.getElement().setAttribute("tabindex", "0");
            row.getElement().setAttribute("aria-label", names.apply(step.nodeId()) + ": " + step.status().name().toLowerCase(Locale.ROOT)
                    + ", " + took(step, end));
            row.getElement().setAttribute("title", step.status().name().toLowerCase(Locale.ROOT) + " · " + took(step, end));
            row.getElement().setAttribute("data-node", step.nodeId());
            row.addClickListener(e -> select.accept(step.nodeId()));
            row.getElement().addEventListener("keydown", e -> select.accept(step.nodeId())).setFilter("event.key === 'Enter' || event.key === ' '");
            add(row);
        }
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

    private static Div segment(double from, double width, String colour) {
        var segment = new Div();
        segment.getStyle().set("position", "absolute").set("top", "0").set("bottom", "0").set("left", from + "%")
                .set("width", width + "%").set("background", colour).set("border-radius", "3px");
        return segment;
    }

    private static String colour(StepStatus status) {
        return switch (status) {
            case SUCCEEDED -> "var(--lumo-success-color)";
            case FAILED -> "var(--lumo-error-color)";
            case WAITING -> "var(--lumo-warning-color, #e6a700)";
            case RUNNING, QUEUED -> "var(--lumo-primary-color)";
            default -> "var(--lumo-contrast-40pct)";
        };
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
