package io.flowmeter.analytics.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.analytics.domain.Assumption;
import io.flowmeter.analytics.domain.AssumptionKind;
import io.flowmeter.analytics.service.RoiBook;
import io.flowmeter.analytics.service.RoiMaths;
import io.flowmeter.analytics.service.RoiService;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.ui.Feedback;
import jakarta.annotation.security.RolesAllowed;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The organization's ROI settings at {@code /settings/roi} (linked from Settings): currency and time zone, the figures
 * in force today, who gets the statement by email and how often, a form to change one (a new version with its evidence), every version ever set, and restatements.
 * Everyone may read it; admins change it.
 */
@Route("settings/roi")
@PageTitle("ROI settings")
@RolesAllowed(Role.Names.VIEWER)
public class RoiSettingsView extends VerticalLayout {

    private final RoiService roi;
    private final boolean admin;
    private final ComboBox<String> currency = new ComboBox<>("Currency");
    private final ComboBox<String> zone = new ComboBox<>("Time zone");
    private final Grid<Assumption> inForce = new Grid<>();
    private final VerticalLayout history = new VerticalLayout();
    private final Grid<RoiService.Restatement> restatements = new Grid<>();
    private FigureForm figure;
    private EvidenceForm evidence;

    RoiSettingsView(RoiService roi, io.flowmeter.analytics.service.StatementService statements) {
        this.roi = roi;
        this.admin = CurrentUser.get().map(p -> p.has(Role.ADMIN)).orElse(false);
        setMaxWidth("60rem");
        RoiBook book = roi.book();
        LocalDate today = roi.today();

        var back = new Anchor("settings", "← Settings");
        back.getElement().setAttribute("router-link", true);
        var intro = new Paragraph("The figures the ROI reports price with. Every change is a new version that applies from its day on, "
                + "with who set it, the evidence, and how sure they are: the reports show what rests on low-confidence figures. "
                + "A workflow's minutes per run are set in its builder (Value), a step's in the step panel.");
        intro.addClassNames(LumoUtility.TextColor.SECONDARY);

        currency.setId("roi-currency");
        currency.setItems(Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode).sorted().toList());
        currency.setValue(book.currency());
        currency.setHelperText("Every figure is in this currency; changing it does not convert past figures");
        zone.setId("roi-zone");
        zone.setItems(ZoneId.getAvailableZoneIds().stream().sorted().toList());
        zone.setValue(book.zone().getId());
        zone.setHelperText("Days in reports are this zone's days");
        var saveGeneral = new Button("Save", e -> saveGeneral());
        saveGeneral.setId("roi-save-general");
        var general = new HorizontalLayout(currency, zone, saveGeneral);
        general.setAlignItems(Alignment.BASELINE);
        general.setWrap(true);
        currency.setReadOnly(!admin);
        zone.setReadOnly(!admin);
        saveGeneral.setVisible(admin);

        inForce.setId("roi-in-force");
        inForce.addThemeVariants(GridVariant.LUMO_COMPACT);
        inForce.addColumn(io.flowmeter.analytics.service.AssumptionText::label).setHeader("Figure").setFlexGrow(2);
        inForce.addColumn(a -> io.flowmeter.analytics.service.AssumptionText.amount(a, book.currency())).setHeader("In force today").setAutoWidth(true);
        inForce.addColumn(a -> a.effectiveFrom().toString()).setHeader("Since").setAutoWidth(true);
        inForce.addColumn(a -> a.confidence().wire() + " · " + a.basis()).setHeader("Confidence").setAutoWidth(true);
        inForce.setAllRowsVisible(true);
        inForce.setEmptyStateText("Nothing set yet: minutes saved count, but are worth nothing until a labour rate is set.");

        add(back, new H3("ROI settings"), intro, general, new H3("Emailed statements"), new StatementScheduleForm(statements, admin),
                new H3("Figures in force"), inForce);
        if (admin) {
            figure = new FigureForm(book.currency());
            evidence = new EvidenceForm("figure", today);
            var save = new Button("Save figure", e -> saveFigure());
            save.setId("figure-save");
            save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            add(new H3("Change a figure"), figure, evidence, save);
        }
        restatements.setId("roi-restatements");
        restatements.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        restatements.addColumn(r -> Feedback.dateTime(r.at())).setHeader("When").setAutoWidth(true);
        restatements.addColumn(r -> "from " + r.from()).setHeader("Restated").setAutoWidth(true);
        restatements.addColumn(RoiService.Restatement::reason).setHeader("Why").setFlexGrow(2);
        restatements.addColumn(r -> "value " + RoiMaths.money(r.valueBefore(), r.currency()) + " → " + RoiMaths.money(r.valueAfter(), r.currency())
                + ", cost " + RoiMaths.money(r.costBefore(), r.currency()) + " → " + RoiMaths.money(r.costAfter(), r.currency()))
                .setHeader("Totals (" + book.currency() + ")").setAutoWidth(true);
        restatements.addColumn(r -> r.by() == null ? "" : r.by()).setHeader("By").setAutoWidth(true);
        restatements.setAllRowsVisible(true);
        restatements.setEmptyStateText("Never restated: every figure is as it was priced when it was recorded.");
        var restate = new Button("Restate figures…", e -> new RestateDialog(roi, roi.today(), this::refresh).open());
        restate.setId("roi-restate");
        restate.setVisible(admin);
        add(new H3("All versions"), history, new H3("Restatements"), restatements, restate);
        history.setPadding(false);
        refresh();
    }

    private void refresh() {
        RoiBook book = roi.book();
        LocalDate today = roi.today();
        List<Assumption> current = new ArrayList<>();
        book.assumptions().stream().filter(a -> a.kind() != AssumptionKind.WORKFLOW_VALUE)
                .collect(Collectors.groupingBy(a -> a.kind() + "/" + a.subject(), java.util.LinkedHashMap::new, Collectors.toList()))
                .forEach((key, versions) -> book.inForce(versions.get(0).kind(), versions.get(0).subject(), today).ifPresent(current::add));
        inForce.setItems(current);
        history.removeAll();
        history.add(new AssumptionHistory("roi-history", "Figure", a -> io.flowmeter.analytics.service.AssumptionText.label(a) + ": " + io.flowmeter.analytics.service.AssumptionText.amount(a, book.currency()),
                book.assumptions().stream().filter(a -> a.kind() != AssumptionKind.WORKFLOW_VALUE).toList()));
        restatements.setItems(roi.restatements());
    }

    private void saveGeneral() {
        try {
            roi.saveSettings(currency.getValue() == null ? "" : currency.getValue(), zone.getValue() == null ? "" : zone.getValue());
            Feedback.success("Currency and time zone saved");
        } catch (InvalidInputException problem) {
            ("timeZone".equals(problem.field()) ? zone : currency).setErrorMessage(problem.getMessage());
            ("timeZone".equals(problem.field()) ? zone : currency).setInvalid(true);
        }
    }

    private void saveFigure() {
        try {
            var recorded = roi.change(List.of(figure.change()), evidence.value());
            Feedback.success(recorded.isEmpty() ? "Nothing changed: that figure is already in force from that day"
                    : "Saved: it applies from " + recorded.get(0).effectiveFrom());
            figure.clear();
            refresh();
        } catch (InvalidInputException problem) {
            if (!evidence.show(problem.field() == null ? "" : problem.field(), problem.getMessage())) {
                figure.showProblem(problem.getMessage());
            }
        }
    }
}
