package io.flowmeter.shared.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * ECharts options for the charts the reports draw, for {@link Chart#setOption}. They travel as JSON, which carries no
 * JavaScript, so units are added by ECharts' string templates ({@code "{value} h"}) on axes and by
 * {@code tooltip.valueSuffix}, which the chart element turns into a tooltip formatter.
 */
public final class ChartOptions {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** How series over categories are drawn. */
    public enum Style {
        LINE, BAR, STACKED_BAR
    }

    /** A named line or bar series: one number per category. */
    public record Series(String name, List<? extends Number> values) {
        public Series {
            Objects.requireNonNull(name, "name");
            values.forEach(value -> Objects.requireNonNull(value, () -> "Series '" + name + "' has a missing number"));
            values = List.copyOf(values);
        }
    }

    /** A named part of a whole: one slice of a pie or donut. */
    public record Slice(String name, Number value) {
        public Slice {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    private ChartOptions() {
    }

    /**
     * Categories (days, weeks, workflows) along the x axis and one line or bar per series and category; numbers on
     * the y axis and in the tooltip carry {@code unit} ("h", "EUR"; empty for none).
     *
     * @throws IllegalArgumentException when a series has not exactly one number per category, or a number is not finite
     */
    public static ObjectNode byCategory(Style style, List<String> categories, List<Series> series, String unit) {
        var option = JSON.objectNode();
        var tooltip = tooltip(option, "axis", unit);
        if (style != Style.LINE) {
            tooltip.putObject("axisPointer").put("type", "shadow");
        }
        boolean legend = series.size() > 1;
        if (legend) {
            option.putObject("legend").put("type", "scroll").put("top", 0);
        }
        // ECharts' default grid leaves 15 % and 10 % of the width empty at the sides; "same" keeps the axis labels inside
        option.putObject("grid").put("outerBoundsMode", "same").put("left", 8).put("right", 16).put("top", legend ? 40 : 16)
                .put("bottom", 8);
        var x = option.putObject("xAxis").put("type", "category").put("boundaryGap", style != Style.LINE);
        categories.forEach(x.putArray("data")::add);
        var y = option.putObject("yAxis").put("type", "value");
        if (!unit.isEmpty()) {
            y.putObject("axisLabel").put("formatter", "{value} " + unit);
        }
        var list = option.putArray("series");
        for (Series one : series) {
            if (one.values().size() != categories.size()) {
                throw new IllegalArgumentException("Series '" + one.name() + "' has " + one.values().size() + " numbers for "
                        + categories.size() + " categories");
            }
            var item = list.addObject().put("name", one.name()).put("type", style == Style.LINE ? "line" : "bar");
            if (style == Style.STACKED_BAR) {
                item.put("stack", "total");
            }
            var data = item.putArray("data");
            one.values().forEach(value -> data.add(number(value, one.name())));
        }
        return option;
    }

    /** A full pie of {@code slices}; the tooltip shows each slice's number with {@code unit}, the labels its share. */
    public static ObjectNode pie(String name, List<Slice> slices, String unit) {
        return round(name, slices, unit, JSON.textNode("70%"));
    }

    /** A pie with a hole in the middle (a ring), otherwise like {@link #pie}. */
    public static ObjectNode donut(String name, List<Slice> slices, String unit) {
        return round(name, slices, unit, JSON.arrayNode().add("45%").add("70%"));
    }

    private static ObjectNode round(String name, List<Slice> slices, String unit, JsonNode radius) {
        var option = JSON.objectNode();
        tooltip(option, "item", unit);
        option.putObject("legend").put("type", "scroll").put("bottom", 0);
        var series = option.putArray("series").addObject().put("name", name).put("type", "pie");
        series.set("radius", radius);
        series.put("percentPrecision", 1).putObject("label").put("formatter", "{b}: {d}%");
        var data = series.putArray("data");
        for (Slice slice : slices) {
            if (slice.value().doubleValue() < 0) {
                throw new IllegalArgumentException("Slice '" + slice.name() + "' is negative (" + slice.value() + "): a pie shows parts of a whole");
            }
            data.addObject().put("name", slice.name()).set("value", number(slice.value(), slice.name()));
        }
        return option;
    }

    private static ObjectNode tooltip(ObjectNode option, String trigger, String unit) {
        var tooltip = option.putObject("tooltip").put("trigger", trigger);
        if (!unit.isEmpty()) {
            tooltip.put("valueSuffix", " " + unit);
        }
        return tooltip;
    }

    /** {@code value} as a JSON number, exact for decimals and whole numbers; JSON has no NaN or Infinity. */
    private static JsonNode number(Number value, String owner) {
        if (!Double.isFinite(value.doubleValue())) {
            throw new IllegalArgumentException("'" + owner + "' has a number that is not finite: " + value);
        }
        if (value instanceof BigDecimal decimal) {
            return JSON.numberNode(decimal);
        }
        if (value instanceof BigInteger integer) {
            return JSON.numberNode(integer);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            return JSON.numberNode(value.longValue());
        }
        return JSON.numberNode(value.doubleValue());
    }
}
