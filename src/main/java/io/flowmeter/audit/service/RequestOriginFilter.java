package io.flowmeter.audit.service;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/** Notes each request's origin for the audit entries it may cause, before security (sign-ins are audited too). */
class RequestOriginFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RequestOrigin previous = RequestOrigin.swap(RequestOrigin.of(request.getRemoteAddr(), request.getHeader("User-Agent")));
        try {
            chain.doFilter(request, response);
        } finally {
            RequestOrigin.swap(previous);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<RequestOriginFilter> requestOriginFilter() {
            var registration = new FilterRegistrationBean<>(new RequestOriginFilter());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
            registration.addUrlPatterns("/*");
            return registration;
        }
    }
}
