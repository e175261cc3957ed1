package io.flowmeter.shared.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mvysny.kaributesting.v10.ElementUtilsKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.dom.DomEvent;
import elemental.json.Json;
import io.flowmeter.shared.ui.ChartOptions.Series;
import io.flowmeter.shared.ui.ChartOptions.Style;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart component without a browser: what it holds and sends, and clicks coming back as events. */
class ChartTest {

    @BeforeEach
    void setUpVaadin() {
        MockVaadin.setup();
    }

    @AfterEach
    void tearDownVaadin() {
        MockVaadin.tearDown();
    }

    @Test
    void holdsACopyOfTheOptionAndSendsIt() {
        var chart = new Chart();
        UI.getCurrent().add(chart);
        ObjectNode option = ChartOptions.byCategory(Style.BAR, List.of("Mon"), List.of(new Series("Saved", List.of(2))), "h");
        chart.setOption(option);
        option.put("title", "changed afterwards");

        assertThat(chart.getOption()).isEqualTo(ChartOptions.byCategory(Style.BAR, List.of("Mon"), List.of(new Series("Saved", List.of(2))), "h"));
        assertThat(chart.getElement().getPropertyRaw("option")).isEqualTo(chart.getOption());
        chart.getOption().put("title", "changed a copy");
        assertThat(chart.getOption().has("title")).isFalse();

        chart.setAriaLabel("Hours saved on Monday: 2");
        assertThat(chart.getElement().getAttribute("aria-label")).isEqualTo("Hours saved on Monday: 2");
    }

    @Test
    void aClickInTheBrowserReachesTheListener() {
        var chart = new Chart();
        UI.getCurrent().add(chart);
        List<ChartClickEvent> clicks = new ArrayList<>();
        chart.addChartClickListener(clicks::add);

        var data = Json.createObject();
        data.put("event.detail.seriesName", "Saved");
        data.put("event.detail.name", "Tue");
        data.put("event.detail.value", 3.5);
        data.put("event.detail.dataIndex", 1);
        ElementUtilsKt._fireDomEvent(chart.getElement(), new DomEvent(chart.getElement(), "fm-chart-click", data));
        var noNumber = Json.createObject();
        noNumber.put("event.detail.seriesName", "Saved");
        noNumber.put("event.detail.name", "Wed");
        noNumber.put("event.detail.value", Json.createNull());
        noNumber.put("event.detail.dataIndex", 2);
        ElementUtilsKt._fireDomEvent(chart.getElement(), new DomEvent(chart.getElement(), "fm-chart-click", noNumber));

        assertThat(clicks).hasSize(2);
        var first = clicks.get(0);
        assertThat(first.getSource()).isSameAs(chart);
        assertThat(first.isFromClient()).isTrue();
        assertThat(first.getSeriesName()).isEqualTo("Saved");
        assertThat(first.getName()).isEqualTo("Tue");
        assertThat(first.getValue()).isEqualTo(3.5);
        assertThat(first.getDataIndex()).isEqualTo(1);
        assertThat(clicks.get(1).getValue()).isNull();
    }
}
