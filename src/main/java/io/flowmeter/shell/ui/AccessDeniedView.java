package io.flowmeter.shell.ui;

import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.HttpStatusCode;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.flowmeter.identity.security.CurrentUser;

/**
 * What a signed-in person sees on a screen their role does not open (navigation access control reroutes here), inside
 * the app's frame. Vaadin's default shows its not-found page instead, so as not to confirm that the screen exists;
 * Flowmeter's screens are no secret, and "ask for access" is the answer that helps. Signed-out visitors are asked to
 * sign in instead.
 */
@ParentLayout(MainLayout.class)
@PageTitle("No access")
@AnonymousAllowed
public class AccessDeniedView extends ErrorPage implements HasErrorParameter<AccessDeniedException> {

    AccessDeniedView() {
        super("access-denied", VaadinIcon.LOCK, "You do not have access");
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        explain(CurrentUser.get()
                .filter(principal -> principal.role() != null)
                .map(principal -> "Your role in " + principal.tenantName() + " (" + principal.role().label()
                        + ") does not include this page. Ask an admin of your organization if you need it.")
                .orElse("Your account does not include this page."));
        return HttpStatusCode.FORBIDDEN.getCode();
    }
}
