package io.flowmeter.shared.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowmeter.shared.ui.ChartOptions.Series;
import io.flowmeter.shared.ui.ChartOptions.Slice;
import io.flowmeter.shared.ui.ChartOptions.Style;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChartOptionsTest {

    private final ObjectMapper json = new ObjectMapper();

    /** As the browser reads it: number node types (int, long, decimal) do not matter there. */
    private JsonNode sent(ObjectNode option) throws Exception {
        return json.readTree(json.writeValueAsString(option));
    }

    @Test
    void stackedBarsPerCategoryWithAUnit() throws Exception {
        var option = ChartOptions.byCategory(Style.STACKED_BAR, List.of("Mon", "Tue"),
                List.of(new Series("Saved", List.of(1.5, 2)), new Series("Spent", List.of(new BigDecimal("0.25"), 0L))), "h");
        assertThat(sent(option)).isEqualTo(json.readTree("""
                {"tooltip": {"trigger": "axis", "valueSuffix": " h", "axisPointer": {"type": "shadow"}},
                 "legend": {"type": "scroll", "top": 0},
                 "grid": {"outerBoundsMode": "same", "left": 8, "right": 16, "top": 40, "bottom": 8},
                 "xAxis": {"type": "category", "boundaryGap": true, "data": ["Mon", "Tue"]},
                 "yAxis": {"type": "value", "axisLabel": {"formatter": "{value} h"}},
                 "series": [{"name": "Saved", "type": "bar", "stack": "total", "data": [1.5, 2]},
                            {"name": "Spent", "type": "bar", "stack": "total", "data": [0.25, 0]}]}"""));
        assertThat(option.at("/series/1/data/0").decimalValue()).isEqualTo(new BigDecimal("0.25")); // exact, not 0.25 as a double
    }

    @Test
    void oneLineHasNoLegendAndNoUnitMeansNoFormatter() throws Exception {
        var option = ChartOptions.byCategory(Style.LINE, List.of("W1", "W2", "W3"), List.of(new Series("Runs", List.of(3, 5, 8))), "");
        assertThat(sent(option)).isEqualTo(json.readTree("""
                {"tooltip": {"trigger": "axis"},
                 "grid": {"outerBoundsMode": "same", "left": 8, "right": 16, "top": 16, "bottom": 8},
                 "xAxis": {"type": "category", "boundaryGap": false, "data": ["W1", "W2", "W3"]},
                 "yAxis": {"type": "value"},
                 "series": [{"name": "Runs", "type": "line", "data": [3, 5, 8]}]}"""));
    }

    @Test
    void barsSideBySideAreNotStacked() {
        var option = ChartOptions.byCategory(Style.BAR, List.of("a"), List.of(new Series("x", List.of(1)), new Series("y", List.of(2))), "EUR");
        assertThat(option.at("/series/0/type").asText()).isEqualTo("bar");
        assertThat(option.at("/series/0").has("stack")).isFalse();
        assertThat(option.at("/yAxis/axisLabel/formatter").asText()).isEqualTo("{value} EUR");
    }

    @Test
    void aDonutIsAPieWithAHole() throws Exception {
        var slices = List.of(new Slice("Invoices", 12.5), new Slice("Onboarding", 3));
        assertThat(sent(ChartOptions.donut("Time saved", slices, "h"))).isEqualTo(json.readTree("""
                {"tooltip": {"trigger": "item", "valueSuffix": " h"},
                 "legend": {"type": "scroll", "bottom": 0},
                 "series": [{"name": "Time saved", "type": "pie", "radius": ["45%", "70%"], "percentPrecision": 1, "label": {"formatter": "{b}: {d}%"},
                             "data": [{"name": "Invoices", "value": 12.5}, {"name": "Onboarding", "value": 3}]}]}"""));
        assertThat(ChartOptions.pie("Time saved", slices, "h").at("/series/0/radius").asText()).isEqualTo("70%");
    }

    @Test
    void refusesWhatCannotBeDrawn() {
        assertThatThrownBy(() -> ChartOptions.byCategory(Style.LINE, List.of("Mon", "Tue"), List.of(new Series("Saved", List.of(1))), "h"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Series 'Saved' has 1 numbers for 2 categories");
        assertThatThrownBy(() -> ChartOptions.byCategory(Style.BAR, List.of("Mon"), List.of(new Series("Saved", List.of(Double.NaN))), "h"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
        assertThatThrownBy(() -> ChartOptions.pie("Net", List.of(new Slice("Loss", -2)), "EUR"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        var withGap = new java.util.ArrayList<Double>(List.of(1.0));
        withGap.add(null);
        assertThatThrownBy(() -> new Series("Saved", withGap)).isInstanceOf(NullPointerException.class)
                .hasMessage("Series 'Saved' has a missing number");
    }
}
