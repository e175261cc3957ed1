package io.flowmeter.identity;

import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Browser-facing protections: same-origin sign-in, security headers, the session cookie's attributes. */
class WebHygieneIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> login(String email, String password, String origin) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + email + "&password=" + password));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSignInPostedFromAnotherSiteIsRefused() throws Exception {
        var owner = data.newTenant("hygiene");
        String email = owner.user().getEmail();
        assertThat(login(email, TestData.PASSWORD, "https://evil.example").statusCode()).isEqualTo(403);
        assertThat(login(email, TestData.PASSWORD, "null").statusCode()).isEqualTo(403);
        var own = login(email, TestData.PASSWORD, "http://localhost:" + port);
        assertThat(own.statusCode()).isEqualTo(302);
        assertThat(own.headers().firstValue("Location").orElse("")).doesNotContain("error", "jsessionid");
        assertThat(login(email, TestData.PASSWORD, "http://localhost:8080").statusCode()).as("the public base URL").isEqualTo(302);
        assertThat(login(email, TestData.PASSWORD, null).statusCode()).as("not a browser").isEqualTo(302);
    }

    @Test
    void pagesCarrySecurityHeadersAndTheSessionCookieIsLaxAndHttpOnly() throws Exception {
        var page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "form-action 'self'");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("strict-origin-when-cross-origin");
        List<String> cookies = page.headers().allValues("Set-Cookie");
        assertThat(cookies).filteredOn(c -> c.startsWith("JSESSIONID=")).isNotEmpty()
                .allSatisfy(c -> assertThat(c).contains("HttpOnly", "SameSite=Lax"));

        var redirect = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/workflows")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.headers().firstValue("Location").orElse("")).doesNotContain("jsessionid");
        var api = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tenant")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }
}
