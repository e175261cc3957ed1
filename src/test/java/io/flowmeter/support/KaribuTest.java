package io.flowmeter.support;

import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinServletRequest;
import io.flowmeter.identity.security.TenantBound;
import io.flowmeter.tenancy.TenantContext;
import kotlin.jvm.functions.Function0;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.Authentication;

/**
 * Browserless view tests (Karibu-Testing) on the shared Spring context: real services, real database, real
 * Vaadin access control. {@link #signIn} plays the part of the HTTP session and the tenant filter.
 */
public abstract class KaribuTest extends IntegrationTest {

    private static Routes routes;

    @Autowired
    protected ApplicationContext context;
    @Autowired
    protected TestData data;

    private TenantContext.@Nullable Handle tenantScope;

    @BeforeAll
    static void discoverRoutes() {
        routes = new Routes().autoDiscoverViews("io.flowmeter");
    }

    @BeforeEach
    void setUpVaadin() {
        Function0<UI> uiFactory = UI::new;
        MockVaadin.setup(uiFactory, new MockSpringServlet(routes, context, uiFactory));
    }

    @AfterEach
    void tearDownVaadin() {
        if (tenantScope != null) {
            tenantScope.close();
            tenantScope = null;
        }
        MockVaadin.tearDown();
    }

    protected void signIn(Authentication authentication) {
        TestData.signInAs(authentication);
        var request = (FakeRequest) VaadinServletRequest.getCurrent().getRequest();
        request.setUserPrincipalInt(authentication);
        request.setUserInRole((principal, role) -> authentication.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_" + role)));
        if (tenantScope != null) {
            tenantScope.close();
            tenantScope = null;
        }
        if (authentication.getPrincipal() instanceof TenantBound bound && bound.tenantId() != null) {
            tenantScope = TenantContext.bind(bound.tenantId());
        }
    }
}
