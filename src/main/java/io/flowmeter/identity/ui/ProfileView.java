package io.flowmeter.identity.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.identity.security.SessionSignIn;
import io.flowmeter.identity.security.SignInService;
import io.flowmeter.identity.service.ProfileService;
import io.flowmeter.identity.service.ProfileService.Profile;
import jakarta.annotation.security.PermitAll;

/** The signed-in person's own account, opened from the user menu: their name and their password. */
@Route("profile")
@PageTitle("Profile")
@PermitAll
public class ProfileView extends VerticalLayout {

    private final SignInService signIn;

    ProfileView(ProfileService profiles, SignInService signIn) {
        this.signIn = signIn;
        addClassName(LumoUtility.MaxWidth.SCREEN_SMALL);
        Profile profile = profiles.profile();
        add(new ProfileNameForm(profiles, profile, () -> {
            renewSession();
            UI.getCurrent().refreshCurrentRoute(true); // the header shows the new name
        }));
        if (profile.hasPassword()) {
            add(new ChangePasswordForm(profiles, profile.email(), this::renewSession));
        } else {
            add(new H3("Password"), new Paragraph("You sign in through single sign-on, so your password is kept by your "
                    + "organization's identity provider, not by Flowmeter."));
        }
    }

    /**
     * This session carries on as the account is now: with the new name, and with the new password's credentials
     * version (else the session re-check would sign it out like the others).
     */
    private void renewSession() {
        FlowmeterPrincipal me = CurrentUser.require();
        SessionSignIn.store(signIn.authenticate(me.userId(), me.tenantId()), false);
    }
}
