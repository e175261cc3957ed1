package io.flowmeter.identity.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

/** A page outside the app's shell (invitation, password reset): the brand above one centred card. */
abstract class AuthPage extends VerticalLayout {

    protected final Div card = new Div();

    AuthPage() {
        addClassName("fm-auth-page");
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        card.addClassName("fm-auth-card");
        var brand = new H1("Flowmeter");
        brand.addClassName("fm-auth-brand");
        add(brand, card);
    }
}
