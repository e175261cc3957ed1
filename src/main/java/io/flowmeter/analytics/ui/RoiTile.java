package io.flowmeter.analytics.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** One ROI figure: a title, the figure, and how it compares with the period before (up, down, or new). */
class RoiTile extends Div {

    RoiTile(String id, String title, String figure, @Nullable BigDecimal now, @Nullable BigDecimal before, boolean higherIsBetter, String note) {
        setId(id);
        addClassNames("fm-card", "fm-tile");
        getStyle().set("width", "auto").set("min-width", "0"); // the grid of tiles sizes them
        add(new H3(title));
        var big = new Span(figure);
        big.setId(id + "-figure");
        big.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("font-weight", "600").set("line-height", "1.1");
        add(big);
        var line = new Paragraph(compare(now, before, higherIsBetter) + (note.isEmpty() ? "" : " · " + note));
        line.setId(id + "-line");
        line.addClassName("fm-muted");
        add(line);
    }

    /** "▲ 12 % vs the period before", "▼ 3 %", "same as the period before", "none the period before". */
    static String compare(@Nullable BigDecimal now, @Nullable BigDecimal before, boolean higherIsBetter) {
        if (now == null || before == null) {
            return "no comparison";
        }
        if (before.signum() == 0) {
            return now.signum() == 0 ? "same as the period before" : "none the period before";
        }
        BigDecimal change = now.subtract(before).multiply(BigDecimal.valueOf(100)).divide(before.abs(), 0, RoundingMode.HALF_EVEN);
        if (change.signum() == 0) {
            return "same as the period before";
        }
        boolean better = (change.signum() > 0) == higherIsBetter;
        return (change.signum() > 0 ? "▲ " : "▼ ") + change.abs().toPlainString() + " % vs the period before" + (better ? "" : " (worse)");
    }
}
