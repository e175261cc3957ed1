package io.flowmeter.shell.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import jakarta.annotation.security.PermitAll;

/**
 * The landing page. Until there are workflows and runs it shows an honest welcome and the next steps, never
 * made-up numbers.
 */
@Route("")
@PageTitle("Dashboard")
@Menu(order = 0, icon = "vaadin:dashboard", title = "Dashboard")
@PermitAll
public class DashboardView extends VerticalLayout implements BeforeEnterObserver {

    DashboardView() {
        addClassName("fm-dashboard");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        FlowmeterPrincipal principal = CurrentUser.require();
        if (!principal.hasTenant()) {
            event.forwardTo("admin/tenants"); // a platform admin without a tenant of their own
            return;
        }
        removeAll();
        var welcome = new H2("Welcome to " + principal.tenantName() + ", " + principal.displayName().split(" ")[0]);
        welcome.setId("welcome");
        add(welcome);
        var empty = new Div();
        empty.addClassName("fm-empty-state");
        empty.add(new Icon(VaadinIcon.CONNECT_O), new H3("No automations yet"),
                new Paragraph("Flowmeter runs your workflows durably and shows what each one saves in time and money, "
                        + "net of what it costs to run. Time saved, money saved and run counts appear here once your "
                        + "first workflow has run."));
        add(empty);
        var steps = new FlexLayout();
        steps.addClassName("fm-next-steps");
        if (principal.has(Role.ADMIN)) {
            steps.add(step(VaadinIcon.USERS, "Invite your team", "Add the people who build and run automations.",
                    "settings", "Manage members"));
            steps.add(step(VaadinIcon.KEY, "Create an API key", "Start workflows from your own systems over the REST API.",
                    "settings?tab=api-keys", "API keys"));
        } else {
            steps.add(step(VaadinIcon.INFO_CIRCLE, "You are a " + principal.role().label().toLowerCase(),
                    principal.role().description() + ".", null, null));
        }
        add(steps);
    }

    private static Component step(VaadinIcon icon, String title, String text, String href, String link) {
        var card = new Div(new Icon(icon), new H3(title), new Paragraph(text));
        card.addClassName("fm-card");
        if (href != null) {
            card.add(new Anchor(href, link));
        }
        return card;
    }
}
