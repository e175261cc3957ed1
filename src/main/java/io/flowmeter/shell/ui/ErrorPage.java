package io.flowmeter.shell.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.RouterLink;

/** The shape of the error pages inside the app's frame: what went wrong, why, and the way home. */
abstract class ErrorPage extends Div {

    private final Paragraph explanation = new Paragraph();

    ErrorPage(String id, VaadinIcon icon, String title) {
        setId(id);
        addClassName("fm-empty-state");
        // home is the dashboard, which sends a platform admin without an organization on to the tenants
        var home = new RouterLink("Go to the start page", DashboardView.class);
        home.setId("error-home");
        add(new Icon(icon), new H3(title), explanation, home);
    }

    protected void explain(String text) {
        explanation.setText(text);
    }
}
