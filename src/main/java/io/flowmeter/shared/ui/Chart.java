package io.flowmeter.shared.ui;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.HasAriaLabel;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.shared.Registration;

/**
 * A chart drawn by Apache ECharts in the browser ({@code frontend/flowmeter-chart.ts}) from an ECharts option that
 * the server builds, usually with {@link ChartOptions}. Each {@link #setOption} replaces the whole chart. The canvas
 * says nothing to a screen reader, so give every chart a text summary with {@link #setAriaLabel}. 20rem high
 * unless sized otherwise.
 */
@Tag("flowmeter-chart")
@JsModule("./flowmeter-chart.ts")
@NpmPackage(value = "echarts", version = "6.1.0")
public class Chart extends Component implements HasSize, HasAriaLabel {

    private ObjectNode option = JsonNodeFactory.instance.objectNode();

    /** Draws {@code option} in place of what the chart showed; nothing of the previous option is kept. */
    public void setOption(ObjectNode option) {
        // a copy: Flow sends the node it holds, so a caller changing theirs afterwards would go unseen
        this.option = option.deepCopy();
        getElement().setPropertyJson("option", this.option);
    }

    /** A copy of the option last set: changing it changes nothing on screen. */
    public ObjectNode getOption() {
        return option.deepCopy();
    }

    /** Called when the person clicks a bar, a point or a slice. */
    public Registration addChartClickListener(ComponentEventListener<ChartClickEvent> listener) {
        return addListener(ChartClickEvent.class, listener);
    }
}
