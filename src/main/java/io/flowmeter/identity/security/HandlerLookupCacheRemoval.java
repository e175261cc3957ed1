package io.flowmeter.identity.security;

import jakarta.servlet.Filter;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

/**
 * Takes out the filter Spring Security puts in front of its filter chains to look every request's Spring MVC handler up
 * and keep it for its MVC request matchers ({@code HandlerMappingIntrospector.createCacheFilter()}). Flowmeter's chains
 * match paths with {@link org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher} and
 * Vaadin's its own matchers, and nothing uses the introspector for CORS, so that lookup was made for nothing on every
 * request (the {@code DispatcherServlet} makes its own): 8 % of a JFR profile's samples under load, less measured
without the profiler (see the README's engine benchmark over HTTP). Were an MVC
 * matcher ever added, it would look the handler up itself (Spring logs a cache miss once): slower, never wrong.
 */
final class HandlerLookupCacheRemoval implements BeanPostProcessor {

    /**
     * The filter is a lambda of the introspector's (an unnamed inner bean of Spring Security's filter chain), so it is
     * known by its class. {@code HandlerLookupCacheRemovalIT} fails should that ever stop matching.
     */
    static boolean isCacheFilter(Object bean) {
        return bean instanceof Filter && bean.getClass().getName().startsWith(HandlerMappingIntrospector.class.getName() + "$$Lambda");
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (isCacheFilter(bean)) {
            return (Filter) (request, response, chain) -> chain.doFilter(request, response);
        }
        return bean;
    }
}
