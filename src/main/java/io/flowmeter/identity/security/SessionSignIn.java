package io.flowmeter.identity.security;

import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Signs the current browser session in as {@code authentication} from inside a Vaadin request (after
 * sign-up, accepting an invite, switching tenants). The session id changes, as on any sign-in, against
 * session fixation; the caller then reloads the page so the UI starts afresh as the new principal.
 */
public final class SessionSignIn {

    private SessionSignIn() {
    }

    public static void store(Authentication authentication, boolean newSessionId) {
        var request = VaadinServletRequest.getCurrent().getHttpServletRequest();
        var response = VaadinServletResponse.getCurrent().getHttpServletResponse();
        if (newSessionId) {
            request.changeSessionId();
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        new HttpSessionSecurityContextRepository().saveContext(context, request, response);
    }
}
