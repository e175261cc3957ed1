package io.flowmeter.shell.ui;

import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.HttpStatusCode;
import com.vaadin.flow.server.auth.AnonymousAllowed;

/**
 * What an address that leads nowhere shows, inside the app's frame: not Vaadin's page listing every route (in
 * development) or its bare one-liner (in production). Signed-out visitors are asked to sign in first.
 */
@ParentLayout(MainLayout.class)
@PageTitle("Not found")
@AnonymousAllowed
public class NotFoundView extends ErrorPage implements HasErrorParameter<NotFoundException> {

    NotFoundView() {
        super("not-found", VaadinIcon.QUESTION_CIRCLE_O, "Not found");
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        explain("There is no page at /" + event.getLocation().getPath()
                + ". The link may be mistyped, or what it pointed to was removed.");
        return HttpStatusCode.NOT_FOUND.getCode();
    }
}
