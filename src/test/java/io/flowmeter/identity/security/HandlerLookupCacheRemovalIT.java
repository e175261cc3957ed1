package io.flowmeter.identity.security;

import io.flowmeter.support.IntegrationTest;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's filter chains no longer look every request's Spring MVC handler up before the DispatcherServlet
 * does: a request goes through them without the introspector's cached lookup, and they still decide as before.
 */
class HandlerLookupCacheRemovalIT extends IntegrationTest {

    @Autowired @Qualifier("springSecurityFilterChain") Filter securityFilters;

    @Test
    void requestsPassTheChainsWithoutAHandlerLookupAndAreStillDecided() throws Exception {
        assertThat(HandlerLookupCacheRemoval.isCacheFilter(new HandlerMappingIntrospector().createCacheFilter())).isTrue();
        assertThat(HandlerLookupCacheRemoval.isCacheFilter((Filter) (request, response, chain) -> chain.doFilter(request, response))).isFalse();

        // a webhook request is let through (its token and signature are checked by the trigger), looked up by nobody
        var hook = new MockHttpServletRequest("POST", "/hooks/wh_whatever");
        hook.setServletPath("/hooks/wh_whatever");
        AtomicReference<Object> cached = new AtomicReference<>("not reached");
        securityFilters.doFilter(hook, new MockHttpServletResponse(), (request, response) ->
                cached.set(HandlerMappingIntrospector.CachedResult.getResultFor((jakarta.servlet.http.HttpServletRequest) request)));
        assertThat(cached.get()).isNull();

        // the API still wants its key
        var api = new MockHttpServletRequest("GET", "/api/v1/tenant");
        api.setServletPath("/api/v1/tenant");
        var refused = new MockHttpServletResponse();
        AtomicBoolean reached = new AtomicBoolean();
        securityFilters.doFilter(api, refused, (request, response) -> reached.set(true));
        assertThat(reached).isFalse();
        assertThat(refused.getStatus()).isEqualTo(401);
        assertThat(refused.getContentType()).startsWith("application/problem+json");
    }
}
