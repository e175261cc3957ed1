package io.flowmeter.shared.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.flowmeter.shared.ui.ChartOptions.Series;
import io.flowmeter.shared.ui.ChartOptions.Slice;
import io.flowmeter.shared.ui.ChartOptions.Style;

import java.util.List;

/**
 * A page for the chart component alone, in the test classpath only (no view of the app uses charts yet): stacked bars
 * whose clicks are written into a span, a button that detaches and attaches them again, and a donut. Open to anyone,
 * so the browser test needs no account.
 */
@Route("test-chart-probe")
@PageTitle("Chart probe")
@AnonymousAllowed
public class ChartProbeView extends VerticalLayout {

    public ChartProbeView() {
        setSizeFull();
        var bars = new Chart();
        bars.setId("probe-bars");
        bars.setWidthFull();
        // Wednesday stands out, so the test can find its bar on the canvas
        bars.setOption(ChartOptions.byCategory(Style.STACKED_BAR, List.of("Mon", "Tue", "Wed", "Thu", "Fri"), List.of(
                new Series("Time saved", List.of(2.5, 3, 9, 2, 1.5)),
                new Series("Approvals", List.of(0.5, 1, 1.5, 0.5, 0.25))), "h"));
        bars.setAriaLabel("Hours saved per day, Monday to Friday: 3, 4, 10.5, 2.5 and 1.75, most of it by automation.");
        var clicked = new Span("nothing clicked yet");
        clicked.setId("probe-clicked");
        var count = new int[1];
        bars.addChartClickListener(click -> clicked.setText(++count[0] + ". " + click.getSeriesName() + " · " + click.getName()
                + " · " + click.getValue() + " · #" + click.getDataIndex()));

        var donut = new Chart();
        donut.setId("probe-donut");
        donut.setWidthFull();
        donut.setOption(ChartOptions.donut("Time saved", List.of(new Slice("Invoice intake", 12.5), new Slice("Onboarding", 6),
                new Slice("Refunds", 3.25), new Slice("Weekly report", 1.5)), "h"));
        donut.setAriaLabel("Time saved by workflow: Invoice intake 12.5 h, Onboarding 6 h, Refunds 3.25 h, Weekly report 1.5 h.");
        // Flow detaches and attaches components when they move (tabs, dialogs): the chart must draw again
        var reattach = new Button("Detach and attach", e -> {
            remove(bars);
            addComponentAsFirst(bars);
        });
        reattach.setId("probe-reattach");
        add(bars, clicked, reattach, donut);
    }
}
