package io.flowmeter.identity.security;

import io.flowmeter.identity.service.ApiKeyService;
import io.flowmeter.shared.Problems;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import static com.vaadin.flow.spring.security.VaadinSecurityConfigurer.vaadin;

/**
 * Two filter chains. The REST API ({@code /api/v1/**}) is stateless, authenticated by tenant API keys and
 * answers every refusal with a problem-details body. Everything else is the Vaadin app: form sign-in,
 * optional OIDC single sign-on (when a client registration is configured), and the health probes in the
 * open; other actuator endpoints for platform admins only.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    /**
     * Scripts, styles, connections and frames from Flowmeter itself only; no plugins, no framing by other sites, forms
     * post back here. Vaadin needs inline scripts (its bootstrap) and eval (Flow runs server-sent JavaScript through
     * {@code new Function}), so those two stay allowed; 'self' covers Push's WebSocket on the same host.
     */
    static final String APP_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /**
     * No observation wrapper around each security filter: with observations of Spring Security disabled (see
     * application.yml) the wrappers only cost time on every request.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * A request's path against {@code patterns}, parsed once ({@link PathPatternRequestMatcher}). {@code
     * securityMatcher(String...)} would make Spring MVC matchers instead, which look the request's handler up through
     * Spring MVC's introspector: an extra lookup of every request's handler, before the {@code DispatcherServlet} does
     * its own. With none of those matchers left, that lookup is not made at all ({@link HandlerLookupCacheRemoval}).
     */
    static RequestMatcher paths(String... patterns) {
        PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(java.util.Arrays.stream(patterns).map(builder::matcher).map(RequestMatcher.class::cast).toList());
    }

    @Bean
    static HandlerLookupCacheRemoval handlerLookupCacheRemoval() {
        return new HandlerLookupCacheRemoval();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiKeyService apiKeys, SignInService signIn) throws Exception {
        return http
                .securityMatcher(paths("/api/v1/**"))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                // an API key is the only way in: no anonymous principal (no key is a 401), nothing to log out of or wrap
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .servletApi(api -> api.disable())
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys), AuthorizationFilter.class)
                .addFilterBefore(new TenantSessionFilter(signIn), AuthorizationFilter.class)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .authorizeHttpRequests(auth -> auth.anyRequest().hasRole("API"))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> Problems.write(response,
                                HttpStatus.UNAUTHORIZED, "unauthenticated",
                                "Send a tenant API key as 'Authorization: Bearer fmk_...'; create one in Settings > API keys"))
                        .accessDeniedHandler((request, response, e) -> Problems.write(response,
                                HttpStatus.FORBIDDEN, "forbidden", "This API key may not do that")))
                .build();
    }

    /**
     * The REST API's OpenAPI description ({@code /api/v1/openapi.json}) and its browsable page ({@code /swagger-ui/**}):
     * public, as the API's documentation is; stateless, no session, nothing to sign in to.
     */
    @Bean
    @Order(-1)
    SecurityFilterChain apiDescriptionChain(HttpSecurity http) throws Exception {
        return http
                .securityMatcher(paths("/api/v1/openapi.json", "/api/v1/openapi.json/**", "/swagger-ui.html", "/swagger-ui/**"))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
                                + "style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .build();
    }

    /**
     * Incoming webhooks ({@code /hooks/**}): anyone may call them; the unguessable token and the signature (checked
     * by the trigger) are the authentication. Stateless, no CSRF (senders are servers), no session.
     */
    @Bean
    @Order(0)
    SecurityFilterChain webhookChain(HttpSecurity http) throws Exception {
        return http
                .securityMatcher(paths("/hooks/**"))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .anonymous(anonymous -> anonymous.disable())
                // nothing to authorize, log out of or wrap: the hot path of ingestion keeps only the header writer
                .logout(logout -> logout.disable())
                .servletApi(api -> api.disable())
                .exceptionHandling(handling -> handling.disable())
                .build();
    }

    /** The OAuth2 error code of a single sign-on by someone who has no account here (already audited). */
    private static final String NO_ACCOUNT = "no_account";

    @Bean
    @Order(2)
    SecurityFilterChain appChain(HttpSecurity http, SignInService signIn, SsoAccounts ssoAccounts, SignInFailures signInFailures,
                                 ObjectProvider<ClientRegistrationRepository> clientRegistrations,
                                 @Value("${flowmeter.sso.registration-id}") String ssoRegistration,
                                 @Value("${flowmeter.base-url}") String baseUrl) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                .requestMatchers(new AntPathRequestMatcher("/actuator/health/**"), new AntPathRequestMatcher("/actuator/health"))
                .permitAll()
                .requestMatchers(new AntPathRequestMatcher("/actuator/**")).hasRole(FlowmeterPrincipal.PLATFORM_ADMIN)
                .requestMatchers(new AntPathRequestMatcher("/images/**"), new AntPathRequestMatcher("/icons/**"))
                .permitAll()
                // OAuth2 providers send people back here; the single-use state, not the session, authorizes it
                .requestMatchers(new AntPathRequestMatcher("/connections/oauth/callback")).permitAll());
        http.addFilterBefore(new TenantSessionFilter(signIn), AuthorizationFilter.class);
        http.addFilterBefore(new SameOriginLoginFilter("/login", baseUrl), CsrfFilter.class);
        http.headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(APP_CONTENT_SECURITY_POLICY))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)));
        if (clientRegistrations.getIfAvailable() != null) {
            SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
            var failure = new SimpleUrlAuthenticationFailureHandler("/login?error");
            http.oauth2Login(oauth -> oauth
                    .loginPage("/login")
                    .userInfoEndpoint(info -> info.oidcUserService(ssoUserService(ssoAccounts, signInFailures)))
                    .failureHandler((request, response, failed) -> {
                        // refusals of a named person were recorded where they were decided; the rest here
                        if (!(failed instanceof OAuth2AuthenticationException oauth2 && NO_ACCOUNT.equals(oauth2.getError().getErrorCode()))) {
                            signInFailures.ssoFailed(null, failed instanceof OAuth2AuthenticationException oauth2
                                    ? oauth2.getError().getErrorCode() : failed.getClass().getSimpleName());
                        }
                        failure.onAuthenticationFailure(request, response, failed);
                    })
                    .successHandler((request, response, authentication) -> {
                        try {
                            var user = ssoAccounts.resolve((OidcUser) authentication.getPrincipal());
                            Authentication signedIn = signIn.authenticate(user, "single sign-on");
                            var context = SecurityContextHolder.createEmptyContext();
                            context.setAuthentication(signedIn);
                            SecurityContextHolder.setContext(context);
                            contexts.saveContext(context, request, response);
                            response.sendRedirect(request.getContextPath() + "/");
                        } catch (AuthenticationException refused) {
                            SecurityContextHolder.clearContext();
                            failure.onAuthenticationFailure(request, response, refused);
                        }
                    }));
        }
        http.with(vaadin(), vaadin -> vaadin.loginView("login", "/login"));
        return http.build();
    }

    /** Checks the account mapping while still inside the OIDC flow, so refusals reach the login page. */
    private static OidcUserService ssoUserService(SsoAccounts accounts, SignInFailures failures) {
        var delegate = new OidcUserService();
        return new OidcUserService() {
            @Override
            public OidcUser loadUser(OidcUserRequest request) {
                OidcUser user = delegate.loadUser(request);
                try {
                    accounts.resolve(user);
                } catch (SignInRefusedException refused) {
                    failures.ssoFailed(user.getEmail(), Boolean.FALSE.equals(user.getEmailVerified()) ? "email not verified"
                            : user.getEmail() == null ? "no email shared" : "no account");
                    throw new OAuth2AuthenticationException(new OAuth2Error(NO_ACCOUNT), refused.getMessage(), refused);
                }
                return user;
            }
        };
    }
}
