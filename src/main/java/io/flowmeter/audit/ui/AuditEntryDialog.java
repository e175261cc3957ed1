package io.flowmeter.audit.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.flowmeter.audit.AuditEntry;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.shared.ui.Feedback;
import org.jspecify.annotations.Nullable;

/** One audit entry in full: when, who, from where, what, and the values before and after the change. */
class AuditEntryDialog extends Dialog {

    private static final ObjectMapper JSON = new ObjectMapper();

    AuditEntryDialog(AuditEntry entry) {
        setHeaderTitle(label(entry));
        setWidth("min(44rem, 95vw)");
        var facts = new FormLayout();
        facts.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("30em", 2));
        facts.addFormItem(new Span(Feedback.dateTime(entry.at())), "When");
        facts.addFormItem(new Span(entry.actorName() + " (" + actorKind(entry) + ")"), "Who");
        facts.addFormItem(new Span(orDash(entry.ip())), "From address");
        facts.addFormItem(new Span(orDash(entry.userAgent())), "Browser or client");
        facts.addFormItem(new Span(entry.action()), "Action");
        facts.addFormItem(new Span(entry.objectType() + (entry.objectName() == null ? "" : ": " + entry.objectName())), "Object");
        facts.addFormItem(new Span(orDash(entry.objectId())), "Object id");
        var content = new VerticalLayout(facts);
        content.setPadding(false);
        if (entry.before() != null || entry.after() != null) {
            var before = values("Before", entry.before(), "audit-before");
            var after = values("After", entry.after(), "audit-after");
            var change = new HorizontalLayout(before, after);
            change.setWidthFull();
            change.setFlexGrow(1, before, after);
            content.add(change);
        }
        add(content);
        var close = new Button("Close", e -> close());
        close.setId("audit-entry-close");
        getFooter().add(close);
        setId("audit-entry-dialog");
    }

    static String label(AuditEntry entry) {
        return AuditAction.byCode(entry.action()).map(AuditAction::label).orElse(entry.action());
    }

    static String actorKind(AuditEntry entry) {
        return switch (entry.actorKind()) {
            case USER -> "person";
            case API_KEY -> "API key";
            case SYSTEM -> "Flowmeter";
            case ANONYMOUS -> "not signed in";
        };
    }

    private static VerticalLayout values(String title, @Nullable String json, String id) {
        var pre = new Pre(json == null ? "—" : pretty(json));
        pre.setId(id);
        pre.getStyle().set("white-space", "pre-wrap").set("word-break", "break-word").set("margin", "0")
                .set("font-size", "var(--lumo-font-size-s)");
        var column = new VerticalLayout(new H4(title), pre);
        column.setPadding(false);
        column.setSpacing(false);
        return column;
    }

    private static String pretty(String json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json;
        }
    }

    private static String orDash(@Nullable String text) {
        return text == null || text.isBlank() ? "—" : text;
    }
}
