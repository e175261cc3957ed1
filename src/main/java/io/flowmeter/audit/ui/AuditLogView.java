package io.flowmeter.audit.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.audit.AuditLog;
import io.flowmeter.audit.service.AuditProperties;
import io.flowmeter.identity.domain.Role;
import jakarta.annotation.security.RolesAllowed;

/** The organization's audit log at {@code /settings/audit}, for its admins and owners. */
@Route("settings/audit")
@PageTitle("Audit log")
@Menu(order = 95, icon = "vaadin:clipboard-text", title = "Audit log")
@RolesAllowed(Role.Names.ADMIN)
public class AuditLogView extends VerticalLayout {

    AuditLogView(AuditLog log, AuditProperties properties) {
        setSizeFull();
        var back = new Anchor("settings", "← Settings");
        back.getElement().setAttribute("router-link", true);
        var intro = new Paragraph("Who did what in your organization, when and from where: sign-ins, members and roles, API keys, "
                + "connections, workflows, runs and approvals, ROI assumptions and settings. Entries cannot be changed or deleted, and "
                + "are kept " + Retention.text(properties) + ".");
        intro.addClassNames(LumoUtility.TextColor.SECONDARY);
        add(back, new H3("Audit log"), intro, new AuditLogPanel(log, false));
    }
}
