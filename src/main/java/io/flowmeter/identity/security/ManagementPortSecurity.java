package io.flowmeter.identity.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * With a management port of its own ({@code FLOWMETER_MANAGEMENT_PORT}, for Kubernetes' probes and Prometheus'
 * scrapes inside the cluster): health and the Prometheus scrape are open there, every other endpoint is refused there
 * (they stay for platform admins on the app's port only... where with a separate port they are not served at all).
 * The port is meant to stay inside the cluster; the app's port keeps its rules.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${management.server.port:}' != ''")
class ManagementPortSecurity {

    @Bean
    @Order(-2)
    SecurityFilterChain managementPortChain(HttpSecurity http, @Value("${management.server.port}") int managementPort) throws Exception {
        return http
                .securityMatcher((HttpServletRequest request) -> request.getLocalPort() == managementPort)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to("health", "prometheus")).permitAll()
                        .anyRequest().denyAll())
                .build();
    }
}
