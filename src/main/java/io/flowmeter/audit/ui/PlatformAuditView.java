package io.flowmeter.audit.ui;

import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.audit.AuditLog;
import io.flowmeter.audit.service.AuditProperties;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import jakarta.annotation.security.RolesAllowed;

/** The platform's audit log at {@code /admin/audit}: platform administration, and sign-ins that belong to no organization. */
@Route("admin/audit")
@PageTitle("Platform audit log")
@Menu(order = 101, icon = "vaadin:clipboard-text", title = "Admin · Audit log")
@RolesAllowed(FlowmeterPrincipal.PLATFORM_ADMIN)
public class PlatformAuditView extends VerticalLayout {

    PlatformAuditView(AuditLog log, AuditProperties properties) {
        setSizeFull();
        var intro = new Paragraph("Organizations created, suspended, reactivated, re-planned and deleted, platform admins' sign-ins "
                + "and failed sign-ins to no organization. Kept " + Retention.text(properties) + "; an organization's deletion keeps "
                + "these entries about it.");
        intro.addClassNames(LumoUtility.TextColor.SECONDARY);
        add(new H3("Platform audit log"), intro, new AuditLogPanel(log, true));
    }
}
