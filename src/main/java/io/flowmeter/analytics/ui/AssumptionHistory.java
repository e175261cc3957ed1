package io.flowmeter.analytics.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import io.flowmeter.analytics.domain.Assumption;
import io.flowmeter.shared.ui.Feedback;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

/** Every version of an assumption, newest first: the figure, from when, how sure, on what evidence, by whom. */
class AssumptionHistory extends Grid<Assumption> {

    AssumptionHistory(String id, String figureHeader, Function<Assumption, String> figure, List<Assumption> versions) {
        setId(id);
        addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        addColumn(a -> a.effectiveFrom().toString()).setHeader("From").setAutoWidth(true).setFlexGrow(0);
        addColumn(figure::apply).setHeader(figureHeader).setAutoWidth(true);
        addColumn(a -> a.confidence().wire() + " · " + a.basis()).setHeader("Confidence").setAutoWidth(true);
        addColumn(a -> a.evidence() == null ? (a.evidenceUrl() == null ? "—" : a.evidenceUrl())
                : a.evidence() + (a.evidenceUrl() == null ? "" : " (" + a.evidenceUrl() + ")")).setHeader("Evidence").setFlexGrow(2);
        addColumn(a -> (a.ownerName() == null ? "?" : a.ownerName()) + ", " + Feedback.dateTime(a.recordedAt())).setHeader("Set by")
                .setAutoWidth(true);
        setItems(versions);
        setAllRowsVisible(versions.size() <= 8);
        if (versions.size() > 8) {
            setHeight("16rem");
        }
        setEmptyStateText("No versions yet");
    }

    static String plain(BigDecimal value) {
        return value == null ? "—" : value.stripTrailingZeros().toPlainString();
    }
}
