package io.flowmeter.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import oidc.testserver.TestAuthorizationServer;
import org.junit.jupiter.api.AfterEach;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * Every integration test extends this, so they all share one Spring context: one embedded PostgreSQL,
 * real JobRunr, a real servlet container on a random port, a real SMTP server (GreenMail) that the app
 * sends invitations to, and a real OpenID Connect provider for single sign-on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest {

    protected static final GreenMail SMTP = startSmtp();
    protected static final int OIDC_PROVIDER_PORT = freePort();
    private static final ConfigurableApplicationContext OIDC_PROVIDER = TestAuthorizationServer.start(OIDC_PROVIDER_PORT);
    /** Slack's Web API, stood in for by a replay server: a test queues Slack's documented answers and reads what was sent. */
    protected static final ReplayServer SLACK = startReplay();
    /** Stripe, GitHub, Google, OpenAI, Discord and a plain API, stood in for by one local server (the templates call them). */
    protected static final VendorStandIn VENDORS = startVendors();

    @DynamicPropertySource
    static void externalServers(DynamicPropertyRegistry registry) {
        registry.add("flowmeter.connectors.slack.base-url", () -> SLACK.url() + "/api");
        registry.add("flowmeter.connectors.stripe.base-url", () -> VENDORS.url() + "/stripe");
        registry.add("flowmeter.connectors.github.base-url", () -> VENDORS.url() + "/github");
        registry.add("flowmeter.connectors.google.sheets-url", () -> VENDORS.url() + "/sheets");
        registry.add("flowmeter.connectors.google.gmail-url", () -> VENDORS.url() + "/gmail");
        registry.add("flowmeter.connectors.openai.base-url", () -> VENDORS.url() + "/openai");
        registry.add("flowmeter.mail.host", () -> "127.0.0.1");
        registry.add("flowmeter.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("flowmeter.mail.starttls", () -> "false");
        String registration = "spring.security.oauth2.client.registration.sso.";
        registry.add(registration + "client-id", () -> TestAuthorizationServer.CLIENT_ID);
        registry.add(registration + "client-secret", () -> TestAuthorizationServer.CLIENT_SECRET);
        registry.add(registration + "scope", () -> "openid,profile,email");
        registry.add("spring.security.oauth2.client.provider.sso.issuer-uri", () -> "http://localhost:" + OIDC_PROVIDER_PORT);
        // an OAuth2 provider connections sign in to: the same authorization server, its "connect" app
        String acme = "flowmeter.oauth.providers.acme.";
        String provider = "http://localhost:" + OIDC_PROVIDER_PORT;
        registry.add(acme + "display-name", () -> "Acme ID");
        registry.add(acme + "authorization-uri", () -> provider + "/oauth2/authorize");
        registry.add(acme + "token-uri", () -> provider + "/oauth2/token");
        registry.add(acme + "scopes", () -> "openid,profile,email");
        registry.add(acme + "client-id", () -> TestAuthorizationServer.CONNECT_CLIENT_ID);
        registry.add(acme + "client-secret", () -> TestAuthorizationServer.CONNECT_CLIENT_SECRET);
        registry.add(acme + "test-uri", () -> provider + "/userinfo");
        registry.add(acme + "revocation-uri", () -> provider + "/oauth2/revoke");
        registry.add("flowmeter.sso.auto-join-tenant", () -> "sso-team");
        registry.add("flowmeter.sso.auto-join-role", () -> "operator");
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private static ReplayServer startReplay() {
        try {
            return new ReplayServer();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static VendorStandIn startVendors() {
        try {
            return new VendorStandIn();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GreenMail startSmtp() {
        var greenMail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return greenMail;
    }

    protected static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
