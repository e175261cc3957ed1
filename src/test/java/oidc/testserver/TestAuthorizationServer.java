package oidc.testserver;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import java.util.Map;

/**
 * A real OpenID Connect provider (Spring Authorization Server) started inside a test, on its own port and
 * in its own Spring context, outside the {@code io.flowmeter} package so the product never scans it.
 * People: {@code ada} (password {@code ada-password-1}) and {@code newcomer}; their ID tokens carry
 * {@code email}, {@code email_verified} and {@code name}.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
        JacksonAutoConfiguration.class, SecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class,
        OAuth2AuthorizationServerAutoConfiguration.class, OAuth2AuthorizationServerJwtAutoConfiguration.class})
public class TestAuthorizationServer {

    public static final String CLIENT_ID = "flowmeter";
    public static final String CLIENT_SECRET = "flowmeter-test-secret";
    /** The OAuth app connections sign in with: PKCE required, consent asked, refresh tokens rotated. */
    public static final String CONNECT_CLIENT_ID = "flowmeter-connect";
    public static final String CONNECT_CLIENT_SECRET = "flowmeter-connect-secret";
    /** How many refresh_token grants the token endpoint has answered (single-flight tests count them). */
    public static final java.util.concurrent.atomic.AtomicInteger REFRESH_GRANTS = new java.util.concurrent.atomic.AtomicInteger();
    public static final Map<String, String> EMAILS = Map.of("ada", "ada@sso.example", "newcomer", "newcomer@sso.example");

    @Bean
    InMemoryUserDetailsManager people() {
        return new InMemoryUserDetailsManager(
                User.withUsername("ada").password("{noop}ada-password-1").roles("USER").build(),
                User.withUsername("newcomer").password("{noop}newcomer-password-1").roles("USER").build());
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> emailClaims() {
        return context -> {
            if ("id_token".equals(context.getTokenType().getValue())) {
                String user = context.getPrincipal().getName();
                context.getClaims().claim("email", EMAILS.get(user)).claim("email_verified", true)
                        .claim("name", user.substring(0, 1).toUpperCase() + user.substring(1) + " SSO");
            }
        };
    }

    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<jakarta.servlet.Filter> refreshGrantCounter() {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<jakarta.servlet.Filter>(
                (request, response, chain) -> {
                    var http = (jakarta.servlet.http.HttpServletRequest) request;
                    if ("POST".equals(http.getMethod()) && "/oauth2/token".equals(http.getRequestURI())
                            && "refresh_token".equals(http.getParameter("grant_type"))) {
                        REFRESH_GRANTS.incrementAndGet();
                    }
                    chain.doFilter(request, response);
                });
        registration.setOrder(Integer.MIN_VALUE);
        return registration;
    }

    /**
     * Loopback redirect URIs match on any port (RFC 8252, section 7.3), so the app under test may run on a
     * random port as long as the browser reaches it through 127.0.0.1.
     */
    public static ConfigurableApplicationContext start(int port) {
        String redirectUri = "http://127.0.0.1/login/oauth2/code/sso";
        String client = "spring.security.oauth2.authorizationserver.client.flowmeter.";
        String connect = "spring.security.oauth2.authorizationserver.client.connect.";
        Map<String, Object> connectClient = Map.of(
                connect + "registration.client-id", CONNECT_CLIENT_ID,
                connect + "registration.client-secret", "{noop}" + CONNECT_CLIENT_SECRET,
                connect + "registration.client-authentication-methods", "client_secret_basic,client_secret_post",
                connect + "registration.authorization-grant-types", "authorization_code,refresh_token",
                connect + "registration.redirect-uris", "http://127.0.0.1/connections/oauth/callback",
                connect + "registration.scopes", "openid,profile,email",
                connect + "require-proof-key", "true",
                connect + "require-authorization-consent", "true",
                connect + "token.reuse-refresh-tokens", "false",
                connect + "token.authorization-code-time-to-live", "5s");
        return new SpringApplicationBuilder(TestAuthorizationServer.class)
                .properties(connectClient)
                .web(WebApplicationType.SERVLET)
                .properties(Map.of(
                        "server.port", String.valueOf(port),
                        "server.servlet.session.cookie.name", "SASSESSION",
                        "spring.main.banner-mode", "off",
                        "spring.security.oauth2.authorizationserver.issuer", "http://localhost:" + port,
                        client + "registration.client-id", CLIENT_ID,
                        client + "registration.client-secret", "{noop}" + CLIENT_SECRET,
                        client + "registration.client-authentication-methods", "client_secret_basic",
                        client + "registration.authorization-grant-types", "authorization_code,refresh_token",
                        client + "registration.redirect-uris", redirectUri,
                        client + "registration.scopes", "openid,profile,email"))
                .properties("spring.config.location=optional:classpath:/nothing/",
                        client + "require-authorization-consent=false")
                .run();
    }
}
