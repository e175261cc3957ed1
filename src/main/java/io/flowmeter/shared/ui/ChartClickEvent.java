package io.flowmeter.shared.ui;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import org.jspecify.annotations.Nullable;

/** A click on a bar, point or slice of a {@link Chart}: which series, which category or slice, and its number. */
@DomEvent("fm-chart-click")
public class ChartClickEvent extends ComponentEvent<Chart> {

    private final String seriesName;
    private final String name;
    private final @Nullable Double value;
    private final int dataIndex;

    public ChartClickEvent(Chart source, boolean fromClient,
                           @EventData("event.detail.seriesName") String seriesName,
                           @EventData("event.detail.name") String name,
                           @EventData("event.detail.value") @Nullable Double value,
                           @EventData("event.detail.dataIndex") int dataIndex) {
        super(source, fromClient);
        this.seriesName = seriesName;
        this.name = name;
        this.value = value;
        this.dataIndex = dataIndex;
    }

    public String getSeriesName() {
        return seriesName;
    }

    /** The category (x axis) or the slice's name. */
    public String getName() {
        return name;
    }

    /** The clicked item's number; null when the item has none the chart could tell (a dataset row without a y column). */
    public @Nullable Double getValue() {
        return value;
    }

    /** The item's position in its series' data, counted from 0. */
    public int getDataIndex() {
        return dataIndex;
    }
}
