package io.flowmeter.e2e;

import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import io.flowmeter.support.BrowserTest;
import io.flowmeter.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * An admin adds an API-key connection (and tests it against a local service) and an OAuth2 connection (signing
 * in at the real authorization server started for the tests and granting consent) through the hub.
 */
class ConnectionsHubE2ETest extends BrowserTest {

    static final String TOKEN = "tok_e2e_0123456789";

    @Autowired TestData data;
    HttpServer service;

    @BeforeEach
    void startService() throws Exception {
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/me", exchange -> {
            boolean ok = ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (ok ? "{\"user\": \"billing\"}" : "{\"error\": \"unauthorized\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.start();
    }

    @AfterEach
    void stopService() {
        service.stop(0);
    }

    @Test
    void anAdminConnectsAnApiKeyAccountAndAnOAuthAccount() {
        var owner = data.newTenant("hub-e2e");
        page.navigate(url("/connections"));
        signIn(page, owner.user().getEmail(), TestData.PASSWORD);
        page.navigate(url("/connections"));
        assertThat(page.getByText("No connections yet")).isVisible();

        // an API token, with a test URL, tested from the list
        page.locator("#new-connection").click();
        page.locator("#connection-name input").fill("Billing API");
        page.locator("#connection-token input").fill(TOKEN);
        page.locator("#connection-test-url input").fill("http://127.0.0.1:" + service.getAddress().getPort() + "/me");
        page.locator("#connection-save").click();
        var billing = page.locator("vaadin-grid-cell-content", new Page.LocatorOptions().setHasText("Billing API"));
        assertThat(billing.first()).isVisible();
        page.locator("vaadin-button[aria-label='Test Billing API']").click();
        assertThat(page.locator("vaadin-notification-card").last()).containsText("accepted the credentials");

        // an OAuth2 account: off to the provider, sign in, grant, and back to the hub
        page.locator("#new-connection").click();
        page.locator("#connection-service").click();
        page.locator("vaadin-select-item", new Page.LocatorOptions().setHasText("Acme ID")).first().click();
        page.locator("#connection-name input").fill("Acme account");
        page.locator("#connection-save").click();
        page.waitForURL(url -> url.startsWith("http://localhost:" + OIDC_PROVIDER_PORT + "/login"));
        page.locator("input[name=username]").fill("ada");
        page.locator("input[name=password]").fill("ada-password-1");
        page.locator("button[type=submit]").click();
        page.waitForURL(url -> url.contains("/oauth2/authorize") || url.contains("/connections"));
        if (page.url().contains("/oauth2/authorize")) { // consent is asked the first time only
            page.locator("input[name=scope]").all().forEach(box -> box.check());
            page.locator("#submit-consent").click();
        }
        page.waitForURL(url -> url.startsWith(url("/connections")));
        assertThat(page.locator("vaadin-notification-card").last()).containsText("Acme account is connected");
        var acme = page.locator("vaadin-grid-cell-content", new Page.LocatorOptions().setHasText("Acme ID"));
        assertThat(acme.first()).isVisible();
        assertThat(page.locator("#connection-details")).containsText("Granted scopes");
        assertThat(page.locator("vaadin-grid-cell-content", new Page.LocatorOptions().setHasText("Connected"))).hasCount(2);

        // its Test calls the provider's userinfo endpoint with the token
        page.locator("vaadin-button[aria-label='Test Acme account']").click();
        assertThat(page.locator("vaadin-notification-card").last()).containsText("accepted the credentials");
    }
}
